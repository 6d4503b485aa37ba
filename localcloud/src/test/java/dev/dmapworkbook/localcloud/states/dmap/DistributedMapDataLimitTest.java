package dev.dmapworkbook.localcloud.states.dmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The 256 KiB payload limit around a Distributed Map (spec §9.8, §9.9, §10), through the real SfnClient. */
class DistributedMapDataLimitTest {
    private static final String TOO_BIG = "returned a result with a size exceeding the maximum number of bytes service limit.";

    @TempDir
    Path temp;

    /** A Map over {@code $.items} whose STANDARD children output an array of {@code copies} copies of their item. */
    private static String copyingMap(int copies) {
        String args = String.join(", ", java.util.Collections.nCopies(copies, "$"));
        return "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"ItemProcessor\":{"
                + "\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"Copy\","
                + "\"States\":{\"Copy\":{\"Type\":\"Pass\",\"Parameters\":{\"copies.$\":\"States.Array(" + args + ")\"},"
                + "\"End\":true}}},\"End\":true}}}";
    }

    private static String items(int count, int length) {
        String item = "\"" + "z".repeat(length) + "\"";
        return "{\"items\":[" + String.join(",", java.util.Collections.nCopies(count, item)) + "]}";
    }

    @Test
    void aChildWhoseOutputExceeds256KiBFailsWithDataLimitExceeded() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String sm = c.createStateMachine("BigChild", copyingMap(10));
            String execution = c.start(sm, items(1, 30_000)); // 10 × 30 KB > 256 KiB
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("States.ExceedToleratedFailureThreshold", done.error());
            String mapRunArn = c.mapRunOf(execution);
            List<ExecutionListItem> children = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn)).executions();
            assertEquals(1, children.size());
            DescribeExecutionResponse child = c.await(children.get(0).executionArn());
            assertEquals(ExecutionStatus.FAILED, child.status());
            assertEquals("States.DataLimitExceeded", child.error());
            assertEquals("The state/task 'Copy' " + TOO_BIG, child.cause());
            assertEquals(List.of("ExecutionStarted", "PassStateEntered", "ExecutionFailed"), c.types(child.executionArn()));
        }
    }

    @Test
    void resultsOver256KiBWithoutResultWriterFailTheMapStateAfterTheMapRunSucceeded() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String sm = c.createStateMachine("BigResults", copyingMap(3));
            String execution = c.start(sm, items(3, 30_000)); // each child 90 KB, the array 270 KB > 256 KiB
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("States.DataLimitExceeded", done.error());
            assertEquals("The state/task 'Map' " + TOO_BIG, done.cause());
            assertEquals(List.of("ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded",
                    "MapStateFailed", "ExecutionFailed"), c.types(execution));
            String mapRunArn = c.mapRunOf(execution);
            assertEquals(MapRunStatus.SUCCEEDED, c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn)).status());
        }
    }
}
