package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A child input read back into the tree its child runs on (spec 9.5: {@code {"Items":[…]}}), quickly when its items
 * are flat objects of ASCII strings, as the S3 inventory reader forms them (every CSV field is a string, spec 9.3b):
 * exactly the tree {@code Json.parse} gives for the same text (same node types, member order, last duplicate wins),
 * without Jackson's generic parser. Any other text (BatchInput, numbers, nesting, whitespace, non-ASCII bytes, anything
 * malformed) is left to {@code Json.parse}, so every input still reads, or fails, as before. Member names repeated
 * item after item are one String each, as Jackson's name table keeps them.
 */
final class StringItemsBatch {
    private static final byte[] OPEN = "{\"Items\":[".getBytes(StandardCharsets.US_ASCII);
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    private final byte[] text;
    private int at;
    /** The previous item's member names, by position: the next item's usually repeat them. */
    private final List<byte[]> nameBytes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private StringItemsBatch(byte[] text) {
        this.text = text;
    }

    /** The child input {@code json} as a tree (what {@code Json.parse} gives). */
    static JsonNode parse(byte[] json) {
        JsonNode fast = new StringItemsBatch(json).batch();
        return fast != null ? fast : Json.parse(json);
    }

    /** The tree when the text is {@code {"Items":[…]}} of flat ASCII string objects, else null. */
    static JsonNode tryParse(byte[] json) {
        return new StringItemsBatch(json).batch();
    }

    private JsonNode batch() {
        if (text.length < OPEN.length + 2 || !Arrays.equals(text, 0, OPEN.length, OPEN, 0, OPEN.length)) {
            return null;
        }
        at = OPEN.length;
        ArrayNode items = NODES.arrayNode();
        if (peek() != ']') {
            do {
                ObjectNode item = item();
                if (item == null) {
                    return null;
                }
                items.add(item);
            } while (take(','));
        }
        if (!take(']') || !take('}') || at != text.length) {
            return null;
        }
        ObjectNode batch = NODES.objectNode();
        batch.set("Items", items);
        return batch;
    }

    /** {@code {"name":"value",…}} with string values only; null for anything else. */
    private ObjectNode item() {
        if (!take('{')) {
            return null;
        }
        // sized for the previous item's members (a HashMap's default table has 16 slots, an inventory row 2 to 13)
        ObjectNode item = new ObjectNode(NODES, new LinkedHashMap<>(Math.max(4, names.size() * 4 / 3 + 1)));
        if (take('}')) {
            return item;
        }
        int member = 0;
        do {
            String name = name(member++);
            if (name == null || !take(':')) {
                return null;
            }
            String value = string();
            if (value == null) {
                return null;
            }
            item.replace(name, TextNode.valueOf(value)); // a repeated name: the last value, at the first's place
        } while (take(','));
        return take('}') ? item : null;
    }

    /** Member {@code position}'s name, the previous item's String when its bytes are the same. */
    private String name(int position) {
        int start = at;
        String name = string();
        if (name == null) {
            return null;
        }
        if (position < names.size() && Arrays.equals(text, start, at, nameBytes.get(position), 0,
                nameBytes.get(position).length)) {
            return names.get(position);
        }
        if (position < names.size()) {
            nameBytes.set(position, Arrays.copyOfRange(text, start, at));
            names.set(position, name);
        } else if (position == names.size()) {
            nameBytes.add(Arrays.copyOfRange(text, start, at));
            names.add(name);
        }
        return name;
    }

    /** A JSON string of ASCII characters (escapes as JSON defines them, RFC 8259 section 7); null for anything else. */
    private String string() {
        if (!take('"')) {
            return null;
        }
        int start = at;
        while (at < text.length) {
            byte b = text[at];
            if (b == '"') {
                return new String(text, start, at++ - start, StandardCharsets.ISO_8859_1);
            }
            if (b == '\\') {
                return escaped(start);
            }
            if (b < 0x20) { // a control character must be escaped; a negative byte is not ASCII
                return null;
            }
            at++;
        }
        return null;
    }

    /** The rest of a string that has an escape at {@code at}; its first part ran from {@code start}. */
    private String escaped(int start) {
        StringBuilder out = new StringBuilder(at - start + 16).append(new String(text, start, at - start,
                StandardCharsets.ISO_8859_1));
        while (at < text.length) {
            byte b = text[at++];
            if (b == '"') {
                return out.toString();
            }
            if (b < 0x20) {
                return null;
            }
            if (b != '\\') {
                out.append((char) b);
                continue;
            }
            int c = unescape();
            if (c < 0) {
                return null;
            }
            out.append((char) c);
        }
        return null;
    }

    /** The character an escape stands for (after its backslash), or -1 when it is not one. */
    private int unescape() {
        if (at >= text.length) {
            return -1;
        }
        return switch (text[at++]) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> hex4();
            default -> -1;
        };
    }

    private int hex4() {
        if (at + 4 > text.length) {
            return -1;
        }
        int c = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text[at++], 16);
            if (digit < 0) {
                return -1;
            }
            c = c << 4 | digit;
        }
        return c;
    }

    private int peek() {
        return at < text.length ? text[at] : -1;
    }

    private boolean take(char c) {
        if (at < text.length && text[at] == c) {
            at++;
            return true;
        }
        return false;
    }
}
