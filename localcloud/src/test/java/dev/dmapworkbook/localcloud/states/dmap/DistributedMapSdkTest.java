package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distributed Map through the real SfnClient and S3Client (issue 6 bullets 1–6). */
class DistributedMapSdkTest {
    @TempDir
    Path temp;

    private static String processor(String type, String states) {
        return "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"" + type + "\"},"
                + states + "}";
    }

    private static final String PASS = "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}";

    private static String machine(String mapFields) {
        return "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\"," + mapFields + ",\"End\":true}}}";
    }

    private static String id(String mapRunArn) {
        return mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
    }

    @Test
    void helloDmapOverAGeneratedCsvWritesResultFilesAndCountsTheFilter() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("hello-input");
            c.bucket("hello-results");
            Path csv = temp.resolve("df_electronics.csv");
            ElectronicsCsvFile.Summary summary = ElectronicsCsvFile.write(csv, 100_000, 1);
            c.put("hello-input", "df_electronics.csv", csv);
            String definition = Files.readString(Path.of(getClass().getResource("/dmap/hello-dmap.asl.json").toURI()))
                    .replace("${InputBucket}", "hello-input").replace("${ResultsBucket}", "hello-results");
            String sm = c.createStateMachine("HelloDmapStateMachine", definition);
            String execution = c.start(sm, "{\"key\":\"df_electronics.csv\",\"output\":\"results\"}");
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.error() + " " + done.cause());

            assertEquals(List.of("ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted",
                    "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"), c.types(execution));
            List<HistoryEvent> events = c.history(execution);
            assertEquals(0, events.get(2).mapStateStartedEventDetails().length());
            String mapRunArn = events.get(3).mapRunStartedEventDetails().mapRunArn();
            assertTrue(mapRunArn.startsWith("arn:aws:states:us-east-1:000000000000:mapRun:HelloDmapStateMachine/HelloDmap:"),
                    mapRunArn);

            JsonNode output = Json.parse(done.output());
            String manifestKey = "results/" + id(mapRunArn) + "/manifest.json";
            assertEquals(Json.parse("{\"MapRunArn\":\"" + mapRunArn + "\",\"ResultWriterDetails\":{\"Bucket\":\"hello-results\","
                    + "\"Key\":\"" + manifestKey + "\"}}"), output);
            JsonNode manifest = Json.parse(c.get("hello-results", manifestKey));
            assertEquals("hello-results", manifest.get("DestinationBucket").asText());
            assertEquals(mapRunArn, manifest.get("MapRunArn").asText());
            assertEquals(0, manifest.at("/ResultFiles/FAILED").size());
            assertEquals(0, manifest.at("/ResultFiles/PENDING").size());
            JsonNode file = manifest.at("/ResultFiles/SUCCEEDED/0");
            assertEquals("results/" + id(mapRunArn) + "/SUCCEEDED_0.json", file.get("Key").asText());
            String succeededText = c.get("hello-results", file.get("Key").asText());
            assertEquals(succeededText.getBytes(StandardCharsets.UTF_8).length, file.get("Size").asLong());
            JsonNode succeeded = Json.parse(succeededText);
            assertEquals(100, succeeded.size());
            long kept = 0;
            for (JsonNode record : succeeded) {
                assertEquals("SUCCEEDED", record.get("Status").asText());
                // spec 1.1: express:<sm>/<label>:<childName>:<expressId>, Name = the child's name
                assertTrue(record.get("ExecutionArn").asText().matches(
                        "arn:aws:states:us-east-1:000000000000:express:HelloDmapStateMachine/HelloDmap:"
                                + record.get("Name").asText() + ":[0-9a-f-]{36}"), record.get("ExecutionArn").asText());
                assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:HelloDmapStateMachine/HelloDmap",
                        record.get("StateMachineArn").asText());
                JsonNode childOutput = Json.parse(record.get("Output").asText());
                for (JsonNode row : childOutput.get("highlyRated")) {
                    String rating = row.get("rating").asText();
                    assertTrue(rating.equals("4.0") || rating.equals("5.0"), rating);
                }
                kept += childOutput.get("highlyRated").size();
                assertEquals(1000, Json.parse(record.get("Input").asText()).get("Items").size());
            }
            assertEquals(summary.highlyRated(), kept);

            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            assertEquals(MapRunStatus.SUCCEEDED, run.status());
            assertEquals(execution, run.executionArn());
            assertEquals(1000, run.maxConcurrency());
            assertEquals(1.0f, run.toleratedFailurePercentage());
            assertEquals(100_000, run.itemCounts().total());
            assertEquals(100_000, run.itemCounts().succeeded());
            assertEquals(100, run.executionCounts().total());
            assertEquals(100, run.executionCounts().succeeded());
            assertEquals(0, run.executionCounts().pending() + run.executionCounts().running());
            assertNotNull(run.stopDate());

            List<MapRunListItem> runs = c.sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns();
            assertEquals(1, runs.size());
            assertEquals(mapRunArn, runs.get(0).mapRunArn());
            assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:HelloDmapStateMachine/HelloDmap",
                    runs.get(0).stateMachineArn());
        }
    }

    @Test
    void standardChildrenAreRealExecutionsListedByMapRun() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("data");
            for (int i = 0; i < 25; i++) {
                c.put("data", String.format("csv/by_station/S%02d.csv", i), "ID,DATE\n");
            }
            String sm = c.createStateMachine("Listing", machine("""
                    "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket.$":"$.bucket","Prefix.$":"$.prefix"}},
                    "ItemBatcher":{"MaxItemsPerBatch":10},"Label":"Stations",""" + processor("STANDARD", PASS)));
            String execution = c.start(sm, "{\"bucket\":\"data\",\"prefix\":\"csv/by_station\"}");
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.cause());
            JsonNode output = Json.parse(done.output());
            assertEquals(3, output.size());
            assertEquals(List.of("Items"), fields(output.get(0)));
            JsonNode firstItem = output.get(0).get("Items").get(0);
            assertEquals(List.of("Etag", "Key", "LastModified", "Size", "StorageClass"), fields(firstItem));
            assertEquals("csv/by_station/S00.csv", firstItem.get("Key").asText());

            String mapRunArn = c.mapRunOf(execution);
            List<ExecutionListItem> children = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn)).executions();
            assertEquals(3, children.size());
            assertEquals(25, children.stream().mapToInt(ExecutionListItem::itemCount).sum());
            for (ExecutionListItem child : children) {
                assertEquals(mapRunArn, child.mapRunArn());
                assertEquals(ExecutionStatus.SUCCEEDED, child.status());
                assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:Listing/Stations", child.stateMachineArn());
                assertTrue(child.executionArn().startsWith("arn:aws:states:us-east-1:000000000000:execution:Listing/Stations:"));
                DescribeExecutionResponse described = c.sfn.describeExecution(r -> r.executionArn(child.executionArn()));
                assertEquals(mapRunArn, described.mapRunArn());
                JsonNode input = Json.parse(described.input());
                assertEquals(List.of("Items"), fields(input));
                List<String> types = c.types(child.executionArn());
                assertEquals(List.of("ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"), types);
            }
        }
    }

    /**
     * EXPRESS children's batches (here 10 items of 1 KB each) reach the ResultWriter files whole, and the local cloud
     * keeps no copy of them in its execution store: AWS keeps no record of EXPRESS executions (spec 9.9).
     */
    @Test
    void expressBatchesGoToTheResultFilesAndNowhereElse() throws Exception {
        Path data = temp.resolve("cloud");
        StringBuilder items = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 20; i++) {
            items.append(i == 0 ? "" : ",").append('"').append(String.valueOf((char) ('a' + i)).repeat(1000)).append('"');
        }
        String parentInput = items.append("]}").toString();
        try (SdkCloud c = new SdkCloud(data, 1.0)) {
            c.bucket("out");
            String sm = c.createStateMachine("Batches", machine("\"ItemsPath\":\"$.items\",\"ItemBatcher\":{\"MaxItemsPerBatch\":10},"
                    + "\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\",\"Parameters\":{\"Bucket\":\"out\",\"Prefix\":\"r\"}},"
                    + processor("EXPRESS", PASS)));
            String execution = c.start(sm, parentInput);
            assertEquals(ExecutionStatus.SUCCEEDED, c.await(execution).status());
            String mapRunArn = c.mapRunOf(execution);
            JsonNode records = Json.parse(c.get("out", "r/" + id(mapRunArn) + "/SUCCEEDED_0.json"));
            assertEquals(2, records.size());
            for (JsonNode record : records) {
                JsonNode input = Json.parse(record.get("Input").asText());
                assertEquals(10, input.get("Items").size());
                assertEquals(input, Json.parse(record.get("Output").asText()), "the Pass child's output is its input");
            }
            assertEquals("a".repeat(1000), Json.parse(records.get(0).get("Input").asText()).at("/Items/0").asText());
        }
        try (var files = Files.list(data.resolve("states").resolve("payloads"))) {
            List<String> kept = files.map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(parentInput), kept, "only the parent's input (20 KB) is kept, none of the batches");
        }
    }

    /**
     * Issue 6 bullet 4 on the real engine: 10,000 children in flight at once (MaxConcurrency unset: AWS's default
     * of 10,000, spec 9.6), each waiting in a Wait state, take no thread each.
     */
    @Test
    void tenThousandChildrenInFlightTakeNoThreadEach() {
        int threadsBefore = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String sm = c.createStateMachine("TenThousand", machine("\"ItemsPath\":\"$.items\","
                    + processor("EXPRESS", "\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}")));
            StringBuilder items = new StringBuilder("{\"items\":[0");
            for (int i = 1; i < 10_000; i++) {
                items.append(',').append(i);
            }
            String execution = c.start(sm, items.append("]}").toString());
            String mapRunArn = c.awaitMapRun(execution);
            c.awaitMapRun(mapRunArn, run -> run.executionCounts().running() == 10_000, "10,000 running children");
            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            assertEquals(0, run.maxConcurrency(), "unset: no limit of its own");
            assertEquals(10_000, run.executionCounts().running());
            assertEquals(0, run.executionCounts().pending());
            int threadsDuring = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
            assertTrue(threadsDuring - threadsBefore < 200,
                    "10,000 waiting children took " + (threadsDuring - threadsBefore) + " threads");
        }
    }

    @Test
    void failureThresholdFailsTheExecutionOrIsCaught() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String children = processor("STANDARD", """
                    "StartAt":"Check","States":{"Check":{"Type":"Choice","Choices":[{"Variable":"$","NumericGreaterThan":7,"Next":"Boom"}],
                    "Default":"Ok"},"Ok":{"Type":"Succeed"},"Boom":{"Type":"Fail","Error":"TooBig","Cause":"item over 7"}}""");
            String failing = c.createStateMachine("Tolerance", machine("\"ItemsPath\":\"$.items\",\"MaxConcurrency\":1,"
                    + "\"ToleratedFailureCount\":1," + children));
            String execution = c.start(failing, "{\"items\":[1,2,3,4,5,6,7,8,9,10]}");
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("States.ExceedToleratedFailureThreshold", done.error());
            assertEquals("The specified tolerated failure threshold was exceeded", done.cause());
            assertEquals(List.of("ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunFailed",
                    "MapStateFailed", "ExecutionFailed"), c.types(execution));
            assertEquals(10, c.history(execution).get(2).mapStateStartedEventDetails().length());
            String mapRunArn = c.mapRunOf(execution);
            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            assertEquals(MapRunStatus.FAILED, run.status());
            assertEquals(1, run.toleratedFailureCount());
            assertEquals(7, run.itemCounts().succeeded());
            assertEquals(2, run.itemCounts().failed());
            assertEquals(1, run.itemCounts().pending());
            assertEquals(10, run.itemCounts().total());
            // a failed child is redriven with its Map Run, a succeeded one never (DescribeExecution redriveStatus)
            String failedChild = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn).statusFilter(ExecutionStatus.FAILED))
                    .executions().get(0).executionArn();
            assertEquals(ExecutionRedriveStatus.REDRIVABLE_BY_MAP_RUN,
                    c.sfn.describeExecution(r -> r.executionArn(failedChild)).redriveStatus());
            String succeededChild = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn).statusFilter(ExecutionStatus.SUCCEEDED))
                    .executions().get(0).executionArn();
            DescribeExecutionResponse succeeded = c.sfn.describeExecution(r -> r.executionArn(succeededChild));
            assertEquals(ExecutionRedriveStatus.NOT_REDRIVABLE, succeeded.redriveStatus());
            assertEquals("Execution is SUCCEEDED and cannot be redriven", succeeded.redriveStatusReason());
            ValidationException completed = assertThrows(ValidationException.class,
                    () -> c.sfn.updateMapRun(r -> r.mapRunArn(mapRunArn).maxConcurrency(5)));
            assertEquals("CANNOT_UPDATE_COMPLETED_MAP_RUN", completed.reasonAsString());

            String caught = c.createStateMachine("Caught", "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\","
                    + "\"ItemsPath\":\"$.items\",\"MaxConcurrency\":1," + children + ",\"Catch\":[{\"ErrorEquals\":"
                    + "[\"States.ExceedToleratedFailureThreshold\"],\"ResultPath\":\"$.error\",\"Next\":\"Handled\"}],"
                    + "\"End\":true},\"Handled\":{\"Type\":\"Pass\",\"End\":true}}}");
            DescribeExecutionResponse handled = c.await(c.start(caught, "{\"items\":[8,1]}"));
            assertEquals(ExecutionStatus.SUCCEEDED, handled.status());
            assertEquals("States.ExceedToleratedFailureThreshold", Json.parse(handled.output()).at("/error/Error").asText());
        }
    }

    @Test
    void retryOnTheMapStartsANewMapRun() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 0.001)) {
            String sm = c.createStateMachine("Retried", machine("\"ItemsPath\":\"$.items\"," + processor("EXPRESS",
                    "\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"Nope\"}}")
                    + ",\"Retry\":[{\"ErrorEquals\":[\"States.ExceedToleratedFailureThreshold\"],\"MaxAttempts\":1,"
                    + "\"IntervalSeconds\":1}]"));
            String execution = c.start(sm, "{\"items\":[1]}");
            assertEquals(ExecutionStatus.FAILED, c.await(execution).status());
            List<MapRunListItem> runs = c.sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns();
            assertEquals(2, runs.size());
            assertFalse(runs.get(0).mapRunArn().equals(runs.get(1).mapRunArn()));
        }
    }

    @Test
    void updateMapRunThenStopTheParentAbortsTheMapRun() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String sm = c.createStateMachine("Slow", machine("\"ItemsPath\":\"$.items\",\"MaxConcurrency\":1,"
                    + processor("STANDARD", "\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}")));
            String execution = c.start(sm, "{\"items\":[1,2,3,4,5,6]}");
            String mapRunArn = c.awaitMapRun(execution);
            c.awaitMapRun(mapRunArn, run -> run.executionCounts().running() == 1, "1 running child");
            DescribeMapRunResponse early = c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            assertEquals(1, early.maxConcurrency());
            assertEquals(5, early.executionCounts().pending());
            c.sfn.updateMapRun(r -> r.mapRunArn(mapRunArn).maxConcurrency(4).toleratedFailurePercentage(50f));
            c.awaitMapRun(mapRunArn, run -> run.executionCounts().running() == 4, "4 running children");
            DescribeMapRunResponse updated = c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            assertEquals(4, updated.maxConcurrency());
            assertEquals(50.0f, updated.toleratedFailurePercentage());
            assertEquals(2, updated.executionCounts().pending());

            c.sfn.stopExecution(r -> r.executionArn(execution));
            assertEquals(ExecutionStatus.ABORTED, c.await(execution).status());
            assertStoppedDuringTheMapRun(c, execution);
            DescribeMapRunResponse stopped = c.awaitMapRun(mapRunArn, run -> run.status() != MapRunStatus.RUNNING, "its end");
            assertEquals(MapRunStatus.ABORTED, stopped.status());
            assertNotNull(stopped.stopDate());
            // spec 2.14/9.10: the running children are aborted, the ones never started stay pending
            assertEquals(("{\"pending\":2,\"running\":0,\"succeeded\":0,\"failed\":0,\"timedOut\":0,\"aborted\":4,"
                    + "\"total\":6,\"resultsWritten\":0,\"failuresNotRedrivable\":0,\"pendingRedrive\":0}"),
                    counts(stopped.executionCounts()));
            List<ExecutionListItem> children = c.sfn.listExecutions(r -> r.mapRunArn(mapRunArn)).executions();
            assertEquals(4, children.size());
            for (ExecutionListItem child : children) {
                assertEquals(ExecutionStatus.ABORTED, child.status());
            }
        }
    }

    /** Spec 2.12, 9.2: EXPRESS children cannot be stopped; they run to completion and the Map Run ends ABORTED after them. */
    @Test
    void stoppingTheParentLetsExpressChildrenFinish() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 0.01)) {
            String sm = c.createStateMachine("SlowExpress", machine("\"ItemsPath\":\"$.items\",\"MaxConcurrency\":2,"
                    + processor("EXPRESS", "\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":500,\"End\":true}}")));
            String execution = c.start(sm, "{\"items\":[1,2,3,4,5]}");
            String mapRunArn = c.awaitMapRun(execution);
            c.awaitMapRun(mapRunArn, run -> run.executionCounts().running() == 2, "2 running children");

            c.sfn.stopExecution(r -> r.executionArn(execution));
            assertEquals(ExecutionStatus.ABORTED, c.await(execution).status());
            assertStoppedDuringTheMapRun(c, execution);
            DescribeMapRunResponse stopped = c.awaitMapRun(mapRunArn, run -> run.status() != MapRunStatus.RUNNING, "its end");
            assertEquals(MapRunStatus.ABORTED, stopped.status());
            assertEquals(("{\"pending\":3,\"running\":0,\"succeeded\":2,\"failed\":0,\"timedOut\":0,\"aborted\":0,"
                    + "\"total\":5,\"resultsWritten\":2,\"failuresNotRedrivable\":0,\"pendingRedrive\":0}"),
                    counts(stopped.executionCounts()));
        }
    }

    /** The parent's history: MapRunAborted after MapRunStarted, then ExecutionAborted; no MapStateAborted [GUESS]. */
    private static void assertStoppedDuringTheMapRun(SdkCloud c, String execution) {
        List<HistoryEvent> events = c.sfn.getExecutionHistory(r -> r.executionArn(execution)).events();
        assertEquals(List.of("ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunAborted",
                "ExecutionAborted"), events.stream().map(HistoryEvent::typeAsString).toList());
        assertEquals(events.get(3).id(), events.get(4).previousEventId());
        assertEquals(events.get(4).id(), events.get(5).previousEventId());
    }

    @Test
    void nestedDistributedMapsRunUnderTheChild() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String inner = "\"StartAt\":\"Inner\",\"States\":{\"Inner\":{\"Type\":\"Map\",\"ItemsPath\":\"$.values\",\"Label\":\"Inner\","
                    + processor("STANDARD", PASS) + ",\"End\":true}}";
            String sm = c.createStateMachine("Nested", machine("\"ItemsPath\":\"$.groups\",\"Label\":\"Outer\","
                    + processor("STANDARD", inner)));
            String execution = c.start(sm, "{\"groups\":[{\"values\":[1,2]},{\"values\":[3]}]}");
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.cause());
            assertEquals(Json.parse("[[1,2],[3]]"), Json.parse(done.output()));
            String outer = c.mapRunOf(execution);
            ExecutionListItem child = c.sfn.listExecutions(r -> r.mapRunArn(outer)).executions().get(0);
            List<MapRunListItem> innerRuns = c.sfn.listMapRuns(r -> r.executionArn(child.executionArn())).mapRuns();
            assertEquals(1, innerRuns.size());
            assertTrue(innerRuns.get(0).mapRunArn().contains(":mapRun:Nested/Outer/Inner:"), innerRuns.get(0).mapRunArn());
        }
    }

    @Test
    void badDefinitionsAndUnknownMapRunsGetAwsErrors() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            InvalidDefinitionException bad = assertThrows(InvalidDefinitionException.class, () -> c.createStateMachine("Bad",
                    machine("\"ItemsPath\":\"$\",\"ItemBatcher\":{\"MaxItemsPerBatch\":2,\"BatchInput\":[1]}," + processor("STANDARD", PASS))));
            assertTrue(bad.getMessage().contains("SCHEMA_VALIDATION_FAILED: must be a JSON object at /States/Map/ItemBatcher/BatchInput"),
                    bad.getMessage());
            InvalidDefinitionException parquet = assertThrows(InvalidDefinitionException.class, () -> c.createStateMachine("Pq",
                    machine("\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"PARQUET\"},"
                            + "\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"k\"}}," + processor("STANDARD", PASS))));
            assertTrue(parquet.getMessage().contains("PARQUET is not supported by the local cloud"), parquet.getMessage());
            String unknown = "arn:aws:states:us-east-1:000000000000:mapRun:Nope/label:00000000-0000-0000-0000-000000000000";
            assertThrows(ResourceNotFoundException.class, () -> c.sfn.describeMapRun(r -> r.mapRunArn(unknown)));
            assertThrows(ResourceNotFoundException.class, () -> c.sfn.updateMapRun(r -> r.mapRunArn(unknown).maxConcurrency(1)));
        }
    }

    private static String counts(software.amazon.awssdk.services.sfn.model.MapRunExecutionCounts n) {
        return Json.write(Json.object("pending", n.pending(), "running", n.running(), "succeeded", n.succeeded(), "failed", n.failed(),
                "timedOut", n.timedOut(), "aborted", n.aborted(), "total", n.total(), "resultsWritten", n.resultsWritten(),
                "failuresNotRedrivable", n.failuresNotRedrivable(), "pendingRedrive", n.pendingRedrive()));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
