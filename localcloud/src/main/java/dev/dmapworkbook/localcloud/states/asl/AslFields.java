package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;

/**
 * Reading one field of a state, as every state type does (ASL "Paths", "Reference Paths", "Parameters"): paths,
 * templates, strings, positive integers, and the check that no field is unknown; each error names its JSON pointer.
 */
final class AslFields {
    static final JPath ROOT = JPath.parse("$");

    private AslFields() {
    }

    static JPath ioPath(JsonNode node, String field, String pointer) {
        JsonNode v = node.get(field);
        if (v == null) {
            return ROOT;
        }
        if (v.isNull()) {
            return null;
        }
        return path(v, Pointers.child(pointer, field), field);
    }

    static JPath resultPath(JsonNode node, String pointer) {
        JsonNode v = node.get("ResultPath");
        if (v == null) {
            return ROOT;
        }
        if (v.isNull()) {
            return null;
        }
        return referencePath(v, Pointers.child(pointer, "ResultPath"), "ResultPath");
    }

    /** ResultPath must name one place to write: a plain {@code $.a.b} path (ASL "Reference Paths"). */
    static JPath referencePath(JsonNode v, String at, String field) {
        JPath p = path(v, at, field);
        if (p.fields() == null || p.isContext() || p.variable() != null) {
            throw new DefinitionException(at, "The value for the field '" + field + "' must be a valid Reference Path such as $.a.b");
        }
        return p;
    }

    static JPath path(JsonNode v, String at, String field) {
        if (!v.isTextual()) {
            throw new DefinitionException(at, "The value for the field '" + field + "' must be a STRING");
        }
        try {
            return JPath.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(at, "The value for the field '" + field + "' must be a valid JSONPath: " + e.getMessage());
        }
    }

    static Template template(JsonNode node, String field, String pointer) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        String at = Pointers.child(pointer, field);
        if (!v.isObject() && field.equals("ResultSelector")) {
            throw new DefinitionException(at, "The value for the field 'ResultSelector' must be an OBJECT");
        }
        return Template.compile(v, at);
    }

    static String text(JsonNode node, String field, String pointer) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new DefinitionException(Pointers.child(pointer, field), "The value for the field '" + field + "' must be a STRING");
        }
        return v.textValue();
    }

    static Template expression(JsonNode node, String field, String pointer) {
        JsonNode v = node.get(field);
        return v == null ? null : Template.expression(field, v, Pointers.child(pointer, field));
    }


    static void unknownFields(JsonNode node, String pointer, Set<String> allowed, ParseContext ctx) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                ctx.problem(pointer, "Field '" + f + "' is not supported"); // recorded on AWS (floci #2735, #2968)
            }
        });
    }

    static Integer positiveInt(JsonNode v, String at, ParseContext ctx, int min) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
            ctx.problem(at, "The value for the field '" + at.substring(at.lastIndexOf('/') + 1) + "' must be an INTEGER of at least " + min);
            return null;
        }
        return v.intValue();
    }

    static int orDefault(Integer v, int d) {
        return v == null ? d : v;
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        Set<String> out = new HashSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return Set.copyOf(out);
    }
}
