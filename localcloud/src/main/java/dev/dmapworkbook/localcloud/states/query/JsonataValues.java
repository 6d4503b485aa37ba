package dev.dmapworkbook.localcloud.states.query;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the values the JSONata engine works on: maps, lists, strings, numbers,
 * booleans and {@link Jsonata#NULL_VALUE} for JSON null; a Java {@code null} is JSONata's "undefined".
 */
final class JsonataValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** JavaScript's largest exact integer: integral doubles up to it are written as integers, as AWS writes them. */
    private static final double MAX_EXACT = 9_007_199_254_740_991d;

    /** A value the engine produced that JSON cannot hold (a function, a regex, a non-finite number). */
    static final class NotJson extends RuntimeException {
        NotJson(String what) {
            super(what, null, false, false);
        }
    }

    private JsonataValues() {
    }

    static Object toJsonata(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Jsonata.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                map.put(e.getKey(), toJsonata(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toJsonata(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** The JSON of an engine value; {@code value} must not be undefined (Java null). */
    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            for (var e : map.entrySet()) {
                if (e.getValue() != null) { // an undefined member is left out, as JSONata leaves it out
                    out.set(String.valueOf(e.getKey()), toJson(e.getValue()));
                }
            }
            return out;
        }
        if (value instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode(list.size());
            for (Object item : list) {
                if (item != null) {
                    out.add(toJson(item));
                }
            }
            return out;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Number n) {
            return number(n);
        }
        throw new NotJson(value.getClass().getSimpleName());
    }

    private static JsonNode number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return NODES.numberNode(n.longValue());
        }
        if (n instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new NotJson(Double.toString(d));
        }
        if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT && !(d == 0 && 1 / d < 0)) {
            return NODES.numberNode((long) d);
        }
        return n instanceof BigDecimal bd ? NODES.numberNode(bd) : NODES.numberNode(d);
    }

    /** The JSONata type name of a value ({@code $type}), as the "unexpected result type" cause names it. */
    static String typeName(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "object";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return "number";
    }
}
