package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunExecutionCounts;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workshop itself through the SDK (issue 6 "Tests"): the real noah.zip under {@code csv/by_station/}, the real
 * function jar, lab 02's definition (no BatchInput: FAILED with 11 failed-or-aborted-or-pending batches whose
 * inputs hold only listing entries) and lab 03's (BatchInput: SUCCEEDED, 1,003 items in DynamoDB, 61 of them 0),
 * in both query languages: the JSONPath files the workshop wrote and their JSONata twins (issue 17 point 5).
 */
class WorkshopDistributedMapTest {
    private static final String BUCKET = "multi-file-data-bucket";
    private static final String TABLE = "HighPrecipitationTable";

    @TempDir
    Path temp;

    @ParameterizedTest(name = "workflow{0}.asl.json")
    @ValueSource(strings = {"", ".jsonata"})
    void withoutBatchInputTheRunFailsAndWithItEveryStationIsStored(String language) throws Exception {
        Path zip = Path.of(System.getProperty("shared.data", "../../shared/data"), "noaa-sample", "noah.zip");
        Assumptions.assumeTrue(Files.isRegularFile(zip), zip + " absent: skipping the real-data workshop test");
        Path jar = Path.of(System.getProperty("lambda.jar", "../lambda/target/high-precipitation-lambda.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), jar + " absent (build the lambda module): skipping the workshop test");
        Path labs = Path.of("..", "labs");
        String failing = Files.readString(labs.resolve("02-run-and-fail/workflow" + language + ".asl.json"));
        String fixed = Files.readString(labs.resolve("03-fix-batchinput/workflow-fixed" + language + ".asl.json"));

        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0);
             LambdaClient lambda = SdkClients.client(LambdaClient.builder(), c.cloud.endpoint());
             DynamoDbClient dynamo = SdkClients.client(DynamoDbClient.builder(), c.cloud.endpoint())) {
            c.bucket(BUCKET);
            c.bucket("results-bucket");
            int files = upload(c, zip);
            assertEquals(1005, files);
            dynamo.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            byte[] code = readAll(jar);
            String functionArn = lambda.createFunction(r -> r.functionName("HighPrecipitationFunction")
                    .runtime(Runtime.JAVA17).role("arn:aws:iam::000000000000:role/HighPrecipitationFunctionRole")
                    .handler("dev.dmapworkbook.lambda.HighPrecipitationHandler::handleRequest").timeout(60).memorySize(1024)
                    .environment(e -> e.variables(Map.of("RESULTS_DYNAMODB_TABLE_NAME", TABLE)))
                    .code(b -> b.zipFile(SdkBytes.fromByteArray(code)))).functionArn();

            String sm = c.sfn.createStateMachine(r -> r.name("FindHighPrecipitationWorkflow")
                    .roleArn("arn:aws:iam::000000000000:role/StatesHighPrecipitationRole")
                    .definition(substitute(failing, functionArn))).stateMachineArn();
            String input = "{\"bucket\":\"" + BUCKET + "\",\"prefix\":\"csv/by_station\"}";

            // Lab 02: no BatchInput
            String execution = c.start(sm, input);
            DescribeExecutionResponse failed = c.await(execution);
            assertEquals(ExecutionStatus.FAILED, failed.status());
            assertEquals("States.ExceedToleratedFailureThreshold", failed.error());
            String mapRunArn = c.mapRunOf(execution);
            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            assertEquals(MapRunStatus.FAILED, run.status());
            MapRunExecutionCounts executions = run.executionCounts();
            assertEquals(11, executions.total());
            assertEquals(0, executions.succeeded());
            assertEquals(0, executions.running());
            assertEquals(executions.total(), executions.failed() + executions.aborted() + executions.pending()
                    + executions.timedOut());
            MapRunItemCounts items = run.itemCounts();
            assertEquals(1005, items.total());
            assertEquals(items.total(), items.failed() + items.aborted() + items.pending() + items.timedOut());
            List<ExecutionListItem> failedChildren = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn)
                    .statusFilter(ExecutionStatus.FAILED)).executions();
            assertFalse(failedChildren.isEmpty());
            for (ExecutionListItem child : failedChildren) {
                DescribeExecutionResponse described = c.sfn.describeExecution(r -> r.executionArn(child.executionArn()));
                JsonNode childInput = Json.parse(described.input());
                assertEquals(List.of("Items"), fields(childInput), "the child's input holds only the listing entries");
                for (JsonNode entry : childInput.get("Items")) {
                    assertEquals(List.of("Etag", "Key", "LastModified", "Size", "StorageClass"), fields(entry));
                    assertTrue(entry.get("Key").asText().startsWith("csv/by_station/"));
                }
                assertTrue(described.cause().contains("BatchInput.Bucket"), described.cause());
            }

            // Lab 03: BatchInput fixes it
            c.sfn.updateStateMachine(r -> r.stateMachineArn(sm).definition(substitute(fixed, functionArn)));
            String second = c.start(sm, input);
            DescribeExecutionResponse succeeded = c.await(second);
            assertEquals(ExecutionStatus.SUCCEEDED, succeeded.status(), succeeded.error() + " " + succeeded.cause());
            List<Map<String, AttributeValue>> stored = new ArrayList<>();
            dynamo.scanPaginator(r -> r.tableName(TABLE)).items().forEach(stored::add);
            assertEquals(1003, stored.size());
            assertEquals(61, stored.stream().filter(item -> Long.parseLong(item.get("PRCP").n()) == 0).count());
            String secondRun = c.mapRunOf(second);
            assertEquals(11, c.sfn.describeMapRun(r -> r.mapRunArn(secondRun)).executionCounts().succeeded());
        }
    }

    private static String substitute(String definition, String functionArn) {
        return definition.replace("${HighPrecipitationFunctionArn}", functionArn)
                .replace("${ResultsBucketName}", "results-bucket");
    }

    /** Uploads every CSV of the zip under {@code csv/by_station/<file name>}, as lab 01 does. */
    private static int upload(SdkCloud c, Path zip) throws Exception {
        int count = 0;
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                if (entry.isDirectory() || !entry.getName().endsWith(".csv")) {
                    continue;
                }
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                byte[] body = entries.readAllBytes();
                c.s3.putObject(r -> r.bucket(BUCKET).key("csv/by_station/" + name), RequestBody.fromBytes(body));
                count++;
            }
        }
        return count;
    }

    private static byte[] readAll(Path file) throws java.io.IOException {
        return Files.readAllBytes(file);
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
