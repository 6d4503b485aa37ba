package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The limits of spec §10 through the real {@link SfnClient}: execution input size and the history quota. */
class ExecutionLimitsContractTest {
    /** A Choice + Pass counting loop: 8 + 4 × limit events when it finishes. */
    static final String LOOP = """
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Parameters": {"n": 0, "limit.$": "$.limit"}, "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThanPath": "$.limit", "Next": "Count"}], "Default": "Done"},
              "Count": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)", "limit.$": "$.limit"}, "Next": "Check"},
              "Done": {"Type": "Succeed"}}}""";
    static final String ECHO = """
            {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}}""";

    @TempDir
    Path dataDir;

    LocalCloud start() {
        return LocalCloud.start(LocalCloudConfig.forTests(dataDir).withWaitScale(0.01));
    }

    /** A JSON string of exactly {@code bytes} UTF-8 bytes, quotes included, made of a two-byte character. */
    private static String jsonStringOfBytes(int bytes) {
        return "\"" + "é".repeat((bytes - 2) / 2) + "x".repeat((bytes - 2) % 2) + "\"";
    }

    @Test
    void executionInputIsLimitedTo262144BytesOfUtf8() {
        try (LocalCloud cloud = start(); SfnClient sfn = StatesContractTest.client(cloud)) {
            String sm = StatesContractTest.create(sfn, "Echo", ECHO);
            String atLimit = jsonStringOfBytes(262_144);
            DescribeExecutionResponse done = StatesContractTest.await(sfn,
                    sfn.startExecution(r -> r.stateMachineArn(sm).input(atLimit)).executionArn());
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.error() + " " + done.cause());
            assertEquals(atLimit, done.output());

            String overLimit = jsonStringOfBytes(262_145); // 131,072 characters: the limit counts bytes (spec §2.7, §10)
            ValidationException tooBig = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                    () -> sfn.startExecution(r -> r.stateMachineArn(sm).input(overLimit)));
            assertEquals("1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have "
                    + "length less than or equal to 262144", tooBig.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void standardExecutionFailsAt25000HistoryEventsAndExpressHasNoQuota() {
        try (LocalCloud cloud = start(); SfnClient sfn = StatesContractTest.client(cloud);
             SfnClient sync = StatesContractTest.syncClient(cloud)) {
            String sm = StatesContractTest.create(sfn, "Loop", LOOP);
            String execution = sfn.startExecution(r -> r.stateMachineArn(sm).input("{\"limit\": 100000}")).executionArn();
            DescribeExecutionResponse done = StatesContractTest.await(sfn, execution);
            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("States.Runtime", done.error());
            assertEquals("The execution reached the maximum number of history events (25000).", done.cause());
            List<HistoryEvent> events = new ArrayList<>();
            sfn.getExecutionHistoryPaginator(r -> r.executionArn(execution).maxResults(1000)).forEach(p -> events.addAll(p.events()));
            assertEquals(25_000, events.size());
            HistoryEvent last = events.get(24_999);
            assertEquals(HistoryEventType.EXECUTION_FAILED, last.type());
            assertEquals(25_000L, last.id());
            assertEquals(24_999L, last.previousEventId());
            assertEquals("The execution reached the maximum number of history events (25000).",
                    last.executionFailedEventDetails().cause());

            String express = sync.createStateMachine(r -> r.name("ExpressLoop").definition(LOOP)
                    .roleArn(StatesContractTest.ROLE).type(StateMachineType.EXPRESS)).stateMachineArn();
            StartSyncExecutionResponse ran = sync.startSyncExecution(r -> r.stateMachineArn(express).input("{\"limit\": 7000}"));
            assertEquals(SyncExecutionStatus.SUCCEEDED, ran.status(), ran.error() + " " + ran.cause());
            assertEquals("{\"n\":7000,\"limit\":7000}", ran.output());
        }
    }
}
