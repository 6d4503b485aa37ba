package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Today's ItemReader through the real SDK and HTTP server (spec 9.3): a LOAD_AND_FLATTEN listing over plain, GZIP and
 * ZSTD CSV objects (the Map Run's item counts, the S3 calls it makes), ItemsPointer into a compressed JSON file, and a
 * bad object failing the Map Run by its key.
 */
class ItemReaderFormatsSdkTest {
    @TempDir
    Path temp;

    private static String machine(String reader) {
        return "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\",\"ItemReader\":" + reader + ","
                + "\"ItemBatcher\":{\"MaxItemsPerBatch\":50},\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":"
                + "\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                + "\"End\":true}}},\"ResultSelector\":{\"first.$\":\"$[0].Items[0]\",\"last.$\":\"$[4].Items[49]\","
                + "\"batches.$\":\"States.ArrayLength($)\"},\"End\":true}}}";
    }

    private static String rows(int from, int to) {
        StringBuilder csv = new StringBuilder("station|reading\n");
        for (int i = from; i < to; i++) {
            csv.append("S").append(i).append('|').append(i * 0.5).append('\n');
        }
        return csv.toString();
    }

    private static long calls(SdkCloud c, String operation) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(c.cloud.endpoint() + "/_localcloud/s3-requests")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.parse(response.body()).path("inProcess").path(operation).asLong(0);
    }

    @Test
    void loadAndFlattenReadsPlainGzipAndZstdObjectsRowByRow() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("readings");
            c.put("readings", "daily/", "");
            c.put("readings", "daily/1-plain.csv", rows(0, 100));
            c.s3.putObject(r -> r.bucket("readings").key("daily/2-packed.csv.gz"),
                    RequestBody.fromBytes(ItemReaderFormatsTest.gzip(rows(100, 200))));
            c.s3.putObject(r -> r.bucket("readings").key("daily/3-packed.csv.zst"),
                    RequestBody.fromBytes(ItemReaderFormatsTest.zstd(rows(200, 300))));
            c.put("readings", "weekly/1.csv", rows(0, 10));
            String sm = c.createStateMachine("Flatten", machine("{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\","
                    + "\"ReaderConfig\":{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"CSV\","
                    + "\"CSVDelimiter\":\"PIPE\",\"MaxItemsPath\":\"$.max\"},"
                    + "\"Parameters\":{\"Bucket\":\"readings\",\"Prefix.$\":\"$.prefix\"}}"));
            long gets = calls(c, "GetObject");
            long lists = calls(c, "ListObjectsV2");
            String execution = c.start(sm, "{\"prefix\":\"daily/\",\"max\":250}");
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.error() + " " + done.cause());
            JsonNode output = Json.parse(done.output());
            assertEquals(Json.parse("{\"station\":\"S0\",\"reading\":\"0.0\"}"), output.get("first"));
            assertEquals(Json.parse("{\"station\":\"S249\",\"reading\":\"124.5\"}"), output.get("last"));
            assertEquals(5, output.get("batches").asInt());
            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(c.mapRunOf(execution)));
            assertEquals(250, run.itemCounts().total());
            assertEquals(250, run.itemCounts().succeeded());
            assertEquals(1, calls(c, "ListObjectsV2") - lists);
            assertEquals(3, calls(c, "GetObject") - gets, "one GetObject per object with content, none for the folder");
        }
    }

    @Test
    void itemsPointerIntoACompressedJsonFileAndABadObjectNamedByKey() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("docs");
            StringBuilder json = new StringBuilder("{\"meta\":{\"skip\":[1,2,3]},\"data\":{\"rows\":[");
            for (int i = 0; i < 250; i++) {
                json.append(i == 0 ? "" : ",").append("{\"station\":\"S").append(i).append("\"}");
            }
            json.append("]}}");
            c.s3.putObject(r -> r.bucket("docs").key("nested.json.gz"),
                    RequestBody.fromBytes(ItemReaderFormatsTest.gzip(json.toString())));
            String sm = c.createStateMachine("Pointer", machine("{\"Resource\":\"arn:aws:states:::s3:getObject\","
                    + "\"ReaderConfig\":{\"InputType\":\"JSON\",\"ItemsPointer\":\"/data/rows\"},"
                    + "\"Parameters\":{\"Bucket\":\"docs\",\"Key\":\"nested.json.gz\"}}"));
            DescribeExecutionResponse done = c.await(c.start(sm, "{}"));
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.error() + " " + done.cause());
            assertEquals("S249", Json.parse(done.output()).at("/last/station").asText());

            c.put("docs", "lines/a.jsonl", "{\"ok\":1}\n");
            c.put("docs", "lines/b.jsonl.gz", "{\"ok\":2}\n");
            String bad = c.createStateMachine("Bad", machine("{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\","
                    + "\"ReaderConfig\":{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"JSONL\"},"
                    + "\"Parameters\":{\"Bucket\":\"docs\",\"Prefix\":\"lines/\"}}"));
            String execution = c.start(bad, "{}");
            DescribeExecutionResponse failed = c.await(execution);
            assertEquals(ExecutionStatus.FAILED, failed.status());
            assertEquals("States.ItemReaderFailed", failed.error());
            assertTrue(failed.cause().startsWith("s3://docs/lines/b.jsonl.gz: The object 'lines/b.jsonl.gz' is not "
                    + "GZIP data"), failed.cause());
            assertEquals(MapRunStatus.FAILED, c.sfn.describeMapRun(r -> r.mapRunArn(c.mapRunOf(execution))).status());
            HistoryEvent mapRunFailed = c.history(execution).stream().filter(e -> e.mapRunFailedEventDetails() != null)
                    .findFirst().orElseThrow();
            assertEquals(failed.cause(), mapRunFailed.mapRunFailedEventDetails().cause());

            InvalidDefinitionException refused = assertThrows(InvalidDefinitionException.class,
                    () -> c.createStateMachine("NoPointer", machine("{\"Resource\":\"arn:aws:states:::s3:getObject\","
                            + "\"ReaderConfig\":{\"InputType\":\"JSON\",\"ItemsPointer\":\"data/rows\"},"
                            + "\"Parameters\":{\"Bucket\":\"docs\",\"Key\":\"nested.json.gz\"}}")));
            assertTrue(refused.getMessage().contains("/States/Map/ItemReader/ReaderConfig/ItemsPointer"),
                    refused.getMessage());
        }
    }
}
