package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Starts Distributed Map children as real executions (spec §9.9): recorded in the execution store with their
 * {@code mapRunArn}, listable by {@code ListExecutions(mapRunArn)}, STANDARD ones with a full history.
 * Implemented by the Step Functions service; reached through {@link MapRunVisit#startChild}.
 */
public interface ChildExecutions {
    /**
     * @param mapRunArn       the Map Run the child belongs to
     * @param label           the Map Run label (the Map's {@code Label} or a generated one): ARNs use
     *                        {@code <parentSm>/<label>}
     * @param express         {@code ProcessorConfig.ExecutionType} EXPRESS
     * @param processor       the ItemProcessor as parsed
     * @param processorJson   the ItemProcessor's definition text (DescribeStateMachineForExecution shows it)
     * @param input           the child's input (the item, ItemSelector output or batch)
     * @param inputText       the same input as compact JSON text
     * @param inputBytes      the same text as UTF-8 bytes (the Map Run's spooled batch, written to disk as it is), or null
     * @param itemCount       how many items the child processes (1, or the batch size): ListExecutions' itemCount
     */
    record Request(String mapRunArn, String label, boolean express, StateMachine processor, String processorJson,
                   JsonNode input, String inputText, byte[] inputBytes, int itemCount) {
    }

    /**
     * A child's final state. {@code status}: SUCCEEDED, FAILED, TIMED_OUT or ABORTED; {@code output} its output as
     * compact JSON text (null unless it succeeded).
     */
    record Result(String executionArn, String name, String stateMachineArn, String status, Instant startDate,
                  Instant stopDate, String output, String error, String cause) {
    }

    /** A started child. */
    interface Child {
        String executionArn();

        String name();

        /** Completes when the child ends (never exceptionally). */
        CompletableFuture<Result> completion();

        /** Stops a STANDARD child (it ends ABORTED); EXPRESS children cannot be stopped and run on (spec §2.12). */
        void abort(String error, String cause);
    }

    /** Starts a child under {@code parent} (the execution running the Map state). */
    Child start(ExecutionInfo parent, Request request);
}
