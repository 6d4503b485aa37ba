package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ReaderConfig.ItemsPointer} (spec 9.3b [AWS-doc], developer guide "ItemReader (Map)", 2025): a JSON Pointer
 * (RFC 6901), e.g. {@code /inventory/products/featured}, selecting the node of a JSON file to iterate: an array or an
 * object ({@link JsonItems}). The file is streamed: the members and elements before the node are skipped, never
 * built. An empty pointer selects the whole file, as no pointer does [peer-rec: github floci-io/floci pull request
 * #1588's tests]. Where AWS is silent [GUESS]: the pointer is checked when the state machine is created (RFC 6901
 * syntax: empty, or {@code /}-separated tokens in which {@code ~} is followed only by {@code 0} or {@code 1}), so a
 * JSONPath ({@code $.a}) or a JSONata expression is refused there; the first member of a name counts; an array element
 * is named by its index without leading zeros ({@code -} names none). A pointer that selects nothing, and a scalar
 * node, fail the reader (States.ItemReaderFailed) with AWS's causes [peer-rec].
 */
final class ItemsPointer {
    static final String NO_MATCH = "The provided ReaderConfig.ItemsPointer does not match any valid path in the JSON "
            + "structure.";

    private final String pointer;
    private final List<String> tokens;

    private ItemsPointer(String pointer, List<String> tokens) {
        this.pointer = pointer;
        this.tokens = tokens;
    }

    /** The pointer's reference tokens, unescaped ({@code ~1} is {@code /}, {@code ~0} is {@code ~}). */
    static ItemsPointer parse(String pointer, String at) {
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new DefinitionException(at, "ItemsPointer must be a JSON Pointer (RFC 6901) such as "
                    + "\"/inventory/products\", starting with '/', not '" + pointer + "'");
        }
        List<String> tokens = new ArrayList<>();
        if (!pointer.isEmpty()) {
            for (String raw : pointer.substring(1).split("/", -1)) {
                if (raw.matches("(?s).*~([^01].*|$)")) {
                    throw new DefinitionException(at, "ItemsPointer '" + pointer + "' is not a valid JSON Pointer: "
                            + "'~' must be followed by 0 or 1 (RFC 6901)");
                }
                tokens.add(raw.replace("~1", "/").replace("~0", "~"));
            }
        }
        return new ItemsPointer(pointer, List.copyOf(tokens));
    }

    String text() {
        return pointer;
    }

    /**
     * Moves {@code parser}, positioned on the document's first token, to the first token of the node the pointer
     * selects (what that node may be is {@link JsonItems}'s rule). A pointer that selects nothing fails with
     * the cause AWS gave ([peer-rec]: github floci-io/floci pull request #1588's tests record it).
     */
    void seek(JsonParser parser) throws IOException {
        for (String token : tokens) {
            JsonToken container = parser.currentToken();
            boolean found = container == JsonToken.START_OBJECT ? member(parser, token)
                    : container == JsonToken.START_ARRAY && element(parser, token);
            if (!found) {
                throw new ItemReaderException(NO_MATCH);
            }
        }
    }

    /** Within an object: on the value of the first member named {@code name}, or false at the object's end. */
    private static boolean member(JsonParser parser, String name) throws IOException {
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            boolean match = parser.currentName().equals(name);
            parser.nextToken();
            if (match) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }

    /** Within an array: on the element at index {@code token}, or false when there is none. */
    private static boolean element(JsonParser parser, String token) throws IOException {
        if (!token.matches("0|[1-9][0-9]{0,9}")) {
            return false;
        }
        long index = Long.parseLong(token);
        long i = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY && t != null; t = parser.nextToken()) {
            if (i++ == index) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }
}
