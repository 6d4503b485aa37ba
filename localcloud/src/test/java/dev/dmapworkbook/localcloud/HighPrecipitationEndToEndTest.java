package dev.dmapworkbook.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dmapworkbook.dataset.NoaaDatasetGenerator;
import dev.dmapworkbook.lambda.HighPrecipitationHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The workshop's Lambda handler against the local cloud's S3 and DynamoDB through the edge, with the real
 * SDK clients: what each Distributed Map child does in labs 02 and 03, without Step Functions. The batches
 * are built from an {@code s3:listObjectsV2} listing, as the ItemReader builds them.
 */
class HighPrecipitationEndToEndTest {

    static final String BUCKET = "multi-file-data-bucket";
    static final String PREFIX = "csv/by_station/";
    static final String TABLE = "HighPrecipitationTable";

    @TempDir
    Path dataDir;
    LocalCloud cloud;
    S3Client s3;
    DynamoDbClient dynamoDb;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
        s3 = SdkClients.client(S3Client.builder(), cloud.endpoint());
        dynamoDb = SdkClients.client(DynamoDbClient.builder(), cloud.endpoint());
        s3.createBucket(r -> r.bucket(BUCKET));
        dynamoDb.createTable(r -> r.tableName(TABLE)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterEach
    void stop() {
        s3.close();
        dynamoDb.close();
        cloud.close();
    }

    /** The listing, cut into ItemBatcher batches; {@code bucket} null leaves BatchInput out, as lab 02 does. */
    List<Map<String, Object>> batches(int maxItemsPerBatch, String bucket) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(PREFIX)).contents()) {
            items.add(Map.of("Key", object.key(), "Size", object.size(), "ETag", object.eTag(),
                    "LastModified", object.lastModified().toString(), "StorageClass", object.storageClassAsString()));
        }
        List<Map<String, Object>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += maxItemsPerBatch) {
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("Items", List.copyOf(items.subList(from, Math.min(items.size(), from + maxItemsPerBatch))));
            if (bucket != null) {
                batch.put("BatchInput", Map.of("Bucket", bucket));
            }
            batches.add(batch);
        }
        return batches;
    }

    Map<String, String> scan() {
        Map<String, String> items = new TreeMap<>();
        dynamoDb.scanPaginator(r -> r.tableName(TABLE)).items().forEach(i -> items.put(i.get("pk").s(), i.get("PRCP").n()));
        return items;
    }

    @Test
    void aBatchOf100StationFilesFromTheLocalS3EndsUpInTheTable() {
        var generator = new NoaaDatasetGenerator(5, 100);
        Map<String, String> expected = new TreeMap<>();
        generator.stations().forEach(station -> {
            s3.putObject(r -> r.bucket(BUCKET).key(PREFIX + station.fileName()), RequestBody.fromString(station.csv()));
            station.expectedPrcp().ifPresent(v -> expected.put(station.id(), Long.toString(v)));
        });
        List<Map<String, Object>> batches = batches(100, BUCKET);
        assertEquals(1, batches.size());

        var summary = new HighPrecipitationHandler(s3, dynamoDb, TABLE).handleRequest(batches.get(0), null);

        assertEquals(100, summary.get("filesRead"));
        assertEquals(expected.size(), summary.get("stationsWritten"));
        assertEquals(expected, scan());
    }

    @Test
    void withoutBatchInputTheChildFailsAsInLab02() {
        var generator = new NoaaDatasetGenerator(5, 10);
        generator.stations().forEach(station ->
                s3.putObject(r -> r.bucket(BUCKET).key(PREFIX + station.fileName()), RequestBody.fromString(station.csv())));

        var e = assertThrows(IllegalArgumentException.class,
                () -> new HighPrecipitationHandler(s3, dynamoDb, TABLE).handleRequest(batches(100, null).get(0), null));

        assertEquals("dev.dmapworkbook.lambda.MissingBatchInputException", e.getClass().getName());
        assertTrue(e.getMessage().contains("BatchInput.Bucket") && e.getMessage().contains("ItemBatcher"), e.getMessage());
        assertEquals(Map.of(), scan());
    }

    @Test
    void theWholeRealNoahZipGives1003ItemsOf61AreZero() throws IOException {
        Path zip = Path.of(System.getProperty("shared.data", "../../shared/data"), "noaa-sample", "noah.zip");
        if (!Files.isRegularFile(zip)) {
            System.out.println("SKIPPED: " + zip.toAbsolutePath().normalize() + " absent: skipping the real-data test");
        }
        Assumptions.assumeTrue(Files.isRegularFile(zip), zip.toAbsolutePath().normalize() + " absent: skipping the real-data test");
        int files = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                byte[] content = readEntry(in);
                s3.putObject(r -> r.bucket(BUCKET).key(PREFIX + name), RequestBody.fromBytes(content));
                files++;
            }
        }
        var handler = new HighPrecipitationHandler(s3, dynamoDb, TABLE);
        List<Map<String, Object>> batches = batches(100, BUCKET);
        long written = 0;
        for (Map<String, Object> batch : batches) {
            written += ((Number) handler.handleRequest(batch, null).get("stationsWritten")).longValue();
        }
        Map<String, String> items = scan();
        long zeros = items.values().stream().filter("0"::equals).count();
        System.out.printf("Real noah.zip through the local cloud: %,d objects in %d batches -> %,d items in %s, %d with PRCP 0%n",
                files, batches.size(), items.size(), TABLE, zeros);
        assertEquals(1005, files);
        assertEquals(11, batches.size());
        assertEquals(1003, written);
        assertEquals(1003, items.size());
        assertEquals(61, zeros);
        assertEquals("13300", items.get("ASN00032187"));
    }

    private static byte[] readEntry(InputStream in) throws IOException {
        return in.readAllBytes();      // ZipInputStream reads up to the end of the current entry
    }
}
