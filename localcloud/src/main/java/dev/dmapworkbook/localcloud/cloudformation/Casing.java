package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.Map;

/** CloudFormation's PascalCase property shapes → the camelCase JSON some service APIs take (Step Functions, Logs). */
final class Casing {
    private Casing() {
    }

    static JsonNode camel(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            node.forEach(item -> out.add(camel(item)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(Character.toLowerCase(e.getKey().charAt(0)) + e.getKey().substring(1),
                    camel(e.getValue())));
            return out;
        }
        return node;
    }

    /** CloudFormation tags {@code [{Key, Value}]} → {@code [{key, value}]}. */
    static ArrayNode lowerTags(Map<String, String> tags) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        tags.forEach((k, v) -> out.add(Json.object("key", k, "value", v)));
        return out;
    }
}
