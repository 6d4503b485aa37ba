package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.StateMachine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One state machine as CreateStateMachine/UpdateStateMachine left it (spec §2.1–2.3). */
final class StateMachineRecord {
    final String arn;
    final String name;
    final String type;
    final Instant creationDate;
    String definition;
    String roleArn;
    String revisionId;
    Instant updateDate;
    JsonNode logging;
    JsonNode tracing;
    StateMachine parsed;
    final Map<String, String> tags = new LinkedHashMap<>();

    StateMachineRecord(String arn, String name, String type, Instant creationDate) {
        this.arn = arn;
        this.name = name;
        this.type = type;
        this.creationDate = creationDate;
    }

    boolean express() {
        return "EXPRESS".equals(type);
    }

    synchronized ObjectNode toJson() {
        ObjectNode n = Json.object("arn", arn, "name", name, "type", type, "creationDate", creationDate.toString(),
                "definition", definition, "roleArn", roleArn, "revisionId", revisionId,
                "updateDate", updateDate == null ? null : updateDate.toString());
        n.set("logging", logging);
        n.set("tracing", tracing);
        n.set("tags", Json.MAPPER.valueToTree(tags));
        return n;
    }

    static StateMachineRecord fromJson(JsonNode n) {
        StateMachineRecord r = new StateMachineRecord(n.get("arn").asText(), n.get("name").asText(), n.get("type").asText(),
                Instant.parse(n.get("creationDate").asText()));
        r.definition = n.get("definition").asText();
        r.roleArn = n.path("roleArn").asText(null);
        r.revisionId = n.path("revisionId").asText(null);
        r.updateDate = n.hasNonNull("updateDate") ? Instant.parse(n.get("updateDate").asText()) : null;
        r.logging = n.get("logging");
        r.tracing = n.get("tracing");
        n.path("tags").fields().forEachRemaining(e -> r.tags.put(e.getKey(), e.getValue().asText()));
        return r;
    }
}
