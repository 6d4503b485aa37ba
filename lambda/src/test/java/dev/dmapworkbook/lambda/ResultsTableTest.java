package dev.dmapworkbook.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem's contract (at most 25 requests, UnprocessedItems to resend) against a throttling table. */
class ResultsTableTest {

    /** Answers each BatchWriteItem by leaving the last {@code unprocessedPerCall} requests unprocessed. */
    static final class ThrottlingTable implements DynamoDbClient {
        final List<List<String>> calls = new ArrayList<>();
        final Map<String, String> stored = new LinkedHashMap<>();
        int unprocessedPerCall;
        int throttledCalls;

        ThrottlingTable(int unprocessedPerCall, int throttledCalls) {
            this.unprocessedPerCall = unprocessedPerCall;
            this.throttledCalls = throttledCalls;
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            List<WriteRequest> requests = request.requestItems().get("results");
            calls.add(requests.stream().map(r -> r.putRequest().item().get("pk").s()).toList());
            int keep = calls.size() <= throttledCalls ? Math.min(unprocessedPerCall, requests.size()) : 0;
            List<WriteRequest> done = requests.subList(0, requests.size() - keep);
            done.forEach(r -> stored.put(r.putRequest().item().get("pk").s(), r.putRequest().item().get("PRCP").n()));
            var unprocessed = requests.subList(requests.size() - keep, requests.size());
            return BatchWriteItemResponse.builder()
                    .unprocessedItems(unprocessed.isEmpty() ? Map.of() : Map.of("results", List.copyOf(unprocessed)))
                    .build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    static Map<String, BigDecimal> stations(int count) {
        Map<String, BigDecimal> maxima = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            maxima.put("ASN%08d".formatted(i), BigDecimal.valueOf(i * 10L));
        }
        return maxima;
    }

    @Test
    void writesInBatchesOfAtMost25() {
        var table = new ThrottlingTable(0, 0);
        List<Long> sleeps = new ArrayList<>();
        assertEquals(60, new ResultsTable(table, "results", sleeps::add).write(stations(60)));
        assertEquals(List.of(25, 25, 10), table.calls.stream().map(List::size).toList());
        assertEquals(60, table.stored.size());
        assertEquals("590", table.stored.get("ASN00000059"));
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void unprocessedItemsAreResentAfterABackoff() {
        var table = new ThrottlingTable(7, 3);      // the first three calls each leave 7 items unprocessed
        List<Long> sleeps = new ArrayList<>();
        new ResultsTable(table, "results", sleeps::add).write(stations(25));
        assertEquals(List.of(25, 7, 7, 7), table.calls.stream().map(List::size).toList());
        assertEquals(25, table.stored.size());
        assertEquals(3, sleeps.size());
        assertTrue(sleeps.stream().allMatch(s -> s >= ResultsTable.BASE_BACKOFF_MILLIS / 2 && s <= ResultsTable.MAX_BACKOFF_MILLIS), sleeps.toString());
    }

    @Test
    void givesUpLoudlyWhenItemsStayUnprocessed() {
        var table = new ThrottlingTable(1, Integer.MAX_VALUE);
        var e = assertThrows(IllegalStateException.class,
                () -> new ResultsTable(table, "results", millis -> { }).write(stations(3)));
        assertTrue(e.getMessage().contains("1 of 3 items unprocessed in table results"), e.getMessage());
        assertEquals(ResultsTable.MAX_ATTEMPTS, table.calls.size());
    }
}
