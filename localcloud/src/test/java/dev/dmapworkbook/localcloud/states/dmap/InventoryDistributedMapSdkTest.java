package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.InventoryFrequency;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import software.amazon.awssdk.services.s3.model.InventoryOptionalField;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Distributed Map over an S3 Inventory report published by the local S3, through the real SDK: the items the
 * children get, MaxItemsPath, the S3 calls the reader makes each way, and a missing manifest.
 */
class InventoryDistributedMapSdkTest {
    private static final int OBJECTS = 1500;

    @TempDir
    Path temp;

    private static String machine(String reader) {
        return "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\",\"ItemReader\":" + reader + ","
                + "\"ItemBatcher\":{\"MaxItemsPerBatch\":100},\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":"
                + "\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                + "\"End\":true}}},\"ResultSelector\":{\"first.$\":\"$[0].Items[0]\",\"batches.$\":\"States.ArrayLength($)\"},"
                + "\"End\":true}}}";
    }

    private static JsonNode http(SdkCloud c, String method, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(c.cloud.endpoint() + pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.parse(response.body());
    }

    private static long calls(SdkCloud c, String operation) throws Exception {
        return http(c, "GET", "/_localcloud/s3-requests").path("inProcess").path(operation).asLong(0);
    }

    @Test
    void aMapOverTheInventoryManifestReadsTheManifestAndOneFileAtATime() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("src");
            c.bucket("inv");
            for (int i = 0; i < OBJECTS; i++) {
                c.put("src", String.format("objects/%05d.txt", i), "x");
            }
            c.s3.putBucketInventoryConfiguration(b -> b.bucket("src").id("all").inventoryConfiguration(cfg -> cfg
                    .id("all").isEnabled(true).includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                    .optionalFields(InventoryOptionalField.SIZE, InventoryOptionalField.LAST_MODIFIED_DATE)
                    .schedule(s -> s.frequency(InventoryFrequency.DAILY))
                    .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::inv").format("CSV").prefix("r")))));
            JsonNode published = http(c, "POST", "/_localcloud/s3-inventory?bucket=src&id=all&rowsPerFile=500");
            assertEquals(3, published.at("/manifest/files").size());

            String inventory = c.createStateMachine("Inventory", machine("{\"Resource\":\"arn:aws:states:::s3:getObject\","
                    + "\"ReaderConfig\":{\"InputType\":\"MANIFEST\",\"MaxItemsPath\":\"$.max\"},"
                    + "\"Parameters\":{\"Bucket.$\":\"$.bucket\",\"Key.$\":\"$.manifest\"}}"));
            long gets = calls(c, "GetObject");
            long lists = calls(c, "ListObjectsV2");
            String execution = c.start(inventory, "{\"bucket\":\"inv\",\"manifest\":\""
                    + published.get("manifestKey").asText() + "\",\"max\":1000}");
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.error() + " " + done.cause());
            JsonNode output = Json.parse(done.output());
            assertEquals("src", output.at("/first/Bucket").asText());
            assertEquals("objects/00000.txt", output.at("/first/Key").asText());
            assertEquals("1", output.at("/first/Size").asText(), "values are the CSV's strings");
            assertTrue(output.at("/first/LastModifiedDate").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            assertEquals(10, output.get("batches").asInt());
            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(c.mapRunOf(execution)));
            assertEquals(1000, run.itemCounts().total());
            assertEquals(1000, run.itemCounts().succeeded());
            assertEquals(3, calls(c, "GetObject") - gets, "the manifest and the two data files MaxItems needs");
            assertEquals(0, calls(c, "ListObjectsV2") - lists);

            String listing = c.createStateMachine("Listing", machine("{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\","
                    + "\"Parameters\":{\"Bucket\":\"src\",\"Prefix\":\"objects/\"}}"));
            lists = calls(c, "ListObjectsV2");
            DescribeExecutionResponse listed = c.await(c.start(listing, "{}"));
            assertEquals(ExecutionStatus.SUCCEEDED, listed.status(), listed.error() + " " + listed.cause());
            assertEquals(2, calls(c, "ListObjectsV2") - lists, "one call per 1,000 keys");
        }
    }

    /** The JSONata form (ItemReader Arguments from $states.input, Output) reads the same report the same way. */
    @Test
    void theJsonataFormReadsTheManifestToo() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("src");
            c.bucket("inv");
            for (int i = 0; i < 700; i++) {
                c.put("src", String.format("objects/%05d.txt", i), "x");
            }
            c.s3.putBucketInventoryConfiguration(b -> b.bucket("src").id("all").inventoryConfiguration(cfg -> cfg
                    .id("all").isEnabled(true).includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                    .optionalFields(InventoryOptionalField.SIZE)
                    .schedule(s -> s.frequency(InventoryFrequency.DAILY))
                    .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::inv").format("CSV").prefix("r")))));
            JsonNode published = http(c, "POST", "/_localcloud/s3-inventory?bucket=src&id=all&rowsPerFile=300");
            assertEquals(3, published.at("/manifest/files").size());
            String sm = c.createStateMachine("InventoryJsonata", "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"Map\","
                    + "\"States\":{\"Map\":{\"Type\":\"Map\",\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                    + "\"ReaderConfig\":{\"InputType\":\"MANIFEST\",\"MaxItems\":\"{% $states.input.max %}\"},"
                    + "\"Arguments\":{\"Bucket\":\"{% $states.input.bucket %}\",\"Key\":\"{% $states.input.manifest %}\"}},"
                    + "\"ItemBatcher\":{\"MaxItemsPerBatch\":100},\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":"
                    + "\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                    + "\"End\":true}}},\"Output\":{\"first\":\"{% $states.result[0].Items[0] %}\","
                    + "\"last\":\"{% $states.result[-1].Items[-1] %}\",\"batches\":\"{% $count($states.result) %}\"},"
                    + "\"End\":true}}}");
            long gets = calls(c, "GetObject");
            String execution = c.start(sm, "{\"bucket\":\"inv\",\"max\":450,\"manifest\":\""
                    + published.get("manifestKey").asText() + "\"}");
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.error() + " " + done.cause());
            JsonNode output = Json.parse(done.output());
            assertEquals(Json.parse("{\"Bucket\":\"src\",\"Key\":\"objects/00000.txt\",\"Size\":\"1\"}"), output.get("first"));
            assertEquals("objects/00449.txt", output.at("/last/Key").asText(), "MaxItems: 450 items");
            assertEquals(5, output.get("batches").asInt());
            assertEquals(450, c.sfn.describeMapRun(r -> r.mapRunArn(c.mapRunOf(execution))).itemCounts().total());
            assertEquals(3, calls(c, "GetObject") - gets, "the manifest and the two data files 450 items need");

            String missing = c.start(sm, "{\"bucket\":\"inv\",\"max\":450,\"manifest\":\"r/src/all/2026-01-01T00-00Z/manifest.json\"}");
            DescribeExecutionResponse failed = c.await(missing);
            assertEquals("States.ItemReaderFailed", failed.error());
            assertTrue(failed.cause().contains("s3://inv/r/src/all/2026-01-01T00-00Z/manifest.json cannot be read"),
                    failed.cause());
        }
    }

    @Test
    void aMissingManifestFailsTheMapRunWithItemReaderFailed() {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("inv");
            String sm = c.createStateMachine("Missing", machine("{\"Resource\":\"arn:aws:states:::s3:getObject\","
                    + "\"ReaderConfig\":{\"ManifestType\":\"S3_INVENTORY\"},"
                    + "\"Parameters\":{\"Bucket\":\"inv\",\"Key\":\"r/src/all/2026-01-01T00-00Z/manifest.json\"}}"));
            DescribeExecutionResponse done = c.await(c.start(sm, "{}"));
            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("States.ItemReaderFailed", done.error());
            assertTrue(done.cause().contains("s3://inv/r/src/all/2026-01-01T00-00Z/manifest.json cannot be read"),
                    done.cause());
        }
    }
}
