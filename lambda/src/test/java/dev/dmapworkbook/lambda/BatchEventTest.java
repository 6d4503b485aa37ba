package dev.dmapworkbook.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchEventTest {

    static List<Object> listing(String... keys) {
        return java.util.Arrays.stream(keys)
                .<Object>map(k -> Map.of("Key", k, "Size", 41673, "ETag", "\"abc\"", "StorageClass", "STANDARD"))
                .toList();
    }

    @Test
    void theBucketComesFromBatchInputAndTheKeysFromItems() {
        var event = BatchEvent.from(Map.of(
                "Items", listing("csv/by_station/A.csv", "csv/by_station/B.csv"),
                "BatchInput", Map.of("Bucket", "data-bucket")));
        assertEquals("data-bucket", event.bucket());
        assertEquals(List.of("csv/by_station/A.csv", "csv/by_station/B.csv"), event.keys());
    }

    @Test
    void withoutBatchInputTheMessageExplainsTheItemBatcherFix() {
        var e = assertThrows(MissingBatchInputException.class, () -> BatchEvent.from(Map.of(
                "Items", listing("csv/by_station/ACW00011604.csv", "csv/by_station/AGM00060387.csv"))));
        String message = e.getMessage();
        System.out.println("Lab 02's error message: " + message);
        assertTrue(message.contains("BatchInput.Bucket"), message);
        assertTrue(message.contains("ItemBatcher"), message);
        assertTrue(message.contains("\"BatchInput\": {\"Bucket.$\": \"$.bucket\"}"), message);
        assertTrue(message.contains("2 keys it was given (the first is \"csv/by_station/ACW00011604.csv\")"), message);
        assertTrue(message.contains("[Items]"), message);
    }

    @Test
    void aBatchInputWithoutBucketNamesWhatItHas() {
        var e = assertThrows(MissingBatchInputException.class, () -> BatchEvent.from(Map.of(
                "Items", listing("k"), "BatchInput", Map.of("bucket", "lower-case"))));
        assertTrue(e.getMessage().contains("BatchInput.Bucket"), e.getMessage());
        assertTrue(e.getMessage().contains("only the fields [bucket]"), e.getMessage());
        assertThrows(MissingBatchInputException.class, () -> BatchEvent.from(Map.of(
                "Items", listing("k"), "BatchInput", Map.of("Bucket", " "))));
        assertThrows(MissingBatchInputException.class, () -> BatchEvent.from(Map.of(
                "Items", listing("k"), "BatchInput", "data-bucket")));
    }

    @Test
    void missingItemsOrKeysAreNamed() {
        var noItems = assertThrows(IllegalArgumentException.class,
                () -> BatchEvent.from(Map.of("BatchInput", Map.of("Bucket", "b"))));
        assertTrue(noItems.getMessage().contains("no Items array"), noItems.getMessage());
        var noKey = assertThrows(IllegalArgumentException.class, () -> BatchEvent.from(Map.of(
                "BatchInput", Map.of("Bucket", "b"), "Items", List.of(Map.of("Key", "a"), Map.of("Size", 3)))));
        assertTrue(noKey.getMessage().contains("Items[1].Key"), noKey.getMessage());
    }
}
