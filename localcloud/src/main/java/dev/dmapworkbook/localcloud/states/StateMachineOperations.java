package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.states.asl.StateMachine;
import dev.dmapworkbook.localcloud.states.query.VariableReferences;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import static dev.dmapworkbook.localcloud.states.Requests.out;
import static dev.dmapworkbook.localcloud.states.Requests.page;
import static dev.dmapworkbook.localcloud.states.Requests.required;
import static dev.dmapworkbook.localcloud.states.Requests.validation;

/**
 * The state machine operations (spec §2.1-§2.6): CreateStateMachine, UpdateStateMachine, DescribeStateMachine (also
 * of a Map Run's child state machine), ListStateMachines, DeleteStateMachine, ValidateStateMachineDefinition.
 */
final class StateMachineOperations {
    private final StatesEngine engine;
    private final ExecutionStore store;

    StateMachineOperations(StatesEngine engine) {
        this.engine = engine;
        this.store = engine.store();
    }

    JsonNode createStateMachine(JsonNode in, String region) {
        String name = required(in, "name");
        String definition = required(in, "definition");
        String roleArn = required(in, "roleArn");
        String type = in.path("type").asText("STANDARD");
        if (!type.equals("STANDARD") && !type.equals("EXPRESS")) {
            throw validation("Value '" + type + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }
        if (in.has("versionDescription") && !in.path("publish").asBoolean()) {
            throw StatesError.VALIDATION.exception("Version description can only be set when publish is true");
        }
        if (in.path("publish").asBoolean()) {
            throw StatesError.VALIDATION.exception("Publishing state machine versions is not supported by this local cloud");
        }
        Arns.checkName(name);
        StateMachine parsed = parse(definition, type.equals("EXPRESS"));
        String arn = Arns.stateMachine(region, name);
        StateMachineRecord r = new StateMachineRecord(arn, name, type, engine.clock().instant());
        r.definition = definition;
        r.roleArn = roleArn;
        r.logging = in.has("loggingConfiguration") ? in.get("loggingConfiguration")
                : Json.object("level", "OFF", "includeExecutionData", false);
        r.tracing = in.has("tracingConfiguration") ? in.get("tracingConfiguration") : Json.object("enabled", false);
        r.parsed = parsed;
        for (JsonNode t : in.path("tags")) {
            r.tags.put(t.path("key").asText(), t.path("value").asText());
        }
        StateMachineRecord existing = store.putMachineIfAbsent(r);
        if (existing != null) {
            synchronized (existing) {
                if (existing.definition.equals(definition) && existing.type.equals(type) && Objects.equals(existing.roleArn, roleArn)
                        && Objects.equals(existing.logging, r.logging) && Objects.equals(existing.tracing, r.tracing)) {
                    return out("stateMachineArn", existing.arn, "creationDate", ExecutionRecord.epoch(existing.creationDate));
                }
            }
            throw StatesError.STATE_MACHINE_ALREADY_EXISTS.exception("State Machine Already Exists: '" + arn + "'");
        }
        return out("stateMachineArn", arn, "creationDate", ExecutionRecord.epoch(r.creationDate));
    }

    StateMachine parse(String definition, boolean express) {
        if (definition.length() > 1_048_576) {
            throw validation("Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576");
        }
        try {
            return engine.parser().parse(definition, express);
        } catch (DefinitionException e) {
            throw StatesError.INVALID_DEFINITION.exception(e.awsMessage());
        }
    }

    StateMachineRecord machine(JsonNode in) {
        String arn = required(in, "stateMachineArn");
        Arns.stateMachineName(arn);
        return store.machine(arn).orElseThrow(() -> StatesError.noStateMachine(arn));
    }

    JsonNode updateStateMachine(JsonNode in) {
        StateMachineRecord r = machine(in);
        if (!in.has("definition") && !in.has("roleArn") && !in.has("loggingConfiguration") && !in.has("tracingConfiguration")) {
            throw StatesError.MISSING_REQUIRED_PARAMETER.exception(
                    "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        }
        if (in.path("publish").asBoolean()) {
            throw StatesError.VALIDATION.exception("Publishing state machine versions is not supported by this local cloud");
        }
        StateMachine parsed = in.has("definition") ? parse(in.get("definition").asText(), r.express()) : null;
        Instant now = engine.clock().instant();
        synchronized (r) {
            if (parsed != null) {
                r.definition = in.get("definition").asText();
                r.parsed = parsed;
            }
            if (in.has("roleArn")) {
                r.roleArn = in.get("roleArn").asText();
            }
            if (in.has("loggingConfiguration")) {
                r.logging = in.get("loggingConfiguration");
            }
            if (in.has("tracingConfiguration")) {
                r.tracing = in.get("tracingConfiguration");
            }
            r.updateDate = now;
            r.revisionId = UUID.randomUUID().toString();
            store.machineChanged(r);
        }
        return out("updateDate", ExecutionRecord.epoch(now), "revisionId", r.revisionId);
    }

    JsonNode describeStateMachine(JsonNode in) {
        String arn = required(in, "stateMachineArn");
        if (Arns.stateMachineName(arn).contains("/")) {
            return describeMapRunStateMachine(arn);
        }
        StateMachineRecord r = machine(in);
        synchronized (r) {
            ObjectNode n = out("stateMachineArn", r.arn, "name", r.name, "status", "ACTIVE", "definition", r.definition,
                    "roleArn", r.roleArn, "type", r.type, "creationDate", ExecutionRecord.epoch(r.creationDate));
            n.set("loggingConfiguration", r.logging);
            n.set("tracingConfiguration", r.tracing);
            if (r.revisionId != null) {
                n.put("revisionId", r.revisionId);
            }
            variableReferences(n, r.definition);
            return n;
        }
    }

    /** A Map Run's child state machine ({@code …:stateMachine:<sm>/<label>}, spec §2.3): the ItemProcessor and its label. */
    JsonNode describeMapRunStateMachine(String arn) {
        ExecutionRecord child = store.executions(e -> arn.equals(e.stateMachineArn) && e.mapRunArn != null).stream()
                .reduce((newer, older) -> older).orElseThrow(() -> StatesError.noStateMachine(arn));
        ObjectNode n = out("stateMachineArn", arn, "name", Arns.stateMachineName(arn), "status", "ACTIVE",
                "definition", child.definition, "roleArn", child.roleArn, "type", child.express ? "EXPRESS" : "STANDARD",
                "creationDate", ExecutionRecord.epoch(child.startDate), "label", child.label);
        n.set("loggingConfiguration", Json.object("level", "OFF", "includeExecutionData", false));
        n.set("tracingConfiguration", Json.object("enabled", false));
        variableReferences(n, child.definition);
        return n;
    }

    /** {@code variableReferences}, present only when a state reads a variable (API reference, DescribeStateMachine). */
    static void variableReferences(ObjectNode answer, String definition) {
        if (definition == null) {
            return;
        }
        ObjectNode references = VariableReferences.of(Json.parse(definition));
        if (!references.isEmpty()) {
            answer.set("variableReferences", references);
        }
    }

    JsonNode listStateMachines(JsonNode in) {
        return page(in, store.machines(), "stateMachines", r -> out("stateMachineArn", r.arn, "name", r.name, "type", r.type,
                "creationDate", ExecutionRecord.epoch(r.creationDate)), 1024);
    }

    JsonNode deleteStateMachine(JsonNode in) {
        String arn = required(in, "stateMachineArn");
        Arns.stateMachineName(arn);
        store.deleteMachine(arn);
        return Json.object();
    }

    /** ValidateStateMachineDefinition (spec §2.6): HTTP 200 with diagnostics, even for an invalid definition. */
    JsonNode validate(JsonNode in) {
        String definition = in.path("definition").asText("");
        String type = in.path("type").asText("STANDARD");
        if (!type.equals("STANDARD") && !type.equals("EXPRESS")) {
            throw validation("Value '" + type + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }
        String severity = in.path("severity").asText("ERROR");
        if (!severity.equals("ERROR") && !severity.equals("WARNING")) {
            throw validation("Value '" + severity + "' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]");
        }
        int max = in.path("maxResults").asInt(0);
        if (max < 0 || max > 100) {
            throw validation("Value '" + max + "' at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 100");
        }
        ArrayNode diagnostics = Json.MAPPER.createArrayNode();
        boolean truncated = false;
        try {
            engine.parser().parse(definition, type.equals("EXPRESS"));
        } catch (DefinitionException e) {
            for (DefinitionException.Problem p : e.problems()) {
                if (max > 0 && diagnostics.size() == max) {
                    truncated = true;
                    break;
                }
                diagnostics.add(out("severity", "ERROR", "code", p.code(), "message", p.message(), "location", p.location()));
            }
        }
        // This parser reports errors only (no WARNING diagnostics), so either severity gives the same list.
        ObjectNode n = out("result", diagnostics.isEmpty() ? "OK" : "FAIL");
        n.set("diagnostics", diagnostics);
        n.put("truncated", truncated);
        return n;
    }
}
