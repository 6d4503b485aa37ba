package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineForExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.ListMapRunsResponse;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Map Run APIs through the real SfnClient (spec 2.10, 2.13–2.16): filters, pages, validation errors. */
class MapRunApiSdkTest {
    @TempDir
    Path temp;

    private static final String CHECK = "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
            + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"Check\",\"States\":{\"Check\":{\"Type\":\"Choice\",\"Choices\":"
            + "[{\"Variable\":\"$\",\"NumericGreaterThan\":7,\"Next\":\"Boom\"}],\"Default\":\"Ok\"},\"Ok\":{\"Type\":\"Succeed\"},"
            + "\"Boom\":{\"Type\":\"Fail\",\"Error\":\"TooBig\",\"Cause\":\"over seven\"}}}";

    @Test
    void listExecutionsOfAMapRunFiltersByStatusAndPages() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String sm = c.createStateMachine("Filtered", "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\","
                    + "\"ItemsPath\":\"$.items\",\"Label\":\"Rows\",\"ToleratedFailureCount\":2," + CHECK + ",\"End\":true}}}");
            String execution = c.start(sm, "{\"items\":[1,8,2,9,3]}");
            assertEquals(ExecutionStatus.SUCCEEDED, c.await(execution).status());
            String mapRunArn = c.mapRunOf(execution);

            List<ExecutionListItem> failed = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn)
                    .statusFilter(ExecutionStatus.FAILED)).executions();
            assertEquals(2, failed.size());
            failed.forEach(child -> assertEquals(ExecutionStatus.FAILED, child.status()));
            assertEquals(3, c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn).statusFilter(ExecutionStatus.SUCCEEDED))
                    .executions().size());
            assertEquals(0, c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn).statusFilter(ExecutionStatus.RUNNING))
                    .executions().size());

            var firstPage = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn).maxResults(2));
            assertEquals(2, firstPage.executions().size());
            assertNotNull(firstPage.nextToken());
            Set<String> arns = new HashSet<>();
            c.sfn.listExecutionsPaginator(r -> r.mapRunArn(mapRunArn).maxResults(2))
                    .executions().forEach(child -> arns.add(child.executionArn()));
            assertEquals(5, arns.size());

            List<ExecutionListItem> parents = c.sfn.listExecutions(r -> r.stateMachineArn(sm)).executions();
            assertEquals(List.of(execution), parents.stream().map(ExecutionListItem::executionArn).toList(),
                    "children are listed by their Map Run, not under the parent's state machine");
        }
    }

    /** Issue 6 bullet 3: EXPRESS children keep input, output, error and cause (no history), spec 9.7 records. */
    @Test
    void expressChildrenKeepInputOutputErrorAndCause() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("out");
            String sm = c.createStateMachine("Express", "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\","
                    + "\"ItemsPath\":\"$.items\",\"Label\":\"Rows\",\"ToleratedFailureCount\":1,"
                    + CHECK.replace("STANDARD", "EXPRESS") + ",\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\","
                    + "\"Parameters\":{\"Bucket\":\"out\",\"Prefix\":\"runs\"}},\"End\":true}}}");
            String execution = c.start(sm, "{\"items\":[1,9]}");
            assertEquals(ExecutionStatus.SUCCEEDED, c.await(execution).status());
            String mapRunArn = c.mapRunOf(execution);
            String id = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
            String childPrefix = "arn:aws:states:us-east-1:000000000000:express:Express/Rows:";

            JsonNode succeeded = Json.parse(c.get("out", "runs/" + id + "/SUCCEEDED_0.json")).get(0);
            assertEquals("1", succeeded.get("Input").asText());
            assertEquals("1", succeeded.get("Output").asText());
            assertTrue(succeeded.get("ExecutionArn").asText().startsWith(childPrefix), succeeded.toString());
            JsonNode failed = Json.parse(c.get("out", "runs/" + id + "/FAILED_0.json")).get(0);
            assertEquals("9", failed.get("Input").asText());
            assertEquals("TooBig", failed.get("Error").asText());
            assertEquals("over seven", failed.get("Cause").asText());
            assertEquals("FAILED", failed.get("Status").asText());
            assertFalse(failed.has("Output"));
            assertTrue(failed.get("ExecutionArn").asText().startsWith(childPrefix), failed.toString());

            List<ExecutionListItem> failedChildren = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn)
                    .statusFilter(ExecutionStatus.FAILED)).executions();
            assertEquals(List.of(failed.get("ExecutionArn").asText()),
                    failedChildren.stream().map(ExecutionListItem::executionArn).toList());
            // "Executions of an EXPRESS state machine aren't supported by DescribeExecution unless a Map Run
            // dispatched them" (API reference): the child is described; its data lives in the ResultWriter's files
            String child = failedChildren.get(0).executionArn();
            DescribeExecutionResponse described = c.sfn.describeExecution(r -> r.executionArn(child));
            assertEquals(ExecutionStatus.FAILED, described.status());
            assertEquals(mapRunArn, described.mapRunArn());
            assertEquals("TooBig", described.error());
            assertEquals("over seven", described.cause());
            assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:Express/Rows", described.stateMachineArn());
            assertNotNull(described.stopDate());
            assertFalse(described.inputDetails().included(), "AWS keeps no input of an EXPRESS execution");
            assertNull(described.input());
            String succeededChild = succeeded.get("ExecutionArn").asText();
            DescribeExecutionResponse ok = c.sfn.describeExecution(r -> r.executionArn(succeededChild));
            assertEquals(ExecutionStatus.SUCCEEDED, ok.status());
            assertNull(ok.output());
            assertFalse(ok.outputDetails().included());
            // no history (CloudWatch Logs only on AWS), no StopExecution: those still refuse the express ARN
            assertThrows(InvalidArnException.class, () -> c.sfn.getExecutionHistory(r -> r.executionArn(child)));
            assertThrows(InvalidArnException.class, () -> c.sfn.stopExecution(r -> r.executionArn(child)));
            // an express ARN that is not a Map Run child stays InvalidArn; a child-form one nobody started does not exist
            assertThrows(InvalidArnException.class, () -> c.sfn.describeExecution(r -> r.executionArn(
                    "arn:aws:states:us-east-1:000000000000:express:Express:name:id")));
            assertThrows(ExecutionDoesNotExistException.class, () -> c.sfn.describeExecution(r -> r.executionArn(
                    childPrefix + "nobody:id")));
        }
    }

    @Test
    void describeStateMachineForExecutionOfAChildGivesTheItemProcessorAndLabel() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String sm = c.createStateMachine("Described", "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\","
                    + "\"ItemsPath\":\"$.items\",\"Label\":\"Rows\"," + CHECK + ",\"End\":true}}}");
            String execution = c.start(sm, "{\"items\":[1]}");
            assertEquals(ExecutionStatus.SUCCEEDED, c.await(execution).status());
            String mapRunArn = c.mapRunOf(execution);
            String child = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn)).executions().get(0).executionArn();
            DescribeStateMachineForExecutionResponse described =
                    c.sfn.describeStateMachineForExecution(r -> r.executionArn(child));
            assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:Described/Rows", described.stateMachineArn());
            assertEquals(mapRunArn, described.mapRunArn());
            assertEquals("Rows", described.label());
            JsonNode definition = Json.parse(described.definition());
            assertEquals("Check", definition.get("StartAt").asText());
            assertEquals("DISTRIBUTED", definition.at("/ProcessorConfig/Mode").asText());
            assertEquals(SdkCloud.ROLE, described.roleArn());
            DescribeExecutionResponse childDescribed = c.sfn.describeExecution(r -> r.executionArn(child));
            assertEquals(mapRunArn, childDescribed.mapRunArn());
            assertEquals("1", childDescribed.input());
        }
    }

    @Test
    void listMapRunsPagesAndRefusesUnknownExecutions() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 0.001)) {
            String sm = c.createStateMachine("Retried", "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\","
                    + "\"ItemsPath\":\"$.items\"," + CHECK + ",\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":2,"
                    + "\"IntervalSeconds\":1}],\"End\":true}}}");
            String execution = c.start(sm, "{\"items\":[9]}");
            assertEquals(ExecutionStatus.FAILED, c.await(execution).status());
            ListMapRunsResponse first = c.sfn.listMapRuns(r -> r.executionArn(execution).maxResults(2));
            assertEquals(2, first.mapRuns().size());
            assertNotNull(first.nextToken());
            List<String> all = new ArrayList<>();
            c.sfn.listMapRunsPaginator(r -> r.executionArn(execution).maxResults(2)).mapRuns()
                    .forEach(run -> all.add(run.mapRunArn()));
            assertEquals(3, new HashSet<>(all).size());
            for (MapRunListItem run : c.sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns()) {
                assertEquals(execution, run.executionArn());
                assertNotNull(run.stopDate());
                assertEquals(MapRunStatus.FAILED, c.sfn.describeMapRun(r -> r.mapRunArn(run.mapRunArn())).status());
            }

            String mapRunArn = all.get(0);
            String unknownRun = mapRunArn.substring(0, mapRunArn.lastIndexOf(':') + 1) + "00000000-0000-0000-0000-000000000000";
            assertThrows(ResourceNotFoundException.class, () -> c.sfn.listExecutions(r -> r.mapRunArn(unknownRun)));
            assertThrows(InvalidArnException.class, () -> c.sfn.listExecutions(r -> r.mapRunArn(execution)));
            assertThrows(InvalidArnException.class, () -> c.sfn.describeMapRun(r -> r.mapRunArn(execution)));
            assertThrows(ValidationException.class, () -> c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn).stateMachineArn(sm)));

            String unknown = execution.substring(0, execution.lastIndexOf(':') + 1) + "no-such-execution";
            assertThrows(ExecutionDoesNotExistException.class, () -> c.sfn.listMapRuns(r -> r.executionArn(unknown)));
            assertThrows(InvalidArnException.class, () -> c.sfn.listMapRuns(r -> r.executionArn("not-an-arn")));
        }
    }

    @Test
    void updateMapRunRefusesOutOfRangeValues() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String sm = c.createStateMachine("Slow", "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\","
                    + "\"ItemsPath\":\"$.items\",\"MaxConcurrency\":1,\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":"
                    + "\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\","
                    + "\"Seconds\":600,\"End\":true}}},\"End\":true}}}");
            String execution = c.start(sm, "{\"items\":[1,2]}");
            String arn = c.awaitMapRun(execution); // else the refusals below would be of a missing ARN
            ValidationException concurrency = assertThrows(ValidationException.class,
                    () -> c.sfn.updateMapRun(r -> r.mapRunArn(arn).maxConcurrency(-1)));
            assertTrue(concurrency.getMessage().contains("at 'maxConcurrency' failed to satisfy constraint"),
                    concurrency.getMessage());
            assertThrows(ValidationException.class, () -> c.sfn.updateMapRun(r -> r.mapRunArn(arn).toleratedFailurePercentage(100.5f)));
            assertThrows(ValidationException.class, () -> c.sfn.updateMapRun(r -> r.mapRunArn(arn).toleratedFailurePercentage(-1f)));
            assertThrows(ValidationException.class, () -> c.sfn.updateMapRun(r -> r.mapRunArn(arn).toleratedFailureCount(-1L)));
            assertThrows(InvalidArnException.class, () -> c.sfn.updateMapRun(r -> r.mapRunArn("nope").maxConcurrency(1)));
            DescribeMapRunResponse unchanged = c.sfn.describeMapRun(r -> r.mapRunArn(arn));
            assertEquals(1, unchanged.maxConcurrency());
            assertEquals(0.0f, unchanged.toleratedFailurePercentage());
            assertEquals(0, unchanged.toleratedFailureCount());

            c.sfn.stopExecution(r -> r.executionArn(execution));
            ValidationException stopped = assertThrows(ValidationException.class,
                    () -> c.sfn.updateMapRun(r -> r.mapRunArn(arn).maxConcurrency(2)));
            assertEquals("CANNOT_UPDATE_COMPLETED_MAP_RUN", stopped.reasonAsString());
        }
    }
}
