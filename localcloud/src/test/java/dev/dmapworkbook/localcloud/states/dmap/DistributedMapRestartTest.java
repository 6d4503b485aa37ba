package dev.dmapworkbook.localcloud.states.dmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 6 bullet 6: a STANDARD parent cut off mid-run by a restart ends FAILED, its Map Run record intact. */
class DistributedMapRestartTest {
    @TempDir
    Path temp;

    @Test
    void aMapRunCutOffByARestartEndsFailedWithItsRecord() {
        Path data = temp.resolve("cloud");
        String execution;
        String mapRunArn;
        try (SdkCloud first = new SdkCloud(data, 1.0)) {
            String sm = first.createStateMachine("Restarted", "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\","
                    + "\"ItemsPath\":\"$.items\",\"MaxConcurrency\":1,\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                    + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,"
                    + "\"End\":true}}},\"End\":true}}}");
            execution = first.start(sm, "{\"items\":[1,2,3]}");
            mapRunArn = awaitRunningChild(first, execution);
        }
        try (SdkCloud second = new SdkCloud(data, 1.0)) {
            DescribeExecutionResponse parent = second.sfn.describeExecution(r -> r.executionArn(execution));
            assertEquals(ExecutionStatus.FAILED, parent.status());
            assertNotNull(parent.cause());
            assertTrue(!parent.cause().isBlank());
            List<MapRunListItem> runs = second.sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns();
            assertEquals(1, runs.size());
            assertEquals(mapRunArn, runs.get(0).mapRunArn());
            assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:Restarted/" + label(mapRunArn),
                    runs.get(0).stateMachineArn());
            DescribeMapRunResponse run = second.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            assertEquals(MapRunStatus.FAILED, run.status());
            assertNotNull(run.stopDate());
            assertEquals(3, run.itemCounts().total());
            // the child that was running came back FAILED; the two never started stay pending (spec 2.14)
            assertEquals(0, run.itemCounts().running());
            assertEquals(1, run.itemCounts().failed());
            assertEquals(2, run.itemCounts().pending());
            assertEquals(0, run.executionCounts().running());
            assertEquals(1, run.executionCounts().failed());
            List<ExecutionListItem> children = second.sfn.listExecutions(r -> r.mapRunArn(mapRunArn)).executions();
            assertEquals(1, children.size());
            assertEquals(ExecutionStatus.FAILED, children.get(0).status());
            assertEquals(1, run.maxConcurrency());
            ValidationException update = assertThrows(ValidationException.class,
                    () -> second.sfn.updateMapRun(r -> r.mapRunArn(mapRunArn).maxConcurrency(3)));
            assertEquals("CANNOT_UPDATE_COMPLETED_MAP_RUN", update.reasonAsString());
        }
    }

    private static String label(String mapRunArn) {
        String afterType = mapRunArn.substring(mapRunArn.indexOf(":mapRun:") + ":mapRun:".length());
        return afterType.substring(afterType.indexOf('/') + 1, afterType.lastIndexOf(':'));
    }

    private static String awaitRunningChild(SdkCloud c, String execution) {
        String arn = c.awaitMapRun(execution);
        // the child's record exists once it started, which is after the Map Run noted it as running
        c.awaitMapRun(arn, run -> run.executionCounts().running() == 1
                && c.sfn.listExecutions(r -> r.mapRunArn(arn)).executions().size() == 1, "a running child");
        return arn;
    }
}
