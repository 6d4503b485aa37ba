package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMaps;
import dev.dmapworkbook.localcloud.states.asl.History;
import dev.dmapworkbook.localcloud.states.asl.StateMachine;
import dev.dmapworkbook.localcloud.states.asl.ErrorName;
import dev.dmapworkbook.localcloud.states.asl.Quotas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** The Step Functions operations (spec §2): decode the request, call the engine or store, encode the answer. */
final class StatesApi {
    private static final Set<String> STATUSES = Set.of("SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING");

    private final StatesEngine engine;
    private final ExecutionStore store;
    private volatile DistributedMaps distributed;

    StatesApi(StatesEngine engine) {
        this.engine = engine;
        this.store = engine.store();
    }

    void useDistributedMap(DistributedMaps support) {
        this.distributed = support;
    }

    JsonNode call(String operation, JsonNode in, String region) {
        return switch (operation) {
            case "CreateStateMachine" -> createStateMachine(in, region);
            case "UpdateStateMachine" -> updateStateMachine(in);
            case "DescribeStateMachine" -> describeStateMachine(in);
            case "ListStateMachines" -> listStateMachines(in);
            case "DeleteStateMachine" -> deleteStateMachine(in);
            case "ValidateStateMachineDefinition" -> validate(in);
            case "StartExecution" -> startExecution(in, false);
            case "StartSyncExecution" -> startExecution(in, true);
            case "DescribeExecution" -> describeExecution(in);
            case "ListExecutions" -> listExecutions(in);
            case "GetExecutionHistory" -> history(in);
            case "StopExecution" -> stopExecution(in);
            case "DescribeStateMachineForExecution" -> describeForExecution(in);
            case "TagResource" -> tag(in);
            case "UntagResource" -> untag(in);
            case "ListTagsForResource" -> listTags(in);
            case "ListMapRuns" -> {
                execution(in, false); // InvalidArn / ExecutionDoesNotExist before an empty list (spec §2.13)
                yield mapRunsShown(distributedApi(operation, in, region));
            }
            case "DescribeMapRun" -> mapRunsShown(distributedApi(operation, in, region));
            default -> distributedApi(operation, in, region);
        };
    }

    /** A Map Run answer shows figures the run may not have journaled yet: journal them before the answer goes out. */
    private JsonNode mapRunsShown(JsonNode out) {
        List<String> arns = new ArrayList<>();
        if (out.has("mapRunArn")) {
            arns.add(out.get("mapRunArn").asText());
        }
        out.path("mapRuns").forEach(run -> arns.add(run.path("mapRunArn").asText()));
        store.rejournalMapRuns(arns);
        return out;
    }

    /** The Map Run operations (ListMapRuns, DescribeMapRun, UpdateMapRun) belong to the Distributed Map support. */
    private JsonNode distributedApi(String operation, JsonNode in, String region) {
        DistributedMaps d = distributed;
        JsonNode out = d == null ? null : d.api(operation, in, region);
        if (out == null) {
            throw StatesError.UNKNOWN_OPERATION.exception("The local cloud does not implement Step Functions operation " + operation);
        }
        return out;
    }

    // ---- state machines ------------------------------------------------------------------------------------

    private JsonNode createStateMachine(JsonNode in, String region) {
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

    private StateMachine parse(String definition, boolean express) {
        if (definition.length() > 1_048_576) {
            throw validation("Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576");
        }
        try {
            return engine.parser().parse(definition, express);
        } catch (DefinitionException e) {
            throw StatesError.INVALID_DEFINITION.exception(e.awsMessage());
        }
    }

    private StateMachineRecord machine(JsonNode in) {
        String arn = required(in, "stateMachineArn");
        Arns.stateMachineName(arn);
        return store.machine(arn).orElseThrow(() -> StatesError.noStateMachine(arn));
    }

    private JsonNode updateStateMachine(JsonNode in) {
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

    private JsonNode describeStateMachine(JsonNode in) {
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
            return n;
        }
    }

    /** A Map Run's child state machine ({@code …:stateMachine:<sm>/<label>}, spec §2.3): the ItemProcessor and its label. */
    private JsonNode describeMapRunStateMachine(String arn) {
        ExecutionRecord child = store.executions(e -> arn.equals(e.stateMachineArn) && e.mapRunArn != null).stream()
                .reduce((newer, older) -> older).orElseThrow(() -> StatesError.noStateMachine(arn));
        ObjectNode n = out("stateMachineArn", arn, "name", Arns.stateMachineName(arn), "status", "ACTIVE",
                "definition", child.definition, "roleArn", child.roleArn, "type", child.express ? "EXPRESS" : "STANDARD",
                "creationDate", ExecutionRecord.epoch(child.startDate), "label", child.label);
        n.set("loggingConfiguration", Json.object("level", "OFF", "includeExecutionData", false));
        n.set("tracingConfiguration", Json.object("enabled", false));
        return n;
    }

    private JsonNode listStateMachines(JsonNode in) {
        return page(in, store.machines(), "stateMachines", r -> out("stateMachineArn", r.arn, "name", r.name, "type", r.type,
                "creationDate", ExecutionRecord.epoch(r.creationDate)), 1024);
    }

    private JsonNode deleteStateMachine(JsonNode in) {
        String arn = required(in, "stateMachineArn");
        Arns.stateMachineName(arn);
        store.deleteMachine(arn);
        return Json.object();
    }

    /** ValidateStateMachineDefinition (spec §2.6): HTTP 200 with diagnostics, even for an invalid definition. */
    private JsonNode validate(JsonNode in) {
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

    // ---- executions ----------------------------------------------------------------------------------------

    private JsonNode startExecution(JsonNode in, boolean sync) {
        StateMachineRecord sm = machine(in);
        if (sync && !sm.express()) {
            throw StatesError.STATE_MACHINE_TYPE_NOT_SUPPORTED.exception("This operation is not supported by this type of state machine");
        }
        String name = in.hasNonNull("name") ? in.get("name").asText() : UUID.randomUUID().toString();
        Arns.checkName(name);
        String inputText = in.hasNonNull("input") ? in.get("input").asText() : "{}";
        if (inputText.getBytes(StandardCharsets.UTF_8).length > Quotas.PAYLOAD_LIMIT_BYTES) {
            throw validation("Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144");
        }
        if (inputText.isEmpty()) {
            throw StatesError.INVALID_EXECUTION_INPUT.exception("Invalid State Machine Execution Input: 'Invalid execution input.'");
        }
        JsonNode input;
        try {
            input = Json.MAPPER.readTree(inputText);
        } catch (JsonProcessingException e) {
            throw StatesError.INVALID_EXECUTION_INPUT.exception("Invalid State Machine Execution Input: '" + e.getOriginalMessage() + "'");
        }
        StateMachine machine;
        String definition;
        String roleArn;
        synchronized (sm) {
            machine = sm.parsed != null ? sm.parsed : parse(sm.definition, sm.express());
            sm.parsed = machine;
            definition = sm.definition;
            roleArn = sm.roleArn;
        }
        String arn = sm.express()
                ? Arns.express(Arns.region(sm.arn), sm.name, name, UUID.randomUUID().toString())
                : Arns.execution(Arns.region(sm.arn), sm.name, name);
        ExecutionRecord record = new ExecutionRecord(arn, name, sm.arn, Arns.region(sm.arn), sm.express(), roleArn, definition,
                Payload.of(inputText, store.payloads()), engine.clock().instant(), null, null, 1,
                new History(engine.clock(), !sm.express()), sm.arn, store.payloads());
        ExecutionRecord existing = store.putExecutionIfAbsent(record);
        if (existing != null) {
            if (existing.running() && existing.inputText().equals(inputText)) {
                return out("executionArn", existing.arn, "startDate", ExecutionRecord.epoch(existing.startDate));
            }
            throw StatesError.EXECUTION_ALREADY_EXISTS.exception("Execution Already Exists: '" + arn + "'");
        }
        engine.run(record, machine, sm.name, input, inputText);
        if (!sync) {
            return out("executionArn", arn, "startDate", ExecutionRecord.epoch(record.startDate));
        }
        try {
            record.completion.get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            engine.stop(record, ErrorName.TIMEOUT.text(), "The express execution ran longer than 5 minutes");
        }
        ObjectNode n = record.describe(true);
        n.remove(List.of("redriveCount", "redriveStatus", "redriveStatusReason"));
        if (!n.has("outputDetails")) {
            n.set("outputDetails", Json.object("included", true));
        }
        n.set("billingDetails", Json.object("billedMemoryUsedInMB", 64, "billedDurationInMilliseconds", 100));
        return n;
    }

    private ExecutionRecord execution(JsonNode in, boolean allowExpress) {
        String arn = required(in, "executionArn");
        Arns.checkExecution(arn, allowExpress);
        return store.execution(arn).orElseThrow(() -> StatesError.noExecution(arn));
    }

    /**
     * DescribeExecution: "Executions of an EXPRESS state machine aren't supported by DescribeExecution unless a Map
     * Run dispatched them" (API reference): an EXPRESS Map Run child is described, any other express ARN is InvalidArn.
     */
    private JsonNode describeExecution(JsonNode in) {
        String arn = required(in, "executionArn");
        Arns.checkExecution(arn, true);
        boolean childForm = Arns.isMapRunChild(arn);
        if (!childForm) {
            Arns.checkExecution(arn, false);
        }
        ExecutionRecord r = store.execution(arn).filter(e -> !e.express || e.mapRunArn != null)
                .orElseThrow(() -> StatesError.noExecution(arn));
        return r.describe(!"METADATA_ONLY".equals(in.path("includedData").asText()));
    }

    private JsonNode listExecutions(JsonNode in) {
        String sm = in.path("stateMachineArn").asText(null);
        String mapRun = in.path("mapRunArn").asText(null);
        if ((sm == null) == (mapRun == null)) {
            throw StatesError.VALIDATION.exception(sm == null ? "Must provide a StateMachine ARN or MapRun ARN"
                    : "Only one of stateMachineArn or mapRunArn can be provided");
        }
        String status = in.path("statusFilter").asText(null);
        if (status != null && !STATUSES.contains(status)) {
            throw validation("Value '" + status + "' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]");
        }
        String redrive = in.path("redriveFilter").asText(null);
        if (redrive != null && !redrive.equals("REDRIVEN") && !redrive.equals("NOT_REDRIVEN")) {
            throw validation("Value '" + redrive + "' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]");
        }
        List<ExecutionRecord> list;
        if ("REDRIVEN".equals(redrive)) {
            list = List.of(); // this local cloud does not redrive executions
        } else if (sm != null) {
            Arns.stateMachineName(sm);
            StateMachineRecord r = store.machine(sm).orElseThrow(() -> StatesError.noStateMachine(sm));
            if (r.express()) {
                throw StatesError.STATE_MACHINE_TYPE_NOT_SUPPORTED.exception("This operation is not supported by this type of state machine");
            }
            list = store.executions(e -> sm.equals(e.parentStateMachineArn) && (status == null || status.equals(e.status())));
        } else {
            if (!Arns.isMapRun(mapRun)) {
                throw StatesError.invalidArn(mapRun);
            }
            if (store.find(mapRun).isEmpty()) {
                throw StatesError.RESOURCE_NOT_FOUND.exception("Resource not found: '" + mapRun + "'");
            }
            list = store.executions(e -> mapRun.equals(e.mapRunArn) && (status == null || status.equals(e.status())));
        }
        return page(in, list, "executions", ExecutionRecord::listItem, 3096);
    }

    private JsonNode history(JsonNode in) {
        ExecutionRecord r = execution(in, false);
        boolean data = !in.has("includeExecutionData") || in.get("includeExecutionData").asBoolean();
        List<History.Event> events = new ArrayList<>(r.history.events());
        if (in.path("reverseOrder").asBoolean()) {
            java.util.Collections.reverse(events);
        }
        return page(in, events, "events", e -> {
            ObjectNode n = e.toJson();
            if (!data && e.detailsKey() != null && n.get(e.detailsKey()) instanceof ObjectNode d) {
                ObjectNode copy = d.deepCopy();
                copy.remove(List.of("input", "output", "inputDetails", "outputDetails", "parameters"));
                n.set(e.detailsKey(), copy);
            }
            return n;
        }, 1024);
    }

    private JsonNode stopExecution(JsonNode in) {
        ExecutionRecord r = execution(in, false);
        engine.stop(r, in.path("error").asText(null), in.path("cause").asText(null));
        Instant stop = r.stopDate() == null ? engine.clock().instant() : r.stopDate();
        return out("stopDate", ExecutionRecord.epoch(stop));
    }

    private JsonNode describeForExecution(JsonNode in) {
        ExecutionRecord r = execution(in, false);
        ObjectNode n = out("stateMachineArn", r.stateMachineArn, "name", r.stateMachineArn.substring(r.stateMachineArn.lastIndexOf(':') + 1),
                "definition", r.definition, "roleArn", r.roleArn, "updateDate", ExecutionRecord.epoch(r.startDate));
        StateMachineRecord sm = r.parentStateMachineArn == null ? null : store.machine(r.parentStateMachineArn).orElse(null);
        n.set("loggingConfiguration", sm != null ? sm.logging : Json.object("level", "OFF", "includeExecutionData", false));
        n.set("tracingConfiguration", sm != null ? sm.tracing : Json.object("enabled", false));
        if (r.mapRunArn != null) {
            n.put("mapRunArn", r.mapRunArn);
            n.put("label", r.label);
        }
        return n;
    }

    // ---- tags ----------------------------------------------------------------------------------------------

    private StateMachineRecord tagged(JsonNode in) {
        String arn = required(in, "resourceArn");
        Arns.stateMachineName(arn);
        return store.machine(arn).orElseThrow(() -> StatesError.RESOURCE_NOT_FOUND.exception("Resource not found: '" + arn + "'"));
    }

    private JsonNode tag(JsonNode in) {
        StateMachineRecord r = tagged(in);
        synchronized (r) {
            for (JsonNode t : in.path("tags")) {
                r.tags.put(t.path("key").asText(), t.path("value").asText());
            }
            if (r.tags.size() > 50) {
                throw StatesError.TOO_MANY_TAGS.exception("Too many tags: a resource can have at most 50 tags");
            }
            store.machineChanged(r);
        }
        return Json.object();
    }

    private JsonNode untag(JsonNode in) {
        StateMachineRecord r = tagged(in);
        synchronized (r) {
            for (JsonNode k : in.path("tagKeys")) {
                r.tags.remove(k.asText());
            }
            store.machineChanged(r);
        }
        return Json.object();
    }

    private JsonNode listTags(JsonNode in) {
        StateMachineRecord r = tagged(in);
        ArrayNode tags = Json.MAPPER.createArrayNode();
        synchronized (r) {
            r.tags.forEach((k, v) -> tags.add(Json.object("key", k, "value", v)));
        }
        ObjectNode n = Json.object();
        n.set("tags", tags);
        return n;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Pages a list with an opaque offset token (spec §2 common validation). */
    private static <T> JsonNode page(JsonNode in, List<T> items, String member, Function<T, ObjectNode> render, int tokenLimit) {
        int max = in.path("maxResults").asInt(0);
        if (max > 1000) {
            throw validation("Value '" + max + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
        }
        if (max < 0) {
            throw validation("Value '" + max + "' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }
        if (max == 0) {
            max = 100;
        }
        int offset = 0;
        String token = in.path("nextToken").asText(null);
        if (token != null) {
            if (token.length() > tokenLimit) {
                throw validation("Value '" + token + "' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to " + tokenLimit);
            }
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                if (!decoded.startsWith("offset:")) {
                    throw new IllegalArgumentException();
                }
                offset = Integer.parseInt(decoded.substring(7));
            } catch (IllegalArgumentException e) {
                throw StatesError.INVALID_TOKEN.exception("Invalid Token: '" + token + "'");
            }
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        int end = Math.min(items.size(), offset + max);
        for (int i = offset; i < end; i++) {
            array.add(render.apply(items.get(i)));
        }
        ObjectNode n = Json.object();
        n.set(member, array);
        if (end < items.size()) {
            n.put("nextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return n;
    }

    private static ServiceException validation(String detail) {
        return StatesError.VALIDATION.exception("1 validation error detected: " + detail);
    }

    private static String required(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            throw validation("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        }
        return v.asText();
    }

    private static ObjectNode out(Object... kv) {
        return Json.object(kv);
    }
}
