package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reading resolved resource properties the way CloudFormation coerces them (numbers may arrive as strings). */
final class Properties {
    private Properties() {
    }

    static String text(JsonNode properties, String name) {
        JsonNode value = properties.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    }

    static Integer integer(JsonNode properties, String name) {
        String text = text(properties, name);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new ResourceFailure("Properties validation failed: " + name + " must be an integer, not '" + text + "'");
        }
    }

    /** A policy document as IAM takes it: JSON text (a YAML map is serialised; a string is used as written). */
    static String document(JsonNode value) {
        return value.isTextual() ? value.asText() : Json.write(value);
    }

    /** {@code [{Key, Value}]} → map. */
    static Map<String, String> tags(JsonNode properties) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : properties.path("Tags")) {
            tags.put(tag.path("Key").asText(), tag.path("Value").asText());
        }
        return tags;
    }
}
