package dev.dmapworkbook.localcloud.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one shared Jackson mapper and a few builders for the JSON protocols. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code Json.object("a", 1, "b", "x")}; null values are left out, as AWS omits absent members. */
    public static ObjectNode object(Object... keysAndValues) {
        ObjectNode node = MAPPER.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            String key = (String) keysAndValues[i];
            // the nodes valueToTree gives these, without its serialization round trip (a journal line has ~20 values)
            if (value instanceof String s) {
                node.put(key, s);
            } else if (value instanceof Boolean b) {
                node.put(key, b);
            } else if (value instanceof Integer n) {
                node.put(key, n);
            } else if (value != null) {
                node.set(key, MAPPER.valueToTree(value));
            }
        }
        return node;
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode parse(byte[] bytes) {
        try {
            return bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The compact JSON as UTF-8 bytes, written straight to bytes (no intermediate String). */
    public static byte[] writeBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
