package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CloudFormation's read operations (DescribeStacks, ListStacks, DescribeStackEvents, the resources, templates,
 * change sets and exports): what the {@link StackEngine} holds, read under each stack's lock, as the awsQuery
 * members {@link CloudFormationService} encodes.
 */
final class StackDescriptions {
    private static final int EVENTS_PER_PAGE = 100;

    private final StackEngine engine;
    /** TemplateBody, or the text at TemplateURL (ValidateTemplate, GetTemplateSummary). */
    private final Function<Form, String> templateBody;

    StackDescriptions(StackEngine engine, Function<Form, String> templateBody) {
        this.engine = engine;
        this.templateBody = templateBody;
    }

    JsonNode describeStacks(Form form) {
        String name = form.get("StackName", null);
        return describe(name == null ? new ArrayList<>(engine.stacks().liveStacks()) : List.of(engine.stacks().find(name)));
    }

    JsonNode describe(List<Stack> stacks) {
        ArrayNode members = Json.MAPPER.createArrayNode();
        for (Stack stack : stacks) {
            members.add(engine.read(stack, this::stack));
        }
        return Json.object("Stacks", members);
    }

    ObjectNode stack(Stack s) {
        Template.Parameter[] none = {};
        Map<String, Template.Parameter> declared = declaredParameters(s);
        ArrayNode parameters = Json.MAPPER.createArrayNode();
        s.parameters.forEach((k, v) -> {
            Template.Parameter p = declared.get(k);
            parameters.add(Json.object("ParameterKey", k, "ParameterValue", p != null && p.noEcho() ? "****" : v));
        });
        ArrayNode outputs = Json.MAPPER.createArrayNode();
        s.outputs.forEach(o -> outputs.add(Json.object("OutputKey", o.key(), "OutputValue", o.value(),
                "Description", o.description(), "ExportName", o.exportName())));
        ObjectNode node = Json.object("StackId", s.id, "StackName", s.name, "Description", s.description);
        node.set("Parameters", parameters);
        node.put("CreationTime", time(s.created));
        if (s.deleted != null) {
            node.put("DeletionTime", time(s.deleted));
        }
        if (s.lastUpdated != null) {
            node.put("LastUpdatedTime", time(s.lastUpdated));
        }
        node.put("StackStatus", s.status);
        if (s.statusReason != null) {
            node.put("StackStatusReason", s.statusReason);
        }
        node.put("DisableRollback", s.disableRollback);
        node.putArray("NotificationARNs");
        ArrayNode capabilities = node.putArray("Capabilities");
        s.capabilities.forEach(capabilities::add);
        node.set("Outputs", outputs);
        node.set("Tags", tags(s.tags));
        node.put("EnableTerminationProtection", false);
        node.set("DriftInformation", Json.object("StackDriftStatus", "NOT_CHECKED"));
        return node;
    }

    static Map<String, Template.Parameter> declaredParameters(Stack s) {
        if (s.templateBody == null) {
            return Map.of();
        }
        try {
            return Template.parse(s.templateBody).parameters();
        } catch (TemplateError e) {
            return Map.of();
        }
    }

    JsonNode listStacks(Form form) {
        List<String> filter = form.list("StackStatusFilter");
        ArrayNode summaries = Json.MAPPER.createArrayNode();
        List<Stack> all = new ArrayList<>(engine.stacks().allStacks());
        all.sort(Comparator.comparing((Stack s) -> s.created).reversed());
        for (Stack stack : all) {
            ObjectNode summary = engine.read(stack, s -> {
                if (!filter.isEmpty() && !filter.contains(s.status)) {
                    return null;
                }
                ObjectNode n = Json.object("StackId", s.id, "StackName", s.name, "TemplateDescription", s.description,
                        "CreationTime", time(s.created), "LastUpdatedTime", s.lastUpdated == null ? null : time(s.lastUpdated),
                        "DeletionTime", s.deleted == null ? null : time(s.deleted), "StackStatus", s.status,
                        "StackStatusReason", s.statusReason);
                n.set("DriftInformation", Json.object("StackDriftStatus", "NOT_CHECKED"));
                return n;
            });
            if (summary != null) {
                summaries.add(summary);
            }
        }
        return Json.object("StackSummaries", summaries);
    }

    JsonNode describeStackEvents(Form form) {
        Stack stack = engine.stacks().find(form.required("StackName"));
        String token = form.get("NextToken", null);
        ObjectNode result = Json.object();
        ArrayNode events = engine.read(stack, s -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            // Newest first, 100 a page; the token is the position (from the oldest) of the next event to return, so
            // events added between pages do not shift the pages.
            int newest = s.events.size() - 1;
            int start = newest;
            if (token != null) {
                try {
                    start = Integer.parseInt(token);
                } catch (NumberFormatException e) {
                    throw CfnError.VALIDATION.exception("Invalid NextToken");
                }
            }
            int end = Math.max(-1, start - EVENTS_PER_PAGE);
            if (end >= 0) {
                result.put("NextToken", Integer.toString(end));
            }
            for (int i = Math.min(start, newest); i > end; i--) {
                Stack.Event e = s.events.get(i);
                list.add(Json.object("StackId", s.id, "EventId", e.eventId(), "StackName", s.name,
                        "LogicalResourceId", e.logicalId(), "PhysicalResourceId", e.physicalId(), "ResourceType", e.type(),
                        "Timestamp", time(e.timestamp()), "ResourceStatus", e.status(), "ResourceStatusReason", e.reason(),
                        "ResourceProperties", e.properties()));
            }
            return list;
        });
        result.set("StackEvents", events);
        return result;
    }

    JsonNode describeStackResources(Form form) {
        String stackName = form.get("StackName", null);
        String physicalId = form.get("PhysicalResourceId", null);
        String logicalId = form.get("LogicalResourceId", null);
        if (stackName == null && physicalId == null) {
            throw CfnError.VALIDATION.exception("Either StackName or PhysicalResourceId must be specified.");
        }
        List<Stack> stacks = stackName != null ? List.of(engine.stacks().find(stackName)) : new ArrayList<>(engine.stacks().liveStacks());
        ArrayNode members = Json.MAPPER.createArrayNode();
        for (Stack stack : stacks) {
            engine.read(stack, s -> {
                for (Stack.Resource r : s.resources.values()) {
                    if ((logicalId == null || logicalId.equals(r.logicalId)) && (physicalId == null || physicalId.equals(r.physicalId))) {
                        ObjectNode n = Json.object("StackName", s.name, "StackId", s.id, "LogicalResourceId", r.logicalId,
                                "PhysicalResourceId", r.physicalId, "ResourceType", r.type, "Timestamp", time(r.timestamp),
                                "ResourceStatus", r.status, "ResourceStatusReason", r.reason);
                        n.set("DriftInformation", Json.object("StackResourceDriftStatus", "NOT_CHECKED"));
                        members.add(n);
                    }
                }
                return null;
            });
        }
        return Json.object("StackResources", members);
    }

    JsonNode describeStackResource(Form form) {
        Stack stack = engine.stacks().find(form.required("StackName"));
        String logicalId = form.required("LogicalResourceId");
        ObjectNode detail = engine.read(stack, s -> {
            Stack.Resource r = s.resources.get(logicalId);
            if (r == null) {
                throw CfnError.VALIDATION.exception("Resource " + logicalId + " does not exist for stack " + s.name);
            }
            ObjectNode n = Json.object("StackName", s.name, "StackId", s.id, "LogicalResourceId", r.logicalId,
                    "PhysicalResourceId", r.physicalId, "ResourceType", r.type, "LastUpdatedTimestamp", time(r.timestamp),
                    "ResourceStatus", r.status, "ResourceStatusReason", r.reason, "Metadata", r.metadata == null ? "{}" : r.metadata);
            n.set("DriftInformation", Json.object("StackResourceDriftStatus", "NOT_CHECKED"));
            return n;
        });
        return Json.object("StackResourceDetail", detail);
    }

    JsonNode listStackResources(Form form) {
        Stack stack = engine.stacks().find(form.required("StackName"));
        ArrayNode members = engine.read(stack, s -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (Stack.Resource r : s.resources.values()) {
                ObjectNode n = Json.object("LogicalResourceId", r.logicalId, "PhysicalResourceId", r.physicalId,
                        "ResourceType", r.type, "LastUpdatedTimestamp", time(r.timestamp), "ResourceStatus", r.status,
                        "ResourceStatusReason", r.reason);
                n.set("DriftInformation", Json.object("StackResourceDriftStatus", "NOT_CHECKED"));
                list.add(n);
            }
            return list;
        });
        return Json.object("StackResourceSummaries", members);
    }

    JsonNode getTemplate(Form form) {
        String changeSetName = form.get("ChangeSetName", null);
        String body;
        if (changeSetName != null) {
            Stack.ChangeSet changeSet = engine.stacks().changeSet(changeSetName, form.get("StackName", null));
            body = changeSet.templateBody;
        } else {
            Stack stack = engine.stacks().find(form.required("StackName"));
            body = engine.read(stack, s -> s.templateBody);
        }
        ObjectNode result = Json.object("TemplateBody", body);
        result.putArray("StagesAvailable").add("Original").add("Processed");
        return result;
    }

    JsonNode validateTemplate(Form form) {
        Template template = engine.validate(templateBody.apply(form));
        ObjectNode result = Json.object();
        ArrayNode parameters = result.putArray("Parameters");
        template.parameters().values().forEach(p -> parameters.add(Json.object("ParameterKey", p.name(),
                "DefaultValue", p.defaultValue().orElse(null), "NoEcho", p.noEcho(), "Description", p.description().orElse(null))));
        result.put("Description", template.description());
        capabilities(template, result);
        result.putArray("DeclaredTransforms");
        return result;
    }

    JsonNode getTemplateSummary(Form form) {
        String stackName = form.get("StackName", null);
        String body = stackName != null ? engine.read(engine.stacks().find(stackName), s -> s.templateBody) : templateBody.apply(form);
        if (body == null) {
            throw CfnError.VALIDATION.exception("Stack " + stackName + " has no template yet");
        }
        Template template = engine.validate(body);
        ObjectNode result = Json.object();
        ArrayNode parameters = result.putArray("Parameters");
        template.parameters().values().forEach(p -> {
            ObjectNode n = Json.object("ParameterKey", p.name(), "DefaultValue", p.defaultValue().orElse(null),
                    "ParameterType", p.type(), "NoEcho", p.noEcho(), "Description", p.description().orElse(null));
            ObjectNode constraints = n.putObject("ParameterConstraints");
            ArrayNode allowed = constraints.putArray("AllowedValues");
            p.allowedValues().forEach(allowed::add);
            parameters.add(n);
        });
        result.put("Description", template.description());
        capabilities(template, result);
        ArrayNode types = result.putArray("ResourceTypes");
        template.resources().values().stream().map(Template.Resource::type).distinct().forEach(types::add);
        result.put("Version", "2010-09-09");
        result.putArray("DeclaredTransforms");
        return result;
    }

    static void capabilities(Template template, ObjectNode result) {
        ArrayNode capabilities = result.putArray("Capabilities");
        template.requiredCapability().ifPresent(c -> {
            capabilities.add(c);
            result.put("CapabilitiesReason", "The following resource(s) require capabilities: " + template.capabilityTypes());
        });
    }

    JsonNode describeChangeSet(Form form) {
        Stack.ChangeSet c = engine.stacks().changeSet(form.required("ChangeSetName"), form.get("StackName", null));
        Stack stack = engine.stacks().stackOf(c);
        return engine.read(stack, s -> {
            ObjectNode n = Json.object("ChangeSetName", c.name, "ChangeSetId", c.id, "StackId", s.id, "StackName", s.name,
                    "Description", c.description);
            ArrayNode parameters = n.putArray("Parameters");
            c.parameters.forEach((k, v) -> parameters.add(Json.object("ParameterKey", k, "ParameterValue", v)));
            n.put("CreationTime", time(c.created));
            n.put("ExecutionStatus", c.executionStatus);
            n.put("Status", c.status);
            if (c.statusReason != null) {
                n.put("StatusReason", c.statusReason);
            }
            n.putArray("NotificationARNs");
            ArrayNode capabilities = n.putArray("Capabilities");
            c.capabilities.forEach(capabilities::add);
            n.set("Tags", tags(c.tags));
            n.set("Changes", c.changes);
            n.put("IncludeNestedStacks", false);
            return n;
        });
    }

    JsonNode listChangeSets(Form form) {
        Stack stack = engine.stacks().find(form.required("StackName"));
        ArrayNode summaries = engine.read(stack, s -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (Stack.ChangeSet c : s.changeSets.values()) {
                list.add(Json.object("StackId", s.id, "StackName", s.name, "ChangeSetId", c.id, "ChangeSetName", c.name,
                        "ExecutionStatus", c.executionStatus, "Status", c.status, "StatusReason", c.statusReason,
                        "CreationTime", time(c.created), "Description", c.description, "IncludeNestedStacks", false));
            }
            return list;
        });
        return Json.object("Summaries", summaries);
    }

    JsonNode listExports() {
        ArrayNode exports = Json.MAPPER.createArrayNode();
        for (Stack stack : engine.stacks().liveStacks()) {
            engine.read(stack, s -> {
                s.outputs.stream().filter(o -> o.exportName() != null).forEach(o ->
                        exports.add(Json.object("ExportingStackId", s.id, "Name", o.exportName(), "Value", o.value())));
                return null;
            });
        }
        return Json.object("Exports", exports);
    }

    static ArrayNode tags(Map<String, String> tags) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        tags.forEach((k, v) -> list.add(Json.object("Key", k, "Value", v)));
        return list;
    }

    static String time(Instant instant) {
        return instant.toString();
    }
}
