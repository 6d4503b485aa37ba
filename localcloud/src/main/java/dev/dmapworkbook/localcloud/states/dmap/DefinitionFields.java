package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.Setting;
import dev.dmapworkbook.localcloud.states.query.JsonataExpression;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every part of a Distributed Map's definition shares (spec 9.1): known fields only, objects and strings
 * where they belong, enum values, payload-template keys, and the numeric settings given literally or through their
 * {@code …Path} twins; each failure is a {@link DefinitionException} naming the JSON pointer.
 */
final class DefinitionFields {
    private DefinitionFields() {
    }

    enum Kind { NON_NEGATIVE_INT, POSITIVE_INT, PERCENTAGE }

    /** A literal {@code field} or a reference path {@code fieldPath}, never both (spec 9.1, 9.5). */
    static Setting setting(JsonNode parent, String pointer, String field, Kind kind, long max) {
        return setting(parent, pointer, field, kind, max, false);
    }

    /**
     * As {@link #setting(JsonNode, String, String, Kind, long)}; in a JSONata state ({@code jsonata}) the field may
     * hold one {@code {% %}} expression instead of the literal, compiled here and evaluated per Map Run.
     */
    static Setting setting(JsonNode parent, String pointer, String field, Kind kind, long max, boolean jsonata) {
        JsonNode value = parent.get(field);
        if (jsonata && JsonataExpression.isExpression(value)) {
            try {
                return new Setting(field, Optional.empty(), Optional.empty(),
                        Optional.of(JsonataExpression.compile(value.textValue())));
            } catch (JsonataExpression.Invalid e) {
                throw new DefinitionException(List.of(new DefinitionException.Problem(e.code(), e.getMessage(),
                        pointer + "/" + field)));
            }
        }
        JsonNode path = parent.get(field + "Path");
        if (value != null && path != null) {
            throw new DefinitionException(pointer, "The fields \"" + field + "\" and \"" + field
                    + "Path\" are mutually exclusive");
        }
        if (path != null) {
            String p = text(path, pointer + "/" + field + "Path");
            if (!p.startsWith("$")) {
                throw new DefinitionException(pointer + "/" + field + "Path", "must be a reference path starting with $");
            }
            return new Setting(field, Optional.empty(), Optional.of(p), Optional.empty());
        }
        if (value == null) {
            return Setting.absent(field);
        }
        checkLiteral(value, pointer + "/" + field, field, kind, max);
        return new Setting(field, Optional.of(value), Optional.empty(), Optional.empty());
    }

    /** A literal number: a percentage 0–{@code max}, or an integer of the kind's minimum up to {@code max}. */
    private static void checkLiteral(JsonNode value, String at, String field, Kind kind, long max) {
        if (kind == Kind.PERCENTAGE) {
            if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > max) {
                throw new DefinitionException(at, field + " must be a number between 0 and " + max);
            }
        } else {
            long min = kind == Kind.POSITIVE_INT ? 1 : 0;
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
                throw new DefinitionException(at, field + " must be an integer "
                        + (max == Long.MAX_VALUE ? (min == 1 ? "greater than 0" : "greater than or equal to 0")
                        : "between " + min + " and " + max));
            }
        }
    }


    /** Payload-template keys: {@code Name} or {@code Name.$}, never both, and only the listed names. */
    static void templateFields(JsonNode template, String pointer, Set<String> allowed, String unsupported) {
        Iterator<String> names = template.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            String name = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            if (name.equals(unsupported)) {
                throw notSupported(pointer + "/" + key, "Parameters." + name);
            }
            if (!allowed.contains(name)) {
                throw new DefinitionException(pointer, "The field \"" + key + "\" is not supported by Step Functions");
            }
            if (key.endsWith(".$") && template.has(name)) {
                throw new DefinitionException(pointer, "The fields \"" + name + "\" and \"" + key
                        + "\" cannot both be set");
            }
            if (key.endsWith(".$") && !template.get(key).isTextual()) {
                throw new DefinitionException(pointer + "/" + key, "must be a path or an intrinsic function (a string)");
            }
        }
    }

    static void requireTemplateField(JsonNode template, String pointer, String name) {
        if (!template.has(name) && !template.has(name + ".$")) {
            throw missing(pointer, name);
        }
    }

    static void allowOnly(JsonNode node, String pointer, Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new DefinitionException(pointer, "The field \"" + name + "\" is not supported by Step Functions");
            }
        }
    }

    /** {@code Arguments} is the JSONata form of {@code Parameters} (spec, ItemReader and ResultWriter fields). */
    static void refuseArguments(JsonNode node, String pointer) {
        if (node.has("Arguments")) {
            throw new DefinitionException(pointer + "/Arguments",
                    "The field \"Arguments\" is only valid for JSONata; use \"Parameters\" in JSONPath states");
        }
    }

    static void requireObject(JsonNode node, String pointer) {
        if (node == null || !node.isObject()) {
            throw new DefinitionException(pointer, "must be a JSON object");
        }
    }

    static String text(JsonNode node, String pointer) {
        if (!node.isTextual()) {
            throw new DefinitionException(pointer, "must be a string");
        }
        return node.asText();
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String pointer) {
        String value = text(node, pointer);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        throw new DefinitionException(pointer, "'" + value + "' is not one of " + String.join(", ", names));
    }

    static DefinitionException missing(String pointer, String field) {
        return new DefinitionException(pointer, "The field '" + field + "' is required but was missing");
    }

    static DefinitionException notSupported(String pointer, String what) {
        return new DefinitionException(pointer, what + " is not supported by the local cloud");
    }
}
