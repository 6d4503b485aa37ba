package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The elements of a JSON array, parsed one at a time (spec 9.3b, InputType JSON): the whole file, or the node a
 * {@link ItemsPointer} selects. A file (or node) that is not an array fails with AWS's recorded cause
 * {@code Attempting to map over non-iterable node.} [AWS-rec, 2023]; for an object the cause goes on to say why.
 */
final class JsonArrayItems extends LookaheadItems {
    /**
     * The 2025 developer guide lets a JSON file hold an object and iterates its key-value pairs, but shows no pair
     * item's shape (spec 11.6): the local cloud refuses an object by name rather than guess one, as it does for an
     * object selected by ItemsPath (MapRunSettings).
     */
    static final String OBJECT_REFUSAL = "Step Functions iterates the key-value pairs of a JSON object; the local cloud "
            + "does not (AWS documents no pair's shape): select an array with ReaderConfig.ItemsPointer.";

    private final JsonParser parser;

    JsonArrayItems(InputStream content) {
        this(content, Optional.empty());
    }

    JsonArrayItems(InputStream content, Optional<ItemsPointer> pointer) {
        try {
            this.parser = Json.MAPPER.getFactory().createParser(content);
        } catch (IOException e) {
            throw new ItemReaderException("The JSON object is not valid JSON: " + e.getMessage());
        }
        try {
            JsonToken first = parser.nextToken();
            if (pointer.isPresent()) {
                pointer.get().seek(parser);
            } else if (first != JsonToken.START_ARRAY) {
                throw new ItemReaderException("Attempting to map over non-iterable node."
                        + (first == JsonToken.START_OBJECT ? " The JSON file holds an object: " + OBJECT_REFUSAL : ""));
            }
        } catch (IOException e) {
            closeQuietly();
            throw new ItemReaderException("The JSON object is not valid JSON: " + e.getMessage());
        } catch (ItemReaderException e) {
            closeQuietly();
            throw e;
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

    private void closeQuietly() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // the failure being reported matters more
        }
    }
}
