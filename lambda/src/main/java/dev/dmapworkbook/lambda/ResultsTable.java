package dev.dmapworkbook.lambda;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The results table: one item per station, {@code pk} (S, station id) and {@code PRCP} (N, tenths of mm),
 * written with BatchWriteItem. BatchWriteItem takes at most 25 put requests and may return some of them
 * as {@code UnprocessedItems} (throttling); those are sent again after an exponential backoff with
 * jitter, as the DynamoDB developer guide recommends ("Batch operations", "Error retries and
 * exponential backoff").
 */
final class ResultsTable {

    static final int MAX_ITEMS_PER_BATCH = 25;
    static final int MAX_ATTEMPTS = 10;
    static final long BASE_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 5_000;

    /** Waits between attempts; tests replace it so that no test sleeps. */
    interface Backoff {
        void sleep(long millis) throws InterruptedException;
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Backoff backoff;

    ResultsTable(DynamoDbClient dynamoDb, String tableName, Backoff backoff) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.backoff = backoff;
    }

    /** Writes every station's maximum; returns the number of items written. */
    int write(Map<String, BigDecimal> maxima) {
        List<WriteRequest> batch = new ArrayList<>(MAX_ITEMS_PER_BATCH);
        for (Map.Entry<String, BigDecimal> station : maxima.entrySet()) {
            batch.add(put(station.getKey(), station.getValue()));
            if (batch.size() == MAX_ITEMS_PER_BATCH) {
                writeBatch(batch);
                batch = new ArrayList<>(MAX_ITEMS_PER_BATCH);
            }
        }
        if (!batch.isEmpty()) {
            writeBatch(batch);
        }
        return maxima.size();
    }

    static WriteRequest put(String station, BigDecimal maximum) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                "pk", AttributeValue.fromS(station),
                "PRCP", AttributeValue.fromN(PrecipitationMaxima.asNumber(maximum))))
                .build()).build();
    }

    private void writeBatch(List<WriteRequest> requests) {
        List<WriteRequest> pending = requests;
        for (int attempt = 1; ; attempt++) {
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(
                    BatchWriteItemRequest.builder().requestItems(Map.of(tableName, pending)).build());
            List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(tableName, List.of()) : List.of();
            if (unprocessed.isEmpty()) {
                return;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException("DynamoDB left " + unprocessed.size() + " of " + requests.size()
                        + " items unprocessed in table " + tableName + " after " + MAX_ATTEMPTS + " BatchWriteItem attempts");
            }
            pause(attempt);
            pending = unprocessed;
        }
    }

    private void pause(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt - 1, 20));
        try {
            backoff.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying unprocessed DynamoDB items", e);
        }
    }
}
