package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.dmap.FakeHost.Fate;
import dev.dmapworkbook.localcloud.states.dmap.FakeHost.FakeFailure;
import dev.dmapworkbook.localcloud.states.dmap.MapRunCounters.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Map Runs end to end against a fake engine (spec 9.2, 9.5–9.8, 2.14–2.15). */
class MapRunTest {
    @TempDir
    Path temp;
    private final FakeS3 s3 = new FakeS3();
    private final List<FakeHost> hosts = new ArrayList<>();
    private final List<MapRun> runs = new ArrayList<>();

    @AfterEach
    void stopPools() {
        hosts.forEach(h -> h.executor.shutdownNow());
    }

    private FakeHost host(String inputJson) {
        FakeHost host = new FakeHost(Json.parse(inputJson), s3, temp.resolve("spool"));
        hosts.add(host);
        return host;
    }

    private static DistributedMap map(String fields) {
        String json = "{\"Type\":\"Map\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":"
                + "\"STANDARD\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true"
                + (fields.isEmpty() ? "" : "," + fields) + "}";
        return new DistributedMapParser().parse("M", Json.parse(json), "/States/M");
    }

    private CompletableFuture<JsonNode> start(DistributedMap spec, FakeHost host) {
        if (spec.itemSelector().isPresent()) {
            host.itemSelector = spec.itemSelector().get();
        }
        return MapRun.run(spec, host, "label", runs::add);
    }

    private static JsonNode await(CompletableFuture<JsonNode> result) {
        return result.orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static FakeFailure failure(CompletableFuture<JsonNode> result) {
        CompletionException e = assertThrows(CompletionException.class, () -> await(result));
        return assertInstanceOf(FakeFailure.class, e.getCause());
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 6000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }

    private void stations(int count) {
        s3.createBucket("data", "us-east-1");
        for (int i = 0; i < count; i++) {
            s3.put("data", String.format("csv/by_station/ST%06d.csv", i), "ID,DATE\n");
        }
    }

    private static void assertAddsUp(JsonNode counts) {
        long sum = counts.get("pending").asLong() + counts.get("running").asLong() + counts.get("succeeded").asLong()
                + counts.get("failed").asLong() + counts.get("timedOut").asLong() + counts.get("aborted").asLong();
        assertEquals(counts.get("total").asLong(), sum, counts.toString());
    }

    @Test
    void itemsFromInputGiveResultsInIndexOrder() {
        FakeHost host = host("{\"items\":[1,2,3,4,5]}");
        host.children = in -> Fate.succeed(Json.parse("{\"v\":" + in.get("value") + ",\"i\":" + in.get("index") + "}"));
        JsonNode output = await(start(map("\"ItemsPath\":\"$.items\",\"ItemSelector\":{\"value.$\":\"$$.Map.Item.Value\","
                + "\"index.$\":\"$$.Map.Item.Index\"}"), host));
        assertEquals(Json.parse("[{\"v\":1,\"i\":0},{\"v\":2,\"i\":1},{\"v\":3,\"i\":2},{\"v\":4,\"i\":3},{\"v\":5,\"i\":4}]"), output);
        assertEquals(List.of("MapStateStarted", "MapRunStarted", "MapRunSucceeded"), host.events);
        assertEquals(5, host.eventDetails.get(0).get("length").asInt());
        assertEquals("arn:aws:states:us-east-1:000000000000:mapRun:sm/label:" + runs.get(0).mapRunArn()
                .substring(runs.get(0).mapRunArn().lastIndexOf(':') + 1), host.eventDetails.get(1).get("mapRunArn").asText());
        JsonNode described = runs.get(0).toJson();
        assertEquals("SUCCEEDED", described.get("status").asText());
        assertEquals(Json.parse("{\"pending\":0,\"running\":0,\"succeeded\":5,\"failed\":0,\"timedOut\":0,\"aborted\":0,"
                + "\"total\":5,\"resultsWritten\":5,\"failuresNotRedrivable\":0,\"pendingRedrive\":0}"),
                Json.parse(described.get("itemCounts").toString()));
        assertEquals(described.get("itemCounts"), described.get("executionCounts"));
        assertEquals(0, described.get("maxConcurrency").asInt());
        assertEquals(0.0, described.get("toleratedFailurePercentage").asDouble());
        assertEquals(0, described.get("toleratedFailureCount").asInt());
        assertTrue(described.has("stopDate"));
    }

    /** The workshop without BatchInput: every child fails, the first failure breaches the default threshold. */
    @Test
    void workshopWithoutBatchInputFailsWithCountersAddingUp() throws Exception {
        stations(1005);
        FakeHost host = host("{\"bucket\":\"data\",\"prefix\":\"csv/by_station\"}");
        host.children = in -> in.has("BatchInput") ? Fate.succeed(Json.parse("{}"))
                : Fate.fail("java.lang.IllegalArgumentException", "{\"errorMessage\":\"event.BatchInput.Bucket is required\"}");
        CompletableFuture<JsonNode> result = start(map("""
                "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket.$":"$.bucket","Prefix.$":"$.prefix"}},
                "ItemBatcher":{"MaxItemsPerBatch":100},"MaxConcurrency":1000"""), host);
        FakeFailure failure = failure(result);
        assertEquals("States.ExceedToleratedFailureThreshold", failure.error);
        assertEquals("The specified tolerated failure threshold was exceeded", failure.cause);
        assertEquals(List.of("MapStateStarted", "MapRunStarted", "MapRunFailed"), host.events);
        assertEquals(0, host.eventDetails.get(0).get("length").asInt());
        assertEquals("States.ExceedToleratedFailureThreshold", host.eventDetails.get(2).get("error").asText());
        JsonNode described = runs.get(0).toJson();
        assertEquals("FAILED", described.get("status").asText());
        JsonNode executions = described.get("executionCounts");
        JsonNode items = described.get("itemCounts");
        assertEquals(11, executions.get("total").asInt());
        assertEquals(1005, items.get("total").asInt());
        assertEquals(0, executions.get("succeeded").asInt());
        assertEquals(0, executions.get("running").asInt());
        assertTrue(executions.get("failed").asInt() >= 1);
        assertAddsUp(executions);
        assertAddsUp(items);
        for (JsonNode childInput : host.childInputs) {
            assertEquals(List.of("Items"), fieldNames(childInput));
            JsonNode first = childInput.get("Items").get(0);
            assertEquals(List.of("Etag", "Key", "LastModified", "Size", "StorageClass"), fieldNames(first));
        }
    }

    @Test
    void workshopWithBatchInputSucceeds() {
        stations(1005);
        FakeHost host = host("{\"bucket\":\"data\",\"prefix\":\"csv/by_station\"}");
        host.children = in -> in.has("BatchInput") ? Fate.succeed(Json.parse("{\"n\":" + in.get("Items").size() + "}"))
                : Fate.fail("E", "no bucket");
        JsonNode output = await(start(map("""
                "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket.$":"$.bucket","Prefix.$":"$.prefix"}},
                "ItemBatcher":{"MaxItemsPerBatch":100,"BatchInput":{"Bucket.$":"$.bucket"}},"MaxConcurrency":1000"""), host));
        assertEquals(11, output.size());
        assertEquals(5, output.get(10).get("n").asInt());
        assertEquals(11, host.childInputs.size());
        for (JsonNode childInput : host.childInputs) {
            assertEquals(List.of("BatchInput", "Items"), fieldNames(childInput));
            assertEquals(Json.parse("{\"Bucket\":\"data\"}"), childInput.get("BatchInput"));
        }
        JsonNode described = runs.get(0).toJson();
        assertEquals(1005, described.get("itemCounts").get("succeeded").asInt());
        assertEquals(11, described.get("executionCounts").get("succeeded").asInt());
    }

    @Test
    void resultWriterWritesResultFilesAndManifest() {
        s3.createBucket("out", "us-east-1");
        FakeHost host = host("{\"items\":[0,1,2,3],\"prefix\":\"runs\"}");
        host.children = in -> in.asInt() % 2 == 0 ? Fate.succeed(Json.parse("{\"ok\":" + in + "}"))
                : Fate.fail("Boom", "odd " + in);
        JsonNode output = await(start(map("""
                "ItemsPath":"$.items","ToleratedFailurePercentage":50,
                "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix.$":"$.prefix"}}"""), host));
        MapRun run = runs.get(0);
        String id = run.mapRunArn().substring(run.mapRunArn().lastIndexOf(':') + 1);
        assertEquals(Json.parse("{\"MapRunArn\":\"" + run.mapRunArn() + "\",\"ResultWriterDetails\":{\"Bucket\":\"out\","
                + "\"Key\":\"runs/" + id + "/manifest.json\"}}"), output);
        assertEquals(List.of("runs/" + id + "/FAILED_0.json", "runs/" + id + "/SUCCEEDED_0.json",
                "runs/" + id + "/manifest.json"), s3.keys("out"));
        JsonNode manifest = Json.parse(s3.text("out", "runs/" + id + "/manifest.json"));
        assertEquals("out", manifest.get("DestinationBucket").asText());
        assertEquals(run.mapRunArn(), manifest.get("MapRunArn").asText());
        assertEquals(0, manifest.get("ResultFiles").get("PENDING").size());
        JsonNode succeededEntry = manifest.get("ResultFiles").get("SUCCEEDED").get(0);
        String succeededText = s3.text("out", "runs/" + id + "/SUCCEEDED_0.json");
        assertEquals("runs/" + id + "/SUCCEEDED_0.json", succeededEntry.get("Key").asText());
        assertEquals(succeededText.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, succeededEntry.get("Size").asLong());
        JsonNode succeeded = Json.parse(succeededText);
        assertEquals(2, succeeded.size());
        JsonNode record = succeeded.get(1);
        assertEquals(List.of("ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "RedriveCount",
                "RedriveStatus", "RedriveStatusReason", "StartDate", "StateMachineArn", "Status", "StopDate"), fieldNames(record));
        assertEquals("2", record.get("Input").asText());
        assertEquals("{\"ok\":2}", record.get("Output").asText());
        assertEquals("SUCCEEDED", record.get("Status").asText());
        assertEquals("2026-11-23T10:00:00.123Z", record.get("StartDate").asText());
        assertEquals("2026-11-23T10:00:00.128Z", record.get("StopDate").asText());
        assertTrue(record.get("InputDetails").get("Included").asBoolean());
        JsonNode failed = Json.parse(s3.text("out", "runs/" + id + "/FAILED_0.json"));
        assertEquals(2, failed.size());
        assertEquals("Boom", failed.get(0).get("Error").asText());
        assertEquals("odd 1", failed.get(0).get("Cause").asText());
        assertEquals("FAILED", failed.get(0).get("Status").asText());
        assertFalse(failed.get(0).has("Output"));
        assertEquals("1", failed.get(0).get("Input").asText());
        // spec 9.7: resultsWritten counts the records written, failed ones included
        assertEquals(4, run.toJson().get("itemCounts").get("resultsWritten").asInt());
        assertEquals(4, run.toJson().get("executionCounts").get("resultsWritten").asInt());
    }

    @Test
    void breachLeavesNeverStartedChildrenPendingInThePendingFile() {
        s3.createBucket("out", "us-east-1");
        FakeHost host = host("{\"items\":[0,1,2,3,4,5]}");
        host.children = in -> in.asInt() == 1 ? Fate.fail("Boom", "one") : Fate.succeed(in);
        FakeFailure failure = failure(start(map("""
                "ItemsPath":"$.items","MaxConcurrency":1,
                "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"p/"}}"""), host));
        assertEquals("States.ExceedToleratedFailureThreshold", failure.error);
        MapRun run = runs.get(0);
        JsonNode counts = run.toJson().get("itemCounts");
        assertEquals(1, counts.get("succeeded").asInt());
        assertEquals(1, counts.get("failed").asInt());
        assertEquals(4, counts.get("pending").asInt());
        assertAddsUp(counts);
        assertEquals(2, counts.get("resultsWritten").asInt()); // the PENDING records are no child's result
        String id = run.mapRunArn().substring(run.mapRunArn().lastIndexOf(':') + 1);
        JsonNode pending = Json.parse(s3.text("out", "p/" + id + "/PENDING_0.json"));
        assertEquals(Json.parse("[{\"Input\":\"2\",\"InputDetails\":{\"Included\":true},\"Status\":\"PENDING\"},"
                + "{\"Input\":\"3\",\"InputDetails\":{\"Included\":true},\"Status\":\"PENDING\"},"
                + "{\"Input\":\"4\",\"InputDetails\":{\"Included\":true},\"Status\":\"PENDING\"},"
                + "{\"Input\":\"5\",\"InputDetails\":{\"Included\":true},\"Status\":\"PENDING\"}]"), pending);
        JsonNode manifest = Json.parse(s3.text("out", "p/" + id + "/manifest.json"));
        assertEquals(1, manifest.get("ResultFiles").get("PENDING").size());
        assertEquals(1, manifest.get("ResultFiles").get("FAILED").size());
        assertEquals(1, manifest.get("ResultFiles").get("SUCCEEDED").size());
    }

    @Test
    void transformationsAndJsonLines() {
        s3.createBucket("out", "us-east-1");
        FakeHost host = host("{\"items\":[1,2,3]}");
        host.children = in -> Fate.succeed(Json.parse("[" + in + "," + in + "]"));
        await(start(map("""
                "ItemsPath":"$.items","ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out"},
                "WriterConfig":{"OutputType":"JSONL","Transformation":"FLATTEN"}}"""), host));
        String id = runs.get(0).mapRunArn().substring(runs.get(0).mapRunArn().lastIndexOf(':') + 1);
        assertEquals("1\n1\n2\n2\n3\n3\n", s3.text("out", id + "/SUCCEEDED_0.json"));

        FakeHost compact = host("{\"items\":[1,2]}");
        compact.children = in -> Fate.succeed(Json.parse("[" + in + "]"));
        assertEquals(Json.parse("[[1],[2]]"), await(start(map("\"ItemsPath\":\"$.items\""), compact)));
        FakeHost flatten = host("{\"items\":[1,2]}");
        flatten.children = in -> Fate.succeed(Json.parse("[" + in + "," + in + "]"));
        assertEquals(Json.parse("[1,1,2,2]"), await(start(map("\"ItemsPath\":\"$.items\",\"ResultWriter\":{\"WriterConfig\":"
                + "{\"Transformation\":\"FLATTEN\"}}"), flatten)));
        FakeHost none = host("{\"items\":[7]}");
        JsonNode records = await(start(map("\"ItemsPath\":\"$.items\",\"ResultWriter\":{\"WriterConfig\":"
                + "{\"Transformation\":\"NONE\"}}"), none));
        assertEquals("7", records.get(0).get("Output").asText());
        assertEquals("SUCCEEDED", records.get(0).get("Status").asText());
    }

    @Test
    void toleratedFailuresAppearAsRecordsInTheOutput() {
        FakeHost host = host("{\"items\":[1,2]}");
        host.children = in -> in.asInt() == 2 ? Fate.fail("E", "C") : Fate.succeed(in);
        JsonNode output = await(start(map("\"ItemsPath\":\"$.items\",\"ToleratedFailureCount\":1"), host));
        assertEquals(1, output.get(0).asInt());
        assertEquals("E", output.get(1).get("Error").asText());
        assertEquals("FAILED", output.get(1).get("Status").asText());
    }

    /** Spec 9.6: timed-out items count as failures; aborted ones (a child stopped by a user) do not. */
    @Test
    void timedOutChildrenCountAsFailuresAbortedOnesDoNot() {
        FakeHost host = host("{\"items\":[1,2,3,4]}");
        host.children = in -> in.asInt() == 2 ? new Fate(Outcome.ABORTED, null, null, null) : Fate.succeed(in);
        JsonNode output = await(start(map("\"ItemsPath\":\"$.items\""), host));
        assertEquals(4, output.size());
        assertEquals("ABORTED", output.get(1).get("Status").asText());
        JsonNode counts = runs.get(0).toJson().get("itemCounts");
        assertEquals(1, counts.get("aborted").asInt());
        assertEquals(3, counts.get("succeeded").asInt());
        assertEquals("SUCCEEDED", runs.get(0).toJson().get("status").asText());

        FakeHost timedOut = host("{\"items\":[1,2,3,4]}");
        timedOut.children = in -> in.asInt() == 2
                ? new Fate(Outcome.TIMED_OUT, null, "States.Timeout", "The execution timed out") : Fate.succeed(in);
        FakeFailure failure = failure(start(map("\"ItemsPath\":\"$.items\",\"MaxConcurrency\":1,"
                + "\"ToleratedFailurePercentage\":24.9"), timedOut));
        assertEquals("States.ExceedToleratedFailureThreshold", failure.error);
        JsonNode failed = runs.get(1).toJson().get("itemCounts");
        assertEquals(1, failed.get("timedOut").asInt());
        assertEquals(0, failed.get("failed").asInt());
        assertAddsUp(failed);

        FakeHost tolerated = host("{\"items\":[1,2,3,4]}");
        tolerated.children = timedOut.children;
        assertEquals(4, await(start(map("\"ItemsPath\":\"$.items\",\"ToleratedFailurePercentage\":25"), tolerated)).size());
    }

    /** An object read in three parts; before the second and the third, it waits for its latch. */
    private static InputStream inParts(String first, java.util.concurrent.CountDownLatch second, String secondPart,
                                       java.util.concurrent.CountDownLatch third, String thirdPart) {
        return new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                new java.io.ByteArrayInputStream(first.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                waiting(second, secondPart), waiting(third, thirdPart))));
    }

    private static InputStream waiting(java.util.concurrent.CountDownLatch latch, String text) {
        return new InputStream() {
            private InputStream content;

            private InputStream content() throws java.io.IOException {
                if (content == null) {
                    try {
                        latch.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                    content = new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                return content;
            }

            @Override
            public int read() throws java.io.IOException {
                return content().read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
                return content().read(buffer, offset, length);
            }
        };
    }

    private static String rows(int from, int to) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i <= to; i++) {
            rows.append(i).append('\n');
        }
        return rows.toString();
    }

    /**
     * Spec 9.6, 2.14: after a breach the rest of the source still counts (total, pending), but without an export no
     * PENDING record needs it (spec 9.7): the reader counts the remaining rows instead of forming and spooling them.
     */
    @Test
    void afterABreachTheReaderOnlyCountsTheRestOfTheSource() throws Exception {
        var rest = new java.util.concurrent.CountDownLatch(1);
        var none = new java.util.concurrent.CountDownLatch(0);
        s3.stream("b", "big.csv", () -> inParts("n\n1\n2\n3\n", rest, rows(4, 600), none, rows(601, 1000)));
        FakeHost host = host("{}");
        host.children = in -> in.get("n").asText().equals("1") ? Fate.fail("Boom", "row 1") : Fate.succeed(in);
        CompletableFuture<JsonNode> result = start(map("\"MaxConcurrency\":1,\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                + "\"ReaderConfig\":{\"InputType\":\"CSV\",\"CSVHeaderLocation\":\"FIRST_ROW\"},"
                + "\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"big.csv\"}}"), host);
        eventually(() -> !runs.isEmpty() && runs.get(0).toJson().get("itemCounts").get("failed").asInt() == 1);
        rest.countDown(); // the breach happened while rows 4… were still unread

        assertEquals("States.ExceedToleratedFailureThreshold", failure(result).error);
        JsonNode counts = runs.get(0).toJson().get("itemCounts");
        assertEquals(1000, counts.get("total").asInt());
        assertEquals(1, counts.get("failed").asInt());
        assertEquals(999, counts.get("pending").asInt());
        assertAddsUp(counts);
        assertEquals(1, host.childInputs.size());
        int spooled = runs.get(0).spooledChildren();
        assertTrue(spooled <= 3, spooled + " child inputs were formed and spooled after the breach");
    }

    /**
     * Spec 9.6: the failure share is failed / total items, and the total grows while the reader reads. A failure
     * among the first items read only holds new children back until enough items are read to tolerate it, not until
     * the whole object is read.
     */
    @Test
    void childrenResumeOnceTheGrowingTotalToleratesTheFailures() throws Exception {
        var second = new java.util.concurrent.CountDownLatch(1);
        var third = new java.util.concurrent.CountDownLatch(1);
        s3.stream("b", "slow.csv", () -> inParts("n\n1\n", second, rows(2, 21), third, rows(22, 40)));
        FakeHost host = host("{}");
        host.children = in -> in.get("n").asInt() == 1 ? Fate.fail("E", "C") : Fate.succeed(in);
        CompletableFuture<JsonNode> result = start(map("""
                "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV"},
                  "Parameters":{"Bucket":"b","Key":"slow.csv"}},
                "ToleratedFailurePercentage":10"""), host);
        eventually(() -> runs.size() == 1 && runs.get(0).toJson().get("itemCounts").get("failed").asInt() == 1);
        assertEquals(1, host.childInputs.size()); // 1 failed of 1 read: held back while more items may come
        second.countDown();
        eventually(() -> host.childInputs.size() > 1); // 1 of 21 read is under 10 %: children go on
        third.countDown();
        assertEquals(40, await(result).size());
        assertEquals(1, runs.get(0).toJson().get("itemCounts").get("failed").asInt());
    }

    @Test
    void resultsOver256KiBWithoutResultWriterExceedTheDataLimit() {
        FakeHost host = host("{\"items\":[1,2,3]}");
        host.children = in -> Fate.succeed(Json.parse("\"" + "x".repeat(100_000) + "\""));
        FakeFailure failure = failure(start(map("\"ItemsPath\":\"$.items\""), host));
        assertEquals("States.DataLimitExceeded", failure.error);
        assertEquals("The state/task 'M' returned a result with a size exceeding the maximum number of bytes service limit.",
                failure.cause);
        assertEquals("SUCCEEDED", runs.get(0).toJson().get("status").asText());
    }

    @Test
    void maxConcurrencyBoundsRunningChildrenAndUpdateMapRunRaisesIt() throws Exception {
        FakeHost host = host("{\"items\":" + Json.write(Json.MAPPER.valueToTree(java.util.stream.IntStream.range(0, 50)
                .boxed().toList())) + "}");
        host.hold = true;
        CompletableFuture<JsonNode> result = start(map("\"ItemsPath\":\"$.items\",\"MaxConcurrency\":3"), host);
        eventually(() -> host.held.size() == 3);
        MapRun run = runs.get(0);
        JsonNode live = run.toJson().get("executionCounts");
        assertEquals(3, live.get("running").asInt());
        assertEquals(47, live.get("pending").asInt());
        assertEquals(3, run.toJson().get("maxConcurrency").asInt());
        run.update(10L, null, null);
        eventually(() -> host.held.size() == 10);
        assertEquals(10, run.toJson().get("maxConcurrency").asInt());
        host.releaseAll();
        assertEquals(50, await(result).size());
        assertTrue(host.maxRunning.get() <= 10);
        assertThrows(IllegalStateException.class, () -> run.update(5L, null, null));
    }

    @Test
    void updateMapRunLoweringTheToleranceAppliesToTheNextCheck() throws Exception {
        FakeHost host = host("{\"items\":[1,2,3,4]}");
        host.children = in -> in.asInt() <= 2 ? Fate.fail("E", "C") : Fate.succeed(in);
        host.hold = true;
        CompletableFuture<JsonNode> result = start(map("\"ItemsPath\":\"$.items\",\"MaxConcurrency\":2,"
                + "\"ToleratedFailureCount\":5"), host);
        eventually(() -> host.held.size() == 2);
        host.held.poll().release();
        eventually(() -> runs.get(0).toJson().get("itemCounts").get("failed").asInt() == 1);
        runs.get(0).update(null, null, 0L);
        assertEquals("States.ExceedToleratedFailureThreshold", failure(result).error);
        assertEquals(0, runs.get(0).toJson().get("toleratedFailureCount").asInt() == 0 ? 0 : 1);
        host.releaseAll();
    }

    @Test
    void tenThousandChildrenInFlightNeedNoThreadEach() throws Exception {
        List<Integer> items = java.util.stream.IntStream.range(0, 12_000).boxed().toList();
        FakeHost host = host("{\"items\":" + Json.write(Json.MAPPER.valueToTree(items)) + "}");
        host.hold = true;
        int threadsBefore = Thread.activeCount();
        CompletableFuture<JsonNode> result = start(map("\"ItemsPath\":\"$.items\""), host);
        eventually(() -> host.held.size() == 10_000);
        eventually(() -> runs.get(0).toJson().get("executionCounts").get("running").asInt() == 10_000
                && runs.get(0).toJson().get("executionCounts").get("pending").asInt() == 2_000);
        assertTrue(Thread.activeCount() - threadsBefore <= 8, "threads grew by " + (Thread.activeCount() - threadsBefore));
        host.releaseAll();
        assertEquals(12_000, await(result).size());
        assertEquals(10_000, host.maxRunning.get(), "0 = unlimited, capped at 10,000 like AWS: never more in flight");
    }

    @Test
    void stoppingTheParentAbortsTheMapRun() throws Exception {
        FakeHost host = host("{\"items\":[1,2,3,4,5]}");
        host.hold = true;
        CompletableFuture<JsonNode> result = start(map("\"ItemsPath\":\"$.items\",\"MaxConcurrency\":2"), host);
        eventually(() -> host.held.size() == 2);
        host.stopParent();
        assertThrows(java.util.concurrent.CancellationException.class, () -> await(result));
        JsonNode described = runs.get(0).toJson();
        assertEquals("ABORTED", described.get("status").asText());
        assertEquals(2, described.get("executionCounts").get("aborted").asInt());
        assertEquals(3, described.get("executionCounts").get("pending").asInt());
        assertEquals(2, host.aborts.get());
        // spec 9.2/2.12: MapRunAborted, then ExecutionAborted; nothing after it
        assertEquals(List.of("MapStateStarted", "MapRunStarted", "MapRunAborted", "ExecutionAborted"), host.events);
    }

    @Test
    void badPathValuesAreRuntimeErrorsWithAwsMessages() {
        FakeHost host = host("{\"items\":[1],\"mc\":\"NoNumber\",\"pct\":{},\"count\":-1,\"max\":1.5}");
        FakeFailure mc = assertThrows(FakeFailure.class, () -> start(map("\"ItemsPath\":\"$.items\",\"MaxConcurrencyPath\":\"$.mc\""), host));
        assertTrue(mc.cause.endsWith("The MaxConcurrencyPath field refers to value \"NoNumber\" which is not a valid integer: $.mc"), mc.cause);
        FakeFailure pct = assertThrows(FakeFailure.class, () -> start(map("\"ItemsPath\":\"$.items\",\"ToleratedFailurePercentagePath\":\"$.pct\""), host));
        assertTrue(pct.cause.endsWith("The ToleratedFailurePercentagePath field refers to value \"{}\" which is not a valid float: $.pct"), pct.cause);
        FakeFailure count = assertThrows(FakeFailure.class, () -> start(map("\"ItemsPath\":\"$.items\",\"ToleratedFailureCountPath\":\"$.count\""), host));
        assertTrue(count.cause.endsWith("ToleratedFailureCount cannot be negative."), count.cause);
        assertEquals("States.Runtime", count.error);
        s3.put("b", "a.csv", "h\n1\n");
        FakeFailure max = assertThrows(FakeFailure.class, () -> start(map("\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                + "\"ReaderConfig\":{\"InputType\":\"CSV\",\"MaxItemsPath\":\"$.max\"},\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"a.csv\"}}"), host));
        assertTrue(max.cause.endsWith("The MaxItemsPath field refers to value \"1.5\" which is not a valid integer: $.max"), max.cause);
    }

    @Test
    void readerAndWriterFailuresFailTheMapRun() {
        FakeHost host = host("{\"max\":-1}");
        FakeFailure missing = failure(start(map("\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                + "\"ReaderConfig\":{\"InputType\":\"JSON\"},\"Parameters\":{\"Bucket\":\"nope\",\"Key\":\"k\"}}"), host));
        assertEquals("States.ItemReaderFailed", missing.error);
        assertTrue(missing.cause.contains("NoSuchBucket"), missing.cause);
        assertEquals("MapRunFailed", host.events.get(host.events.size() - 1));
        s3.put("b", "a.csv", "h\n1\n");
        FakeFailure negative = failure(start(map("\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                + "\"ReaderConfig\":{\"InputType\":\"CSV\",\"MaxItemsPath\":\"$.max\"},\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"a.csv\"}}"), host));
        assertEquals("States.ItemReaderFailed", negative.error);
        assertEquals("field MaxItems must be positive", negative.cause);
        s3.put("b", "dup.csv", "a,a\n1,2\n");
        FakeFailure duplicates = failure(start(map("\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                + "\"ReaderConfig\":{\"InputType\":\"CSV\"},\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"dup.csv\"}}"), host));
        assertEquals("CSV headers cannot contain duplicates.", duplicates.cause);
        FakeHost writer = host("{\"items\":[1]}");
        FakeFailure noBucket = failure(start(map("\"ItemsPath\":\"$.items\",\"ResultWriter\":{\"Resource\":"
                + "\"arn:aws:states:::s3:putObject\",\"Parameters\":{\"Bucket\":\"missing-bucket\"}}"), writer));
        assertEquals("States.ResultWriterFailed", noBucket.error);
        assertTrue(writer.childInputs.isEmpty());
    }

    @Test
    void csvRowsThroughTheSelectorIntoBatches() {
        s3.put("b", "reviews.csv", "item_id,rating\n1,5.0\n2,3.0\n3,4.0\n");
        FakeHost host = host("{\"key\":\"reviews.csv\"}");
        JsonNode output = await(start(map("""
                "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
                  "Parameters":{"Bucket":"b","Key.$":"$.key"}},
                "ItemSelector":{"r.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
                "ItemBatcher":{"MaxItemsPerBatch":2}"""), host));
        assertEquals(Json.parse("[{\"Items\":[{\"r\":{\"item_id\":\"1\",\"rating\":\"5.0\"},\"i\":0},"
                + "{\"r\":{\"item_id\":\"2\",\"rating\":\"3.0\"},\"i\":1}]},"
                + "{\"Items\":[{\"r\":{\"item_id\":\"3\",\"rating\":\"4.0\"},\"i\":2}]}]"), output);
        assertEquals(3, runs.get(0).toJson().get("itemCounts").get("total").asInt());
        assertEquals(2, runs.get(0).toJson().get("executionCounts").get("total").asInt());
        assertNull(runs.get(0).toJson().get("redriveDate"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
