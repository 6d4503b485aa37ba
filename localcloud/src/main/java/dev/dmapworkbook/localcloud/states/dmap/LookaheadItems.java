package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.NoSuchElementException;

/** An item source that parses one item ahead, so that {@link #hasNext} can say whether the object has another. */
abstract class LookaheadItems implements ItemSource {
    private JsonNode pending;
    private boolean done;

    /** Parses the next item; null once the object has no more. */
    abstract JsonNode read();

    /** Closes the parser or reader underneath. */
    abstract void closeSource() throws IOException;

    @Override
    public final boolean hasNext() {
        if (pending == null && !done) {
            pending = read();
            done = pending == null;
        }
        return pending != null;
    }

    @Override
    public final JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode item = pending;
        pending = null;
        return item;
    }

    @Override
    public final void close() {
        try {
            closeSource();
        } catch (IOException e) {
            // best effort
        }
    }
}
