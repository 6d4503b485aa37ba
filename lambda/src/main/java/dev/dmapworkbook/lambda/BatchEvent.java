package dev.dmapworkbook.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The input of one Distributed Map child: {@code {"Items": [{"Key": …}, …], "BatchInput": {"Bucket": …}}}.
 * With an {@code s3:listObjectsV2} ItemReader each item is an S3 listing entry (Key, Size, ETag, …);
 * the bucket is not part of it, so it must come from the ItemBatcher's {@code BatchInput}
 * (Step Functions developer guide, "ItemBatcher (Map)").
 *
 * @param bucket the S3 bucket, from {@code BatchInput.Bucket} only
 * @param keys   the S3 keys, from {@code Items[].Key}, in order
 */
record BatchEvent(String bucket, List<String> keys) {

    /** What the ItemBatcher lacks; the function cannot see the definition, so the rest of it is "…" (as it is). */
    static final String BATCH_INPUT = "\"BatchInput\": {\"Bucket.$\": \"$.bucket\"}";

    static BatchEvent from(Map<String, Object> event) {
        if (event == null) {
            throw new IllegalArgumentException("The event is empty: this function expects a Distributed Map batch, "
                    + "{\"Items\": [{\"Key\": \"csv/by_station/….csv\"}, …], \"BatchInput\": {\"Bucket\": \"…\"}}");
        }
        String bucket = bucket(event);
        return new BatchEvent(bucket, keys(event));
    }

    private static String bucket(Map<String, Object> event) {
        Object batchInput = event.get("BatchInput");
        Object bucket = batchInput instanceof Map<?, ?> map ? map.get("Bucket") : null;
        if (bucket instanceof String name && !name.isBlank()) {
            return name;
        }
        String found = batchInput instanceof Map<?, ?> map
                ? "The event's BatchInput has " + (map.isEmpty() ? "no fields" : "only the fields " + map.keySet()) + "."
                : batchInput == null ? "The event has the top-level fields " + event.keySet() + " and no BatchInput."
                : "The event's BatchInput is not a JSON object.";
        throw new MissingBatchInputException("BatchInput.Bucket is missing from the event, so this function does not know "
                + "which S3 bucket holds the " + describeItems(event) + ": it reads the bucket only from "
                + "BatchInput.Bucket. The Map state's ItemBatcher must pass it to every batch: add " + BATCH_INPUT
                + " to it, \"ItemBatcher\": {…" + batchSize(event) + ", " + BATCH_INPUT + "}. " + found);
    }

    /** What the function can tell of the ItemBatcher: the size of the batch it made. */
    private static String batchSize(Map<String, Object> event) {
        return event.get("Items") instanceof List<?> items
                ? " what it has now (it made this batch of " + items.size() + " item" + (items.size() == 1 ? "" : "s") + ")"
                : " what it has now";
    }

    private static String describeItems(Map<String, Object> event) {
        if (event.get("Items") instanceof List<?> items && !items.isEmpty()) {
            String first = items.get(0) instanceof Map<?, ?> item && item.get("Key") instanceof String key
                    ? " (the first is \"" + key + "\")" : "";
            return items.size() + " key" + (items.size() == 1 ? "" : "s") + " it was given" + first;
        }
        return "keys it was given";
    }

    private static List<String> keys(Map<String, Object> event) {
        if (!(event.get("Items") instanceof List<?> items)) {
            throw new IllegalArgumentException("The event has no Items array: this function expects a Distributed Map "
                    + "batch from an ItemBatcher, {\"Items\": [{\"Key\": \"csv/by_station/….csv\"}, …], "
                    + "\"BatchInput\": {\"Bucket\": \"…\"}}. It has the top-level fields " + event.keySet() + ".");
        }
        List<String> keys = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Map<?, ?> item && item.get("Key") instanceof String key && !key.isEmpty()) {
                keys.add(key);
            } else {
                throw new IllegalArgumentException("Items[" + i + "].Key is missing: every item must be an S3 object "
                        + "with a Key, as the s3:listObjectsV2 ItemReader produces. Items[" + i + "] is " + items.get(i));
            }
        }
        return List.copyOf(keys);
    }
}
