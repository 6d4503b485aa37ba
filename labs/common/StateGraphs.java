//SOURCES ../../graph/src/main/java/dev/dmapworkbook/graph/*.java
//DEPS org.eclipse.elk:org.eclipse.elk.alg.layered:0.10.0 com.google.guava:guava:33.8.0-jre
//DEPS software.amazon.awssdk:sfn

import dev.dmapworkbook.graph.StateGraph;
import dev.dmapworkbook.graph.StateStatus;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An execution's state machine as a picture (the console's renderer, graph/), each state coloured by what the
 * execution's history (GetExecutionHistory) says happened to it.
 */
final class StateGraphs {
    private StateGraphs() {
    }

    /** The definition the execution ran (DescribeStateMachineForExecution), coloured by its history, as a picture in the cell. */
    static Map<String, StateStatus> show(Workbook book, SfnClient sfn, String executionArn, String title) {
        String definition = sfn.describeStateMachineForExecution(r -> r.executionArn(executionArn)).definition();
        List<HistoryEvent> history = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events().forEach(history::add);
        Map<String, StateStatus> statuses = statuses(history);
        book.picture(title, StateGraph.svg(definition, statuses));
        return statuses;
    }

    /**
     * Each entered state's status from the history: entered and not exited = in progress; exited = succeeded, or
     * caught when it failed first (a Catch moved on); a failure event (…Failed, …TimedOut) marks the innermost open
     * state failed, until it is scheduled or started again (a Retry); the execution's own failure fails every open state.
     */
    static Map<String, StateStatus> statuses(List<HistoryEvent> history) {
        Map<String, StateStatus> statuses = new LinkedHashMap<>();
        List<String> open = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        for (HistoryEvent event : history) {
            String type = event.typeAsString();
            if (event.stateEnteredEventDetails() != null) {
                String name = event.stateEnteredEventDetails().name();
                statuses.put(name, StateStatus.IN_PROGRESS);
                open.add(name);
            } else if (event.stateExitedEventDetails() != null) {
                String name = event.stateExitedEventDetails().name();
                statuses.put(name, failed.remove(name) ? StateStatus.CAUGHT : StateStatus.SUCCEEDED);
                open.remove(name);
            } else if (type.startsWith("Execution") && (type.endsWith("Failed") || type.endsWith("TimedOut") || type.endsWith("Aborted"))) {
                open.forEach(name -> statuses.put(name, StateStatus.FAILED));
            } else if (!open.isEmpty()) {
                String innermost = open.get(open.size() - 1);
                if (type.endsWith("Failed") || type.endsWith("TimedOut")) {
                    failed.add(innermost);
                    statuses.put(innermost, StateStatus.FAILED);
                } else if ((type.endsWith("Scheduled") || type.endsWith("Started")) && failed.remove(innermost)) {
                    statuses.put(innermost, StateStatus.IN_PROGRESS);
                }
            }
        }
        return statuses;
    }
}
