package dev.dmapworkbook.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dmapworkbook.dataset.NoaaDatasetGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The handler end to end against DynamoDB Local (in process, over HTTP) with station files from the generator. */
class HighPrecipitationHandlerTest {

    static DynamoDbLocalServer dynamoDbLocal;
    static DynamoDbClient dynamoDb;

    @BeforeAll
    static void startDynamoDbLocal() throws Exception {
        dynamoDbLocal = new DynamoDbLocalServer();
        dynamoDb = dynamoDbLocal.client();
    }

    @AfterAll
    static void stopDynamoDbLocal() throws Exception {
        dynamoDb.close();
        dynamoDbLocal.close();
    }

    static String table(String name) {
        DynamoDbLocalServer.createResultsTable(dynamoDb, name);
        return name;
    }

    static Map<String, String> scan(String table) {
        Map<String, String> items = new TreeMap<>();
        dynamoDb.scanPaginator(r -> r.tableName(table)).items()
                .forEach(item -> items.put(item.get("pk").s(), item.get("PRCP").n()));
        return items;
    }

    static Map<String, Object> batch(String bucket, List<String> keys) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("Items", keys.stream().<Object>map(k -> Map.of("Key", k, "Size", 1000, "StorageClass", "STANDARD")).toList());
        if (bucket != null) {
            event.put("BatchInput", Map.of("Bucket", bucket));
        }
        return event;
    }

    /** Puts the generator's stations into the bucket under csv/by_station/ and returns their keys. */
    static List<String> upload(InMemoryS3 s3, NoaaDatasetGenerator generator) {
        List<String> keys = new ArrayList<>();
        generator.stations().forEach(station -> {
            String key = "csv/by_station/" + station.fileName();
            s3.objects.put(key, station.csv().getBytes(StandardCharsets.UTF_8));
            keys.add(key);
        });
        return keys;
    }

    @Test
    void aBatchOf100KeysWritesEveryStationsMaximum() {
        var s3 = new InMemoryS3("multi-file-data-bucket");
        var generator = new NoaaDatasetGenerator(7, 100);
        List<String> keys = upload(s3, generator);
        Map<String, String> expected = new TreeMap<>();
        generator.stations().forEach(s -> s.expectedPrcp().ifPresent(v -> expected.put(s.id(), Long.toString(v))));
        String table = table("HighPrecipitation100");

        var summary = new HighPrecipitationHandler(s3, dynamoDb, table).handleRequest(batch(s3.bucket, keys), null);

        assertEquals(100, summary.get("filesRead"));
        assertEquals(expected.size(), summary.get("stationsWritten"));
        assertEquals(100 - expected.size(), summary.get("filesWithoutPrecipitation"));
        assertEquals(0L, summary.get("rowsSkipped"));
        assertEquals(expected, scan(table));
        assertTrue(expected.containsValue("0"), "the 100 stations include an all-zero one");
    }

    @Test
    void withoutBatchInputItFailsExplainingTheFixAndWritesNothing() {
        var s3 = new InMemoryS3("multi-file-data-bucket");
        List<String> keys = upload(s3, new NoaaDatasetGenerator(7, 100));
        String table = table("HighPrecipitationNoBatchInput");

        var e = assertThrows(MissingBatchInputException.class,
                () -> new HighPrecipitationHandler(s3, dynamoDb, table).handleRequest(batch(null, keys), null));

        assertTrue(e.getMessage().startsWith("BatchInput.Bucket is missing from the event"), e.getMessage());
        assertTrue(e.getMessage().contains("\"BatchInput\": {\"Bucket.$\": \"$.bucket\"}"), e.getMessage());
        assertTrue(e.getMessage().contains("this batch of " + keys.size() + " items"), "the batch it got: " + e.getMessage());
        assertFalse(e.getMessage().contains("MaxItemsPerBatch"), "no invented ItemBatcher settings: " + e.getMessage());
        assertEquals(Map.of(), scan(table));
    }

    @Test
    void aFileThatIsNotAStationFileFailsNamingItsKey() {
        var s3 = new InMemoryS3("bucket");
        s3.objects.put("csv/by_station/ratings.csv", "item_id,user_id,rating\n1,2,5.0\n".getBytes(StandardCharsets.UTF_8));
        var e = assertThrows(IllegalArgumentException.class, () -> new HighPrecipitationHandler(s3, dynamoDb, table("WrongHeader"))
                .handleRequest(batch("bucket", List.of("csv/by_station/ratings.csv")), null));
        assertTrue(e.getMessage().startsWith("s3://bucket/csv/by_station/ratings.csv is not a NOAA GHCN-Daily by_station CSV"), e.getMessage());
    }

    @Test
    void aMissingObjectOrBucketIsReportedWithItsAddress() {
        var s3 = new InMemoryS3("bucket");
        var handler = new HighPrecipitationHandler(s3, dynamoDb, table("MissingObject"));
        var noKey = assertThrows(IllegalStateException.class, () -> handler.handleRequest(batch("bucket", List.of("csv/x.csv")), null));
        assertEquals("Could not read s3://bucket/csv/x.csv: NoSuchKey: The specified key does not exist.", noKey.getMessage());
        var noBucket = assertThrows(IllegalStateException.class, () -> handler.handleRequest(batch("other", List.of("csv/x.csv")), null));
        assertTrue(noBucket.getMessage().contains("NoSuchBucket"), noBucket.getMessage());
    }

    @Test
    void withoutTheTableVariableItSaysWhichVariable() {
        var s3 = new InMemoryS3("bucket");
        var e = assertThrows(IllegalStateException.class,
                () -> new HighPrecipitationHandler(s3, dynamoDb, null).handleRequest(batch("bucket", List.of()), null));
        assertTrue(e.getMessage().contains("RESULTS_DYNAMODB_TABLE_NAME"), e.getMessage());
    }
}
