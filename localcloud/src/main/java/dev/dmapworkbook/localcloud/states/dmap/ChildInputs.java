package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.states.asl.Quotas;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.dmapworkbook.localcloud.core.Json;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Turns items into child inputs, lazily (spec 9.2 step 7–8, 9.5): each item goes through the ItemSelector;
 * without an ItemBatcher every item is one child; with one, a child gets exactly {@code {"Items":[…]}}, or
 * {@code {"BatchInput":…,"Items":[…]}} when BatchInput is declared. A batch closes when it holds
 * MaxItemsPerBatch items or when the next item would make the serialized child input exceed
 * MaxInputBytesPerBatch (256 KiB when only MaxItemsPerBatch is given). An item that alone exceeds the
 * limit fails the reader [GUESS, spec 9.5].
 */
final class ChildInputs implements Iterator<ChildInputs.ChildInput> {
    static final int PAYLOAD_LIMIT = Quotas.PAYLOAD_LIMIT_BYTES;
    private static final byte[] ITEMS_OPEN = "\"Items\":[".getBytes(StandardCharsets.UTF_8);
    /**
     * An item's compact JSON as UTF-8, a character outside the BMP as its 4 bytes (Jackson's byte writer would escape
     * it as two {@code \\uXXXX}, 12 bytes): the bytes the readers' {@code nextJson} give, so a batch closes at the same
     * item with or without an ItemSelector.
     */
    private static final ObjectWriter ITEM_WRITER = Json.MAPPER.writer()
            .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

    /** One child's input, serialized compactly; {@code firstItem} is the index of its first item. */
    record ChildInput(long firstItem, int itemCount, byte[] json) {
    }

    /** ItemSelector evaluation: {@code $$.Map.Item.Index} and {@code .Value}; null when there is no selector. */
    @FunctionalInterface
    interface Selector {
        JsonNode select(long index, JsonNode item);
    }

    private final Iterator<JsonNode> items;
    private final ItemSource source;
    private final Selector selector;
    private final boolean batching;
    private final long maxItems;
    private final long maxBytes;
    private final byte[] prefix;
    private long nextIndex;
    private byte[] carried;
    /** The batch being formed, reused for every batch (the reader is one thread). */
    private final JsonBytes batch = new JsonBytes(64 * 1024);

    /** One child per item. */
    static ChildInputs single(Iterator<JsonNode> items, Selector selector) {
        return new ChildInputs(items, selector, false, 1, PAYLOAD_LIMIT, null);
    }

    /**
     * @param maxItems   MaxItemsPerBatch, 0 when absent
     * @param maxBytes   MaxInputBytesPerBatch, 0 when absent (then 256 KiB)
     * @param batchInput the evaluated BatchInput, or null when not declared
     */
    static ChildInputs batched(Iterator<JsonNode> items, Selector selector, long maxItems, long maxBytes,
                               JsonNode batchInput) {
        return new ChildInputs(items, selector, true, maxItems <= 0 ? Long.MAX_VALUE : maxItems,
                maxBytes <= 0 ? PAYLOAD_LIMIT : Math.min(maxBytes, PAYLOAD_LIMIT), batchInput);
    }

    private ChildInputs(Iterator<JsonNode> items, Selector selector, boolean batching, long maxItems, long maxBytes,
                        JsonNode batchInput) {
        this.items = items;
        this.source = items instanceof ItemSource s ? s : null;
        this.selector = selector;
        this.batching = batching;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.prefix = batchInput == null ? "{".getBytes(StandardCharsets.UTF_8)
                : ("{\"BatchInput\":" + Json.write(batchInput) + ",").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean hasNext() {
        return carried != null || items.hasNext();
    }

    @Override
    public ChildInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (!batching) {
            long index = nextIndex++;
            byte[] json = next(index);
            if (json.length > maxBytes) {
                throw tooBig(index, json.length);
            }
            return new ChildInput(index, 1, json);
        }
        return nextBatch();
    }

    /** Items until MaxItemsPerBatch, or until the next would pass the byte limit (it is carried to the next batch). */
    private ChildInput nextBatch() {
        long first = nextIndex - (carried == null ? 0 : 1);
        batch.clear();
        batch.add(prefix).add(ITEMS_OPEN);
        int count = 0;
        while (count < maxItems && (carried != null || items.hasNext())) {
            int before = batch.size();
            if (count > 0) {
                batch.add((byte) ',');
            }
            int itemStart = batch.size();
            if (carried != null) {
                batch.add(carried);
                carried = null;
            } else {
                appendNext(nextIndex++);
            }
            if (batch.size() + 2 > maxBytes) { // with "]}"
                if (count == 0) {
                    throw tooBig(first, batch.size() + 2);
                }
                carried = batch.copyFrom(itemStart);
                batch.truncate(before);
                break;
            }
            count++;
        }
        batch.add((byte) ']').add((byte) '}');
        return new ChildInput(first, count, batch.toByteArray());
    }

    /**
     * Consumes the next child's items without forming its input, and returns how many there are: what a Map Run
     * that has failed still counts (spec 9.6) but will never start. The ItemSelector is skipped and nothing is
     * copied; with an ItemBatcher the items are still serialized, because their sizes decide where batches end.
     */
    int skip() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (!batching) {
            nextIndex++;
            if (source != null) {
                source.nextJson();
            } else {
                items.next();
            }
            return 1;
        }
        long size = prefix.length + ITEMS_OPEN.length;
        int count = 0;
        while (count < maxItems && (carried != null || items.hasNext())) {
            byte[] item = carried != null ? carried : next(nextIndex++);
            carried = null;
            long sizeWith = size + (count > 0 ? 1 : 0) + item.length + 2;
            if (sizeWith > maxBytes && count > 0) {
                carried = item;
                break;
            }
            size = sizeWith - 2;
            count++;
        }
        return count;
    }

    /** The next item's JSON straight into the batch when its source can write it so (no ItemSelector). */
    private void appendNext(long index) {
        if (selector == null && source != null) {
            source.writeJson(batch);
        } else {
            batch.add(serialize(index, items.next()));
        }
    }

    private byte[] next(long index) {
        if (selector == null && source != null) {
            return source.nextJson();
        }
        return serialize(index, items.next());
    }

    private byte[] serialize(long index, JsonNode item) {
        JsonNode selected = selector == null ? item : selector.select(index, item);
        try {
            return ITEM_WRITER.writeValueAsBytes(selected);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ItemReaderException tooBig(long index, long size) {
        return new ItemReaderException("The child input for the item at index " + index + " is " + size
                + " bytes, more than the " + maxBytes + "-byte limit" + (batching ? " of a batch." : "."));
    }
}
