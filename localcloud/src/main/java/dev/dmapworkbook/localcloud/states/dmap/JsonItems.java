package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.ObjectMemberItem;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The items of a JSON item file (spec 9.3b, InputType JSON), parsed one at a time while the file streams: the whole
 * file, or the node a {@link ItemsPointer} selects. That node may be "an array or JSON object" (AWS docs, "ItemReader
 * (Map)", 2025) [AWS-doc]: an array's elements in order, or an object's members as {@code {"Key","Value"}} pairs in
 * the file's member order, a top-level object included ({@link ObjectMemberItem}; github floci-io/floci pull request
 * #1588, "Observed AWS behavior") [peer-rec]. A member is read as it is written: a name given twice gives two items
 * [GUESS: streaming keeps no set of names]. A scalar fails with AWS's cause {@code Attempting to map over
 * non-iterable node.} [AWS-rec, 2023; peer-rec for a pointer to a scalar].
 */
final class JsonItems extends LookaheadItems {
    static final String NOT_ITERABLE = "Attempting to map over non-iterable node.";

    private final JsonParser parser;
    private final boolean members;

    JsonItems(InputStream content) {
        this(content, Optional.empty());
    }

    JsonItems(InputStream content, Optional<ItemsPointer> pointer) {
        try {
            this.parser = Json.MAPPER.getFactory().createParser(content);
        } catch (IOException e) {
            throw new ItemReaderException("The JSON object is not valid JSON: " + e.getMessage());
        }
        try {
            parser.nextToken();
            if (pointer.isPresent()) {
                pointer.get().seek(parser);
            }
            JsonToken node = parser.currentToken();
            if (node != JsonToken.START_ARRAY && node != JsonToken.START_OBJECT) {
                throw new ItemReaderException(NOT_ITERABLE);
            }
            this.members = node == JsonToken.START_OBJECT;
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
                throw new ItemReaderException("The JSON object ends before its " + (members ? "object" : "array")
                        + " is closed.");
            }
            if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT) {
                return null;
            }
            if (!members) {
                return parser.readValueAsTree();
            }
            String key = parser.currentName();
            parser.nextToken();
            return ObjectMemberItem.of(key, parser.readValueAsTree());
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
