package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.IOException;
import java.io.InputStream;

/** The elements of a JSON array object, parsed one at a time (spec 9.3b, InputType JSON). */
final class JsonArrayItems extends LookaheadItems {
    private final JsonParser parser;

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
    JsonNode read() {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new ItemReaderException("The JSON object ends before its array is closed.");
            }
            return token == JsonToken.END_ARRAY ? null : parser.readValueAsTree();
        } catch (IOException e) {
            throw new ItemReaderException("The JSON object is not valid JSON: " + e.getMessage());
        }
    }

    @Override
    void closeSource() throws IOException {
        parser.close();
    }
}
