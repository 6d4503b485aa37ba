package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.graph.StateStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an execution's history says about each state (spec §3: every event names the one before it in its flow,
 * {@code previousEventId}). Each {@code <Type>StateEntered} starts a run of a state; later events belong to the run
 * their previous event belongs to; {@code <Type>StateExited} ends it. A failure event marks the run it belongs to
 * (a Parallel's or Map's own failure, the nearest enclosing run of that type); a retry clears the mark. A run that
 * exited after a failure was caught.
 */
final class StateRuns {
    private static final Set<String> FAILURES = Set.of("TaskFailed", "TaskTimedOut", "TaskSubmitFailed", "TaskStartFailed",
            "LambdaFunctionFailed", "LambdaFunctionTimedOut", "LambdaFunctionStartFailed", "LambdaFunctionScheduleFailed",
            "ParallelStateFailed", "MapStateFailed", "MapRunFailed", "MapRunAborted", "MapIterationFailed");
    private static final Set<String> RETRIES = Set.of("TaskScheduled", "ParallelStateStarted", "MapStateStarted");

    /** One run of one state, as the table view lists it. */
    static final class Run {
        final String name;
        final String type;
        final Run parent;
        final JsonNode entered;
        JsonNode exited;
        boolean failed;
        String mapRunArn;
        String functionName;

        Run(String name, String type, Run parent, JsonNode entered) {
            this.name = name;
            this.type = type;
            this.parent = parent;
            this.entered = entered;
        }

        StateStatus status(boolean executionRunning) {
            if (exited != null) {
                return failed ? StateStatus.CAUGHT : StateStatus.SUCCEEDED;
            }
            return failed || !executionRunning ? StateStatus.FAILED : StateStatus.IN_PROGRESS;
        }
    }

    final List<Run> runs = new ArrayList<>();
    /** For each event id, the run it belongs to (null: the execution itself). */
    private final Map<Long, Run> owner = new HashMap<>();
    /** For each failure event id, the run it failed (the console links a failed Lambda task to its function). */
    final Map<Long, Run> failedRun = new HashMap<>();

    StateRuns(List<JsonNode> events) {
        for (JsonNode e : events) {
            add(e);
        }
    }

    private void add(JsonNode e) {
        long id = e.path("id").asLong();
        String type = e.path("type").asText();
        Run current = owner.get(e.path("previousEventId").asLong());
        if (type.endsWith("StateEntered")) {
            Run run = new Run(e.path("stateEnteredEventDetails").path("name").asText(),
                    type.substring(0, type.length() - "StateEntered".length()), current, e);
            runs.add(run);
            owner.put(id, run);
            return;
        }
        if (type.endsWith("StateExited")) {
            String name = e.path("stateExitedEventDetails").path("name").asText();
            Run run = current;
            while (run != null && !run.name.equals(name)) {
                run = run.parent;
            }
            if (run != null) {
                run.exited = e;
                owner.put(id, run.parent);
            }
            return;
        }
        owner.put(id, current);
        if (current == null) {
            return;
        }
        if (type.startsWith("Parallel") || type.startsWith("MapState") || type.startsWith("MapRun")) {
            current = enclosing(current, type.startsWith("Parallel") ? "Parallel" : "Map");
        }
        if (current == null) {
            return;
        }
        if (FAILURES.contains(type)) {
            current.failed = true;
            failedRun.put(id, current);
        } else if (RETRIES.contains(type)) {
            current.failed = false;
        }
        if (type.equals("MapRunStarted")) {
            current.mapRunArn = e.path("mapRunStartedEventDetails").path("mapRunArn").asText(null);
        }
        if (type.equals("TaskScheduled") && "lambda".equals(e.path("taskScheduledEventDetails").path("resourceType").asText())) {
            current.functionName = functionName(e.path("taskScheduledEventDetails").path("parameters").asText(""));
        }
    }

    /** The state an event belongs to, as the console's event view names it (Step); "" for the execution's own events. */
    String step(JsonNode e) {
        if (e.path("type").asText().startsWith("Execution")) {
            return ""; // ExecutionStarted/Failed/…: the execution's own events belong to no step, as the console shows them
        }
        String named = e.path("stateEnteredEventDetails").path("name")
                .asText(e.path("stateExitedEventDetails").path("name").asText(""));
        if (!named.isEmpty()) {
            return named;
        }
        Run run = owner.get(e.path("id").asLong());
        return run == null ? "" : run.name;
    }

    private static Run enclosing(Run run, String type) {
        while (run != null && !run.type.equals(type)) {
            run = run.parent;
        }
        return run;
    }

    /** The function a lambda:invoke task names in its parameters (a name or an ARN, maybe with a qualifier). */
    static String functionName(String parametersJson) {
        try {
            String name = dev.dmapworkbook.localcloud.core.Json.parse(parametersJson).path("FunctionName").asText("");
            int at = name.indexOf(":function:");
            if (at >= 0) {
                name = name.substring(at + ":function:".length());
            }
            int qualifier = name.indexOf(':');
            return name.isEmpty() ? null : qualifier >= 0 ? name.substring(0, qualifier) : name;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** Each state's status for the graph: the worst over its runs (failed, in progress, caught, succeeded). */
    Map<String, StateStatus> statuses(boolean executionRunning) {
        Map<String, StateStatus> out = new LinkedHashMap<>();
        for (Run run : runs) {
            StateStatus s = run.status(executionRunning);
            out.merge(run.name, s, (a, b) -> rank(a) >= rank(b) ? a : b);
        }
        return out;
    }

    private static int rank(StateStatus s) {
        return switch (s) {
            case FAILED -> 4;
            case IN_PROGRESS -> 3;
            case CAUGHT -> 2;
            case SUCCEEDED -> 1;
            case NOT_REACHED -> 0;
        };
    }
}
