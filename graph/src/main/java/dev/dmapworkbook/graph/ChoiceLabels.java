package dev.dmapworkbook.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A Choice rule as the short text on its arrow (ASL "Choice Rules"; JSONata rules show their Condition). */
final class ChoiceLabels {
    private ChoiceLabels() {
    }

    static String rule(JsonNode rule) {
        if (rule.has("Condition")) {
            return rule.path("Condition").asText();
        }
        if (rule.has("And") || rule.has("Or")) {
            String op = rule.has("And") ? "And" : "Or";
            List<String> parts = new ArrayList<>();
            rule.path(op).forEach(r -> parts.add("(" + rule(r) + ")"));
            return String.join(" " + op.toLowerCase() + " ", parts);
        }
        if (rule.has("Not")) {
            return "not (" + rule(rule.path("Not")) + ")";
        }
        String variable = rule.path("Variable").asText("");
        for (var f : rule.properties()) {
            String op = operator(f.getKey());
            if (op != null) {
                return variable + " " + op + " " + value(f.getKey(), f.getValue());
            }
        }
        return variable;
    }

    /** The comparison operator a rule field names, or null when the field is not one (Variable, Next, Comment). */
    private static String operator(String field) {
        if (field.equals("Variable") || field.equals("Next") || field.equals("Comment")) {
            return null;
        }
        String base = field.endsWith("Path") ? field.substring(0, field.length() - 4) : field;
        if (base.startsWith("Is")) {
            return "is";
        }
        if (base.endsWith("GreaterThanEquals")) {
            return ">=";
        }
        if (base.endsWith("LessThanEquals")) {
            return "<=";
        }
        if (base.endsWith("GreaterThan")) {
            return ">";
        }
        if (base.endsWith("LessThan")) {
            return "<";
        }
        if (base.endsWith("Equals")) {
            return "==";
        }
        return base.equals("StringMatches") ? "matches" : base;
    }

    private static String value(String field, JsonNode value) {
        if (field.startsWith("Is") && !field.endsWith("Path")) {
            String what = field.substring(2).toLowerCase();
            return value.asBoolean() ? what : "not " + what;
        }
        return field.endsWith("Path") ? value.asText() : value.toString();
    }
}
