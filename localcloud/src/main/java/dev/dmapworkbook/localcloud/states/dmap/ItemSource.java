package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;

/**
 * Items read lazily, one at a time, from wherever the Map takes them (an S3 object, a listing, the state
 * input); {@link #next} and {@link #hasNext} throw {@link ItemReaderException} when the source is bad.
 */
interface ItemSource extends Iterator<JsonNode>, AutoCloseable {
    @Override
    void close();

    /** The next item as compact JSON (UTF-8); sources that can write it without building a tree override this. */
    default byte[] nextJson() {
        return dev.dmapworkbook.localcloud.core.Json.write(next()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Appends the next item's compact JSON to {@code out}: what {@link #nextJson} gives, without an array of its own. */
    default void writeJson(JsonBytes out) {
        out.add(nextJson());
    }

    /** At most {@code max} items of {@code source}; {@code max <= 0} means all of them. */
    static ItemSource limit(ItemSource source, long max) {
        if (max <= 0) {
            return source;
        }
        return new ItemSource() {
            private long taken;

            @Override
            public boolean hasNext() {
                return taken < max && source.hasNext();
            }

            @Override
            public JsonNode next() {
                taken++;
                return source.next();
            }

            @Override
            public byte[] nextJson() {
                taken++;
                return source.nextJson();
            }

            @Override
            public void writeJson(JsonBytes out) {
                taken++;
                source.writeJson(out);
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    static ItemSource of(Iterator<JsonNode> items) {
        return new ItemSource() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public JsonNode next() {
                return items.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
