package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stack's state: what DescribeStacks, DescribeStackEvents and DescribeStackResources report, and what the
 * engine needs to update or delete it. Mutated only by the engine, under the stack's own lock; saved as JSON.
 */
final class Stack {
    /** One resource as the stack records it. */
    static final class Resource {
        String logicalId;
        String type;
        String physicalId;
        String status;
        String reason;
        Instant timestamp;
        JsonNode properties;
        Provisioned provisioned;
        String deletionPolicy = "Delete";
        /** The template's Metadata for the resource, as JSON text (DescribeStackResource returns it). */
        String metadata;
        /** The resources this one refers to or depends on: they are deleted after it. */
        List<String> dependsOn = new ArrayList<>();

        ObjectNode toJson() {
            ObjectNode node = Json.object("logicalId", logicalId, "type", type, "physicalId", physicalId, "status", status,
                    "reason", reason, "timestamp", timestamp.toEpochMilli(), "deletionPolicy", deletionPolicy,
                    "dependsOn", dependsOn, "metadata", metadata);
            node.set("properties", properties);
            if (provisioned != null) {
                node.set("provisioned", Json.object("physicalId", provisioned.physicalId(), "ref", provisioned.ref(),
                        "attributes", provisioned.attributes()));
            }
            return node;
        }

        static Resource fromJson(JsonNode node) {
            Resource r = new Resource();
            r.logicalId = node.path("logicalId").asText();
            r.type = node.path("type").asText();
            r.physicalId = node.path("physicalId").asText(null);
            r.status = node.path("status").asText();
            r.reason = node.path("reason").asText(null);
            r.timestamp = Instant.ofEpochMilli(node.path("timestamp").asLong());
            r.properties = node.get("properties");
            r.deletionPolicy = node.path("deletionPolicy").asText("Delete");
            node.path("dependsOn").forEach(d -> r.dependsOn.add(d.asText()));
            r.metadata = node.path("metadata").asText(null);
            JsonNode p = node.get("provisioned");
            if (p != null) {
                r.provisioned = new Provisioned(p.path("physicalId").asText(), p.path("ref").asText(),
                        (ObjectNode) p.path("attributes"));
            }
            return r;
        }
    }

    record Event(String eventId, String logicalId, String physicalId, String type, Instant timestamp, String status,
                 String reason, String properties) {
        ObjectNode toJson() {
            return Json.object("eventId", eventId, "logicalId", logicalId, "physicalId", physicalId, "type", type,
                    "timestamp", timestamp.toEpochMilli(), "status", status, "reason", reason, "properties", properties);
        }

        static Event fromJson(JsonNode n) {
            return new Event(n.path("eventId").asText(), n.path("logicalId").asText(), n.path("physicalId").asText(null),
                    n.path("type").asText(), Instant.ofEpochMilli(n.path("timestamp").asLong()), n.path("status").asText(),
                    n.path("reason").asText(null), n.path("properties").asText(null));
        }
    }

    record Output(String key, String value, String description, String exportName) {
    }

    /** A change set: a proposed create or update, executed later (AWS, "Updating stacks using change sets"). */
    static final class ChangeSet {
        String name;
        String id;
        String type;
        String status;
        String statusReason;
        String executionStatus;
        String description;
        Instant created;
        String templateBody;
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> capabilities = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
        ArrayNode changes = Json.MAPPER.createArrayNode();

        ObjectNode toJson() {
            ObjectNode node = Json.object("name", name, "id", id, "type", type, "status", status, "statusReason", statusReason,
                    "executionStatus", executionStatus, "description", description, "created", created.toEpochMilli(),
                    "templateBody", templateBody, "parameters", parameters, "capabilities", capabilities, "tags", tags);
            node.set("changes", changes);
            return node;
        }

        static ChangeSet fromJson(JsonNode n) {
            ChangeSet c = new ChangeSet();
            c.name = n.path("name").asText();
            c.id = n.path("id").asText();
            c.type = n.path("type").asText();
            c.status = n.path("status").asText();
            c.statusReason = n.path("statusReason").asText(null);
            c.executionStatus = n.path("executionStatus").asText();
            c.description = n.path("description").asText(null);
            c.created = Instant.ofEpochMilli(n.path("created").asLong());
            c.templateBody = n.path("templateBody").asText();
            n.path("parameters").fields().forEachRemaining(e -> c.parameters.put(e.getKey(), e.getValue().asText()));
            n.path("capabilities").forEach(x -> c.capabilities.add(x.asText()));
            n.path("tags").fields().forEachRemaining(e -> c.tags.put(e.getKey(), e.getValue().asText()));
            c.changes = n.has("changes") ? (ArrayNode) n.get("changes") : Json.MAPPER.createArrayNode();
            return c;
        }
    }

    String name;
    String id;
    String region;
    String status;
    String statusReason;
    String description;
    Instant created;
    Instant lastUpdated;
    Instant deleted;
    boolean disableRollback;
    String templateBody;
    /** Parameter values as given or defaulted (NoEcho ones are masked only on the way out). */
    Map<String, String> parameters = new LinkedHashMap<>();
    List<String> capabilities = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();
    List<Output> outputs = new ArrayList<>();
    /** In creation order; deletion goes backwards. */
    Map<String, Resource> resources = new LinkedHashMap<>();
    List<Event> events = new ArrayList<>();
    Map<String, ChangeSet> changeSets = new LinkedHashMap<>();
    /** An update's new template, capabilities and tags between the API call and the worker taking it (not saved). */
    String pendingTemplate;
    List<String> pendingCapabilities = List.of();
    Map<String, String> pendingTags;

    boolean inProgress() {
        return status.endsWith("_IN_PROGRESS");
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object("name", name, "id", id, "region", region, "status", status, "statusReason", statusReason,
                "description", description, "created", created.toEpochMilli(),
                "lastUpdated", lastUpdated == null ? null : lastUpdated.toEpochMilli(),
                "deleted", deleted == null ? null : deleted.toEpochMilli(), "disableRollback", disableRollback,
                "templateBody", templateBody, "parameters", parameters, "capabilities", capabilities, "tags", tags);
        ArrayNode outs = node.putArray("outputs");
        outputs.forEach(o -> outs.add(Json.object("key", o.key(), "value", o.value(), "description", o.description(),
                "exportName", o.exportName())));
        ArrayNode res = node.putArray("resources");
        resources.values().forEach(r -> res.add(r.toJson()));
        ArrayNode evs = node.putArray("events");
        events.forEach(e -> evs.add(e.toJson()));
        ArrayNode cs = node.putArray("changeSets");
        changeSets.values().forEach(c -> cs.add(c.toJson()));
        return node;
    }

    static Stack fromJson(JsonNode n) {
        Stack s = new Stack();
        s.name = n.path("name").asText();
        s.id = n.path("id").asText();
        s.region = n.path("region").asText();
        s.status = n.path("status").asText();
        s.statusReason = n.path("statusReason").asText(null);
        s.description = n.path("description").asText(null);
        s.created = Instant.ofEpochMilli(n.path("created").asLong());
        s.lastUpdated = n.hasNonNull("lastUpdated") ? Instant.ofEpochMilli(n.get("lastUpdated").asLong()) : null;
        s.deleted = n.hasNonNull("deleted") ? Instant.ofEpochMilli(n.get("deleted").asLong()) : null;
        s.disableRollback = n.path("disableRollback").asBoolean();
        s.templateBody = n.path("templateBody").asText(null);
        n.path("parameters").fields().forEachRemaining(e -> s.parameters.put(e.getKey(), e.getValue().asText()));
        n.path("capabilities").forEach(x -> s.capabilities.add(x.asText()));
        n.path("tags").fields().forEachRemaining(e -> s.tags.put(e.getKey(), e.getValue().asText()));
        n.path("outputs").forEach(o -> s.outputs.add(new Output(o.path("key").asText(), o.path("value").asText(),
                o.path("description").asText(null), o.path("exportName").asText(null))));
        n.path("resources").forEach(r -> {
            Resource resource = Resource.fromJson(r);
            s.resources.put(resource.logicalId, resource);
        });
        n.path("events").forEach(e -> s.events.add(Event.fromJson(e)));
        n.path("changeSets").forEach(c -> {
            ChangeSet changeSet = ChangeSet.fromJson(c);
            s.changeSets.put(changeSet.name, changeSet);
        });
        return s;
    }
}
