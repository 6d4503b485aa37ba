package dev.dmapworkbook.bench;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;

/** Step Functions executions as the suite watches them: to the end, and how long they took by their own clock. */
final class Executions {
    private Executions() {
    }

    static DescribeExecutionResponse await(SfnClient sfn, String executionArn, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new NotMeasured("execution still RUNNING after " + limit.toSeconds() + " s: " + executionArn);
            }
            Thread.sleep(20);
        }
    }

    /** Seconds from startDate to stopDate, as the service recorded them. */
    static double seconds(DescribeExecutionResponse d) {
        return Duration.between(d.startDate(), d.stopDate()).toNanos() / 1e9;
    }

    /** The newest execution of the state machine named {@code name} (exact, or a prefix when {@code prefix}). */
    static Optional<ExecutionListItem> newest(SfnClient sfn, String name, boolean prefix, ExecutionStatus status) {
        return sfn.listStateMachinesPaginator(r -> { }).stateMachines().stream()
                .filter(m -> prefix ? m.name().startsWith(name) : m.name().equals(name)).findFirst()
                .flatMap(m -> sfn.listExecutionsPaginator(r -> {
                    r.stateMachineArn(m.stateMachineArn());
                    if (status != null) {
                        r.statusFilter(status);
                    }
                }).executions().stream().max(Comparator.comparing(ExecutionListItem::startDate)));
    }
}
