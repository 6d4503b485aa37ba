package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMaps;

import java.util.ArrayList;
import java.util.List;

/**
 * The Step Functions operations (spec §2): routes each to its group, state machines ({@link StateMachineOperations}),
 * executions ({@link ExecutionOperations}), tags ({@link TagOperations}) or Map Runs (the Distributed Map support),
 * each of which decodes the request, calls the engine or store and encodes the answer.
 */
final class StatesApi {
    private final ExecutionStore store;
    private final StateMachineOperations machines;
    private final ExecutionOperations executions;
    private final TagOperations tags;
    private volatile DistributedMaps distributed;

    StatesApi(StatesEngine engine) {
        this.store = engine.store();
        this.machines = new StateMachineOperations(engine);
        this.executions = new ExecutionOperations(engine, machines);
        this.tags = new TagOperations(store);
    }

    void useDistributedMap(DistributedMaps support) {
        this.distributed = support;
    }

    JsonNode call(String operation, JsonNode in, String region) {
        return switch (operation) {
            case "CreateStateMachine" -> machines.createStateMachine(in, region);
            case "UpdateStateMachine" -> machines.updateStateMachine(in);
            case "DescribeStateMachine" -> machines.describeStateMachine(in);
            case "ListStateMachines" -> machines.listStateMachines(in);
            case "DeleteStateMachine" -> machines.deleteStateMachine(in);
            case "ValidateStateMachineDefinition" -> machines.validate(in);
            case "StartExecution" -> executions.startExecution(in, false);
            case "StartSyncExecution" -> executions.startExecution(in, true);
            case "DescribeExecution" -> executions.describeExecution(in);
            case "ListExecutions" -> executions.listExecutions(in);
            case "GetExecutionHistory" -> executions.history(in);
            case "StopExecution" -> executions.stopExecution(in);
            case "DescribeStateMachineForExecution" -> executions.describeForExecution(in);
            case "TagResource" -> tags.tag(in);
            case "UntagResource" -> tags.untag(in);
            case "ListTagsForResource" -> tags.listTags(in);
            case "ListMapRuns" -> {
                executions.execution(in, false); // InvalidArn / ExecutionDoesNotExist before an empty list (spec §2.13)
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
        store.mapRuns().rejournal(arns);
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
}
