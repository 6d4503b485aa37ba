package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.edge.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.NoSuchElementException;

/** The elements of a JSON array object, parsed one at a time (spec 9.3b, InputType JSON). */
final class JsonArrayItems implements ItemSource {
    private final JsonParser parser;
    private JsonNode pending;
    private boolean done;

    JsonArrayItems(InputStream content) {
        try {
            this.parser = Json.MAPPER.getFactory().createParser(content);
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                parser.close();
                throw new ItemReaderException("Attempting to map over non-iterable node.");
            }
        } catch (IOException e) {
            throw new ItemReaderException("The JSON object is not valid JSON: " + e.getMessage());
        }
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !done) {
            try {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw new ItemReaderException("The JSON object ends before its array is closed.");
                }
                if (token == JsonToken.END_ARRAY) {
                    done = true;
                } else {
                    pending = parser.readValueAsTree();
                }
            } catch (IOException e) {
                throw new ItemReaderException("The JSON object is not valid JSON: " + e.getMessage());
            }
        }
        return pending != null;
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode item = pending;
        pending = null;
        return item;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // best effort
        }
    }
}
