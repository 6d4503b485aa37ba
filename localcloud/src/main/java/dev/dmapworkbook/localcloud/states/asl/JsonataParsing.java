package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.query.JsonataExpression;
import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSONata side of parsing a state (AWS "Transforming data with JSONata"): which language a state is written in,
 * its expression fields ({@link JsonataFields}), its {@code Assign} in either language, and the "JSONPath view" of a
 * JSONata state, the same object without its JSONata-only fields and with every {@code {% %}} value taken out of
 * the fields the JSONPath parser checks as literals ({@code TimeoutSeconds}, {@code Seconds}, {@code Error}, …), so
 * that one parser checks Next/End, Retry, Catch, resources and everything else for both languages.
 */
final class JsonataParsing {
    /** Fields whose whole value is a template (any JSON, with expressions inside). */
    private static final List<String> TEMPLATES = List.of("Arguments", "Output", "Items", "ItemSelector");
    /** Fields that take a literal or one expression; an expression leaves the JSONPath view. */
    private static final List<String> VALUES = List.of("TimeoutSeconds", "HeartbeatSeconds", "MaxConcurrency",
            "Error", "Cause", "ToleratedFailureCount", "ToleratedFailurePercentage");

    private JsonataParsing() {
    }

    /** A state is JSONata when it says so, JSONPath when it says so, else what the machine is. */
    static boolean jsonata(JsonNode state, boolean machine) {
        JsonNode ql = state.get("QueryLanguage");
        return ql == null ? machine : "JSONata".equals(ql.asText());
    }

    /** The expression fields of a JSONata state, each compiled with its pointer; a bad one is a problem. */
    static JsonataFields fields(JsonNode node, String pointer, List<DefinitionException.Problem> problems) {
        Map<String, JsonataTemplate> out = new LinkedHashMap<>();
        for (String f : TEMPLATES) {
            compile(node, f, pointer, out, problems);
        }
        for (String f : VALUES) {
            if (JsonataExpression.isExpression(node.get(f))) {
                compile(node, f, pointer, out, problems);
            }
        }
        for (String f : List.of("Seconds", "Timestamp")) {
            if (JsonataExpression.isExpression(node.get(f))) {
                compile(node, f, pointer, out, problems);
            }
        }
        return new JsonataFields(Map.copyOf(out));
    }

    private static void compile(JsonNode node, String field, String pointer, Map<String, JsonataTemplate> out,
                                List<DefinitionException.Problem> problems) {
        JsonNode v = node.get(field);
        if (v == null) {
            return;
        }
        try {
            out.put(field, JsonataTemplate.compile(v, field, Pointers.child(pointer, field)));
        } catch (DefinitionException e) {
            problems.addAll(e.problems());
        }
    }

    /** The state as the JSONPath parser should see it: JSONata-only fields and expression values removed. */
    static ObjectNode jsonPathView(JsonNode node) {
        ObjectNode view = node.deepCopy();
        view.remove(TEMPLATES);
        for (String f : VALUES) {
            if (JsonataExpression.isExpression(view.get(f))) {
                view.remove(f);
            }
        }
        for (String f : List.of("Seconds", "Timestamp")) {
            if (JsonataExpression.isExpression(view.get(f))) {
                view.remove(f);
                view.set("Seconds", IntNode.valueOf(0)); // the Wait form is the expression; JSONata wins at run time
            }
        }
        for (String part : List.of("ItemReader", "ResultWriter")) { // a Distributed Map's parser reads Parameters
            JsonNode p = view.get(part);
            if (p instanceof ObjectNode o && o.has("Arguments")) {
                o.set("Parameters", o.remove("Arguments"));
            }
        }
        view.put("QueryLanguage", "JSONata");
        return view;
    }

    /**
     * An {@code Assign} object in the state's language, or null when absent; a bad one is a problem. {@code field}
     * names it in causes ({@code Assign}, {@code Choices[0]/Assign}, {@code Catch[1]/Assign}).
     */
    static Assign assign(JsonNode node, String pointer, String field, boolean jsonata, List<DefinitionException.Problem> problems) {
        JsonNode a = node.get("Assign");
        if (a == null) {
            return null;
        }
        String at = Pointers.child(pointer, "Assign");
        if (!a.isObject()) {
            return null; // VariableScopes reports it
        }
        try {
            return jsonata ? new Assign(null, JsonataTemplate.compile(a, field, at)) : new Assign(Template.compile(a, at), null);
        } catch (DefinitionException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** A Catcher's or Choice rule's {@code Output} in a JSONata state, or null; {@code field} as for {@link #assign}. */
    static JsonataTemplate output(JsonNode node, String pointer, String field, List<DefinitionException.Problem> problems) {
        JsonNode o = node.get("Output");
        if (o == null) {
            return null;
        }
        try {
            return JsonataTemplate.compile(o, field, Pointers.child(pointer, "Output"));
        } catch (DefinitionException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** A Choice rule's {@code Condition}: one expression. */
    static JsonataExpression condition(JsonNode rule, String pointer, List<DefinitionException.Problem> problems) {
        JsonNode c = rule.get("Condition");
        String at = Pointers.child(pointer, "Condition");
        if (c == null) {
            problems.add(new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED", "The field 'Condition' is required but was missing", pointer));
            return null;
        }
        if (!JsonataExpression.isExpression(c)) {
            problems.add(new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED",
                    "The value for the field 'Condition' must be a JSONata expression", at));
            return null;
        }
        try {
            return JsonataExpression.compile(c.textValue());
        } catch (JsonataExpression.Invalid e) {
            problems.add(new DefinitionException.Problem(e.code(), e.getMessage(), at));
            return null;
        }
    }
}
