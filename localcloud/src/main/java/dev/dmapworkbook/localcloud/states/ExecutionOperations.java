package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.ErrorName;
import dev.dmapworkbook.localcloud.states.asl.History;
import dev.dmapworkbook.localcloud.states.asl.Quotas;
import dev.dmapworkbook.localcloud.states.asl.StateMachine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.dmapworkbook.localcloud.states.Requests.out;
import static dev.dmapworkbook.localcloud.states.Requests.page;
import static dev.dmapworkbook.localcloud.states.Requests.required;
import static dev.dmapworkbook.localcloud.states.Requests.validation;

/**
 * The execution operations (spec §2.7-§2.12, §2.16): StartExecution, StartSyncExecution, DescribeExecution, ListExecutions,
 * GetExecutionHistory, StopExecution, DescribeStateMachineForExecution.
 */
final class ExecutionOperations {
    private static final Set<String> STATUSES = Set.of("SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING");

    private final StatesEngine engine;
    private final ExecutionStore store;
    private final StateMachineOperations machines;

    ExecutionOperations(StatesEngine engine, StateMachineOperations machines) {
        this.engine = engine;
        this.store = engine.store();
        this.machines = machines;
    }

    JsonNode startExecution(JsonNode in, boolean sync) {
        StateMachineRecord sm = machines.machine(in);
        if (sync && !sm.express()) {
            throw StatesError.STATE_MACHINE_TYPE_NOT_SUPPORTED.exception("This operation is not supported by this type of state machine");
        }
        String name = in.hasNonNull("name") ? in.get("name").asText() : UUID.randomUUID().toString();
        Arns.checkName(name);
        String inputText = in.hasNonNull("input") ? in.get("input").asText() : "{}";
        JsonNode input = input(inputText);
        StateMachine machine;
        String definition;
        String roleArn;
        synchronized (sm) {
            machine = sm.parsed != null ? sm.parsed : machines.parse(sm.definition, sm.express());
            sm.parsed = machine;
            definition = sm.definition;
            roleArn = sm.roleArn;
        }
        String arn = sm.express()
                ? Arns.express(Arns.region(sm.arn), sm.name, name, UUID.randomUUID().toString())
                : Arns.execution(Arns.region(sm.arn), sm.name, name);
        ExecutionRecord record = new ExecutionRecord(arn, name, sm.arn, Arns.region(sm.arn), sm.express(), roleArn, definition,
                Payload.of(inputText, store.payloads()), engine.clock().instant(), null, null, 1,
                new History(engine.clock(), !sm.express()), sm.arn, store.payloads()).sharing(inputText);
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
        return syncAnswer(record);
    }

    /** The execution input: at most 256 KiB, and JSON (spec §2.7). */
    private static JsonNode input(String inputText) {
        if (inputText.getBytes(StandardCharsets.UTF_8).length > Quotas.PAYLOAD_LIMIT_BYTES) {
            throw validation("Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144");
        }
        if (inputText.isEmpty()) {
            throw StatesError.INVALID_EXECUTION_INPUT.exception("Invalid State Machine Execution Input: 'Invalid execution input.'");
        }
        try {
            return Json.MAPPER.readTree(inputText);
        } catch (JsonProcessingException e) {
            throw StatesError.INVALID_EXECUTION_INPUT.exception("Invalid State Machine Execution Input: '" + e.getOriginalMessage() + "'");
        }
    }

    /** StartSyncExecution's answer (spec §2.8): the execution described once it ends, within 5 minutes. */
    private JsonNode syncAnswer(ExecutionRecord record) {
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

    ExecutionRecord execution(JsonNode in, boolean allowExpress) {
        String arn = required(in, "executionArn");
        Arns.checkExecution(arn, allowExpress);
        return store.execution(arn).orElseThrow(() -> StatesError.noExecution(arn));
    }

    /**
     * DescribeExecution: "Executions of an EXPRESS state machine aren't supported by DescribeExecution unless a Map
     * Run dispatched them" (API reference): an EXPRESS Map Run child is described, any other express ARN is InvalidArn.
     */
    JsonNode describeExecution(JsonNode in) {
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

    JsonNode listExecutions(JsonNode in) {
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
            if (store.mapRuns().find(mapRun).isEmpty()) {
                throw StatesError.RESOURCE_NOT_FOUND.exception("Resource not found: '" + mapRun + "'");
            }
            list = store.executions(e -> mapRun.equals(e.mapRunArn) && (status == null || status.equals(e.status())));
        }
        return page(in, list, "executions", ExecutionRecord::listItem, 3096);
    }

    JsonNode history(JsonNode in) {
        ExecutionRecord r = execution(in, false);
        boolean data = !in.has("includeExecutionData") || in.get("includeExecutionData").asBoolean();
        List<History.Event> events = new ArrayList<>(r.history.events());
        if (in.path("reverseOrder").asBoolean()) {
            java.util.Collections.reverse(events);
        }
        return page(in, events, "events", e -> EventTexts.expanded(e, store.payloads(), data), 1024);
    }

    JsonNode stopExecution(JsonNode in) {
        ExecutionRecord r = execution(in, false);
        engine.stop(r, in.path("error").asText(null), in.path("cause").asText(null));
        Instant stop = r.stopDate() == null ? engine.clock().instant() : r.stopDate();
        return out("stopDate", ExecutionRecord.epoch(stop));
    }

    JsonNode describeForExecution(JsonNode in) {
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
        StateMachineOperations.variableReferences(n, r.definition);
        return n;
    }
}
