package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ItemBatcher and ItemSelector as children see them (spec 9.4, 9.5). */
class ChildInputsTest {
    private static final ChildInputs.Selector IDENTITY = (index, item) -> item;

    private static List<JsonNode> items(int n) {
        return IntStream.range(0, n).mapToObj(i -> Json.parse("{\"Key\":\"k" + i + "\"}")).toList();
    }

    private static List<ChildInputs.ChildInput> all(ChildInputs inputs) {
        List<ChildInputs.ChildInput> out = new ArrayList<>();
        inputs.forEachRemaining(out::add);
        return out;
    }

    private static String text(ChildInputs.ChildInput input) {
        return new String(input.json(), StandardCharsets.UTF_8);
    }

    @Test
    void withoutBatchInputAChildGetsExactlyItems() {
        List<ChildInputs.ChildInput> batches = all(ChildInputs.batched(items(5).iterator(), IDENTITY, 2, 0, null));
        assertEquals(3, batches.size());
        assertEquals("{\"Items\":[{\"Key\":\"k0\"},{\"Key\":\"k1\"}]}", text(batches.get(0)));
        assertEquals("{\"Items\":[{\"Key\":\"k4\"}]}", text(batches.get(2)));
        assertEquals(4, batches.get(2).firstItem());
        assertEquals(1, batches.get(2).itemCount());
    }

    @Test
    void batchInputComesFirstWhenDeclared() {
        List<ChildInputs.ChildInput> batches = all(ChildInputs.batched(items(3).iterator(), IDENTITY, 100, 0,
                Json.parse("{\"Bucket\":\"data\"}")));
        assertEquals(1, batches.size());
        assertEquals("{\"BatchInput\":{\"Bucket\":\"data\"},\"Items\":[{\"Key\":\"k0\"},{\"Key\":\"k1\"},{\"Key\":\"k2\"}]}",
                text(batches.get(0)));
    }

    /** What a failed Map Run still counts (spec 9.6): skipping gives the same batches, item for item, as forming them. */
    @Test
    void skippingCountsTheSameBatchesAsForming() {
        JsonNode batchInput = Json.parse("{\"Bucket\":\"data\"}");
        for (long maxBytes : new long[]{0, 60, 100, 1000}) {
            List<Integer> formed = all(ChildInputs.batched(items(57).iterator(), IDENTITY, 7, maxBytes, batchInput)).stream()
                    .map(ChildInputs.ChildInput::itemCount).toList();
            ChildInputs skipping = ChildInputs.batched(items(57).iterator(), IDENTITY, 7, maxBytes, batchInput);
            List<Integer> skipped = new ArrayList<>();
            skipped.add(skipping.next().itemCount()); // formed before the breach, skipped after it
            while (skipping.hasNext()) {
                skipped.add(skipping.skip());
            }
            assertEquals(formed, skipped, "MaxInputBytesPerBatch " + maxBytes);
        }
        ChildInputs single = ChildInputs.single(items(5).iterator(), (index, item) -> {
            throw new AssertionError("a skipped item needs no ItemSelector");
        });
        int counted = 0;
        while (single.hasNext()) {
            counted += single.skip();
        }
        assertEquals(5, counted);
    }

    @Test
    void workshopListing1005KeysIn11BatchesOf100() {
        List<ChildInputs.ChildInput> batches = all(ChildInputs.batched(items(1005).iterator(), IDENTITY, 100, 0, null));
        assertEquals(11, batches.size());
        assertEquals(100, batches.get(0).itemCount());
        assertEquals(5, batches.get(10).itemCount());
        assertEquals(1000, batches.get(10).firstItem());
    }

    @Test
    void byteLimitClosesBatchesBeforeTheyExceedIt() {
        // each item {"Key":"kNN"} is 12-13 bytes; the wrapper {"Items":[]} is 12 bytes
        List<ChildInputs.ChildInput> batches = all(ChildInputs.batched(items(30).iterator(), IDENTITY, 0, 60, null));
        int total = 0;
        for (ChildInputs.ChildInput batch : batches) {
            assertTrue(batch.json().length <= 60, text(batch));
            Json.parse(batch.json());
            total += batch.itemCount();
        }
        assertEquals(30, total);
        assertEquals(3, batches.get(0).itemCount()); // {"Items":[ + 3 items + 2 commas + ]} = 50; a 4th makes 63
    }

    @Test
    void anItemLargerThanTheLimitAloneFailsTheReader() {
        JsonNode big = Json.parse("{\"v\":\"" + "x".repeat(300) + "\"}");
        ItemReaderException e = assertThrows(ItemReaderException.class,
                () -> all(ChildInputs.batched(List.of(big).iterator(), IDENTITY, 0, 100, null)));
        assertTrue(e.getMessage().contains("index 0"), e.getMessage());
        JsonNode huge = Json.parse("{\"v\":\"" + "x".repeat(270_000) + "\"}");
        assertThrows(ItemReaderException.class, () -> all(ChildInputs.single(List.of(huge).iterator(), IDENTITY)));
    }

    @Test
    void implicitLimitIs256KiB() {
        JsonNode item = Json.parse("{\"v\":\"" + "x".repeat(1000) + "\"}");
        List<JsonNode> many = IntStream.range(0, 600).mapToObj(i -> item).toList();
        List<ChildInputs.ChildInput> batches = all(ChildInputs.batched(many.iterator(), IDENTITY, 1000, 0, null));
        assertTrue(batches.size() > 1);
        assertTrue(batches.get(0).json().length <= 262_144);
        assertTrue(batches.get(0).json().length > 262_144 - 1010);
    }

    @Test
    void selectorSeesIndexAndItemAndRunsBeforeBatching() {
        ChildInputs.Selector selector = (index, item) -> Json.object("i", index, "key", item.get("Key").asText());
        List<ChildInputs.ChildInput> batches = all(ChildInputs.batched(items(3).iterator(), selector, 2, 0, null));
        assertEquals("{\"Items\":[{\"i\":0,\"key\":\"k0\"},{\"i\":1,\"key\":\"k1\"}]}", text(batches.get(0)));
        List<ChildInputs.ChildInput> singles = all(ChildInputs.single(items(2).iterator(), selector));
        assertEquals("{\"i\":1,\"key\":\"k1\"}", text(singles.get(1)));
        assertEquals(1, singles.get(1).firstItem());
    }

    /**
     * A source that writes its items' JSON straight into the batch (the inventory's CSV rows) forms the same child
     * inputs as the same items given as trees: same batches, same carried item at the byte limit, same failure; a
     * character outside the BMP is its 4 UTF-8 bytes either way, not a 12-byte pair of escapes.
     */
    @Test
    void itemsWrittenStraightIntoTheBatchFormTheSameInputs() {
        List<JsonNode> items = IntStream.range(0, 200)
                .mapToObj(i -> Json.parse("{\"Key\":\"" + "k".repeat(i % 37) + i
                        + (i % 3 == 0 && i % 37 < 30 ? "\\ud83d\\ude00\\u00e9\\u001f" : "") + "\",\"n\":" + i + "}")).toList();
        JsonNode batchInput = Json.parse("{\"Bucket\":\"data\"}");
        for (long maxBytes : new long[]{0, 110, 150, 1000, 4096}) {
            for (long maxItems : new long[]{0, 1, 7, 1000}) {
                List<String> trees = all(ChildInputs.batched(items.iterator(), null, maxItems, maxBytes, batchInput))
                        .stream().map(ChildInputsTest::describe).toList();
                List<String> written = all(ChildInputs.batched(writing(items), null, maxItems, maxBytes, batchInput))
                        .stream().map(ChildInputsTest::describe).toList();
                assertEquals(trees, written, "MaxItemsPerBatch " + maxItems + ", MaxInputBytesPerBatch " + maxBytes);
            }
        }
        ItemReaderException e = assertThrows(ItemReaderException.class,
                () -> all(ChildInputs.batched(writing(items), null, 0, 40, null)));
        assertEquals(assertThrows(ItemReaderException.class,
                () -> all(ChildInputs.batched(items.iterator(), null, 0, 40, null))).getMessage(), e.getMessage());
    }

    private static String describe(ChildInputs.ChildInput input) {
        return input.firstItem() + "+" + input.itemCount() + ":" + text(input);
    }

    /** The items as a source that only ever writes them into the batch (never as a tree or an array of its own). */
    private static ItemSource writing(List<JsonNode> items) {
        java.util.Iterator<JsonNode> it = items.iterator();
        return new ItemSource() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public JsonNode next() {
                throw new AssertionError("written straight into the batch, not given as a tree");
            }

            @Override
            public void writeJson(JsonBytes out) {
                out.add(Json.write(it.next()).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
            }
        };
    }
}
