package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workshop's Distributed Map in JSONata (lab 03's {@code workflow-fixed.jsonata.asl.json}) through the SDK, with
 * its numbers as JSONata expressions of the execution input (issue 17: MaxConcurrency, ToleratedFailurePercentage,
 * ToleratedFailureCount, ItemBatcher MaxItemsPerBatch) and a Pass child in place of the Lambda function: the Map
 * Run takes the evaluated values (DescribeMapRun), batches by them, and a value the field does not take fails the
 * execution with States.QueryEvaluationError naming the field.
 */
class JsonataDistributedMapSdkTest {
    private static final String BUCKET = "multi-file-data-bucket";
    private static final String RESULTS = "results-bucket";

    @TempDir
    Path temp;

    /** Lab 03's JSONata definition, its numbers made expressions, a Pass child echoing what each batch got. */
    private static String definition() throws Exception {
        String text = Files.readString(Path.of("..", "labs", "03-fix-batchinput", "workflow-fixed.jsonata.asl.json"))
                .replace("${ResultsBucketName}", RESULTS);
        ObjectNode root = (ObjectNode) Json.parse(text);
        ObjectNode map = (ObjectNode) root.get("States").get("Map");
        map.put("MaxConcurrency", "{% $states.input.concurrency %}");
        map.put("ToleratedFailurePercentage", "{% $states.input.tolerance %}");
        map.put("ToleratedFailureCount", "{% $states.input.failures %}");
        ((ObjectNode) map.get("ItemBatcher")).put("MaxItemsPerBatch", "{% $states.input.batchSize %}");
        ObjectNode states = (ObjectNode) map.get("ItemProcessor").get("States");
        states.removeAll();
        states.set("Lambda Invoke", Json.parse("{\"Type\":\"Pass\",\"Output\":{\"files\":\"{% $count($states.input.Items) %}\","
                + "\"bucket\":\"{% $states.input.BatchInput.Bucket %}\"},\"End\":true}"));
        return Json.write(root);
    }

    private static String input(int concurrency) {
        return "{\"bucket\":\"" + BUCKET + "\",\"prefix\":\"csv/by_station/\",\"concurrency\":" + concurrency
                + ",\"tolerance\":5,\"failures\":1,\"batchSize\":10}";
    }

    @Test
    void theMapRunTakesItsNumbersFromJsonataExpressions() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 0.001)) {
            c.bucket(BUCKET);
            c.bucket(RESULTS);
            for (int i = 0; i < 25; i++) {
                c.put(BUCKET, String.format("csv/by_station/S%03d.csv", i), "DATE,PRCP\n2020-01-01,1\n");
            }
            String sm = c.createStateMachine("WorkshopJsonata", definition());
            String execution = c.start(sm, input(2));
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.cause());

            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(c.mapRunOf(execution)));
            assertEquals(MapRunStatus.SUCCEEDED, run.status());
            assertEquals(2, run.maxConcurrency());
            assertEquals(5.0f, run.toleratedFailurePercentage());
            assertEquals(1L, run.toleratedFailureCount());
            assertEquals(25L, run.itemCounts().total());
            assertEquals(25L, run.itemCounts().succeeded());
            assertEquals(3L, run.executionCounts().total());

            JsonNode output = Json.parse(done.output());
            assertEquals(RESULTS, output.path("ResultWriterDetails").path("Bucket").asText());
            JsonNode manifest = Json.parse(c.get(RESULTS, output.path("ResultWriterDetails").path("Key").asText()));
            String succeeded = manifest.path("ResultFiles").path("SUCCEEDED").get(0).path("Key").asText();
            List<Integer> batchSizes = new ArrayList<>();
            for (JsonNode record : Json.parse(c.get(RESULTS, succeeded))) {
                JsonNode childOutput = Json.parse(record.path("Output").asText());
                assertEquals(BUCKET, childOutput.path("bucket").asText()); // BatchInput via Arguments, as in lab 03
                batchSizes.add(childOutput.path("files").asInt());
            }
            batchSizes.sort(null);
            assertEquals(List.of(5, 10, 10), batchSizes);
        }
    }

    @Test
    void aValueTheFieldDoesNotTakeFailsWithQueryEvaluationError() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 0.001)) {
            c.bucket(BUCKET);
            c.bucket(RESULTS);
            String sm = c.createStateMachine("WorkshopJsonataBad", definition());
            String execution = c.start(sm, input(-1));
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("States.QueryEvaluationError", done.error());
            assertTrue(done.cause().contains("'MaxConcurrency'"), done.cause());
            List<HistoryEvent> events = c.history(execution);
            HistoryEvent failed = events.stream().filter(e -> e.evaluationFailedEventDetails() != null).findFirst().orElseThrow();
            assertEquals("MaxConcurrency", failed.evaluationFailedEventDetails().location());
            assertTrue(events.stream().noneMatch(e -> e.mapRunStartedEventDetails() != null), "no Map Run was started");
        }
    }

    @Test
    void aBadExpressionInANestedNumberIsRefusedAtItsPointer() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 0.001)) {
            String bad = definition().replace("{% $states.input.batchSize %}", "{% $states.input.( %}");
            InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class,
                    () -> c.createStateMachine("WorkshopJsonataSyntax", bad));
            assertTrue(e.awsErrorDetails().errorMessage().contains("/States/Map/ItemBatcher/MaxItemsPerBatch"),
                    e.awsErrorDetails().errorMessage());
        }
    }

    /** Issue 17 point 3: a Distributed Map's children run in a scope of their own, without the parent's variables. */
    @Test
    void aChildSeesNoneOfTheParentsVariables() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 0.001)) {
            String sm = c.createStateMachine("ChildScope", "{\"StartAt\":\"Init\",\"States\":{"
                    + "\"Init\":{\"Type\":\"Pass\",\"Assign\":{\"tag\":\"t1\"},\"Next\":\"Map\"},"
                    + "\"Map\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"ItemSelector\":{\"tag.$\":\"$tag\"},"
                    + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},"
                    + "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{\"again.$\":\"$tag\"},\"End\":true}}},"
                    + "\"End\":true}}}");
            String execution = c.start(sm, "{\"items\":[1]}");
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("States.ExceedToleratedFailureThreshold", done.error());
            String mapRunArn = c.mapRunOf(execution);
            var children = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn)).executions();
            assertEquals(1, children.size());
            DescribeExecutionResponse child = c.sfn.describeExecution(r -> r.executionArn(children.get(0).executionArn()));
            assertEquals("{\"tag\":\"t1\"}", child.input()); // the parent's ItemSelector read the parent's variable
            assertEquals("States.Runtime", child.error());
            assertTrue(child.cause().contains("$tag"), child.cause()); // the child's own reference finds nothing
        }
    }
}
