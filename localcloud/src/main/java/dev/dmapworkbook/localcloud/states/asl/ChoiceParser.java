package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.query.JsonataExpression;
import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;
import dev.dmapworkbook.localcloud.states.query.QueryLanguageRules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.dmapworkbook.localcloud.states.asl.AslFields.path;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.unknownFields;

/**
 * A Choice state (ASL "Choice State"): its Choices, each a JSONata {@code Condition} or a JSONPath Choice Rule
 * (Boolean expressions And/Or/Not over data-test expressions), with Next, Output and Assign; and its Default.
 */
final class ChoiceParser {
    private ChoiceParser() {
    }

    static State choice(State.Common common, JsonNode node, String pointer, ParseContext ctx, boolean jsonata) {
        JsonNode choices = node.get("Choices");
        String at = Pointers.child(pointer, "Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new DefinitionException(pointer, "The field 'Choices' is required and must be a non-empty ARRAY");
        }
        List<ChoiceRule.Branch> branches = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            JsonNode c = choices.get(i);
            String cAt = at + "/" + i;
            if (!c.path("Next").isTextual()) {
                ctx.problem(cAt, "The field 'Next' is required but was missing");
                continue;
            }
            try {
                branches.add(branch(c, cAt, "Choices[" + i + "]", ctx, jsonata));
            } catch (DefinitionException e) {
                ctx.add(e);
            }
        }
        JsonNode def = node.get("Default");
        return new State.Choice(common, List.copyOf(branches), def == null ? null : def.asText());
    }

    private static ChoiceRule.Branch branch(JsonNode c, String cAt, String field, ParseContext ctx, boolean jsonata) {
        Assign assign = JsonataParsing.assign(c, cAt, field + "/Assign", jsonata, ctx.problems);
        if (jsonata) {
            unknownFields(c, cAt, Set.of("Condition", "Next", "Output", "Assign", "Comment"), ctx);
            JsonataExpression condition = JsonataParsing.condition(c, cAt, ctx.problems);
            JsonataTemplate output = JsonataParsing.output(c, cAt, field + "/Output", ctx.problems);
            noResult(condition == null ? List.of() : List.of(condition), cAt + "/Condition", ctx);
            noResult(output == null ? List.of() : output.expressions(), cAt + "/Output", ctx);
            noResult(assign == null || assign.jsonata() == null ? List.of() : assign.jsonata().expressions(),
                    cAt + "/Assign", ctx);
            return new ChoiceRule.Branch(null, c.get("Next").textValue(), condition, output, assign);
        }
        return new ChoiceRule.Branch(rule(c, cAt, true, ctx), c.get("Next").textValue(), null, null, assign);
    }

    /** A Choice has neither a result nor an error output (see {@link QueryLanguageRules#statesFields}). */
    private static void noResult(List<JsonataExpression> expressions, String pointer, ParseContext ctx) {
        QueryLanguageRules.statesFields(expressions, pointer, false, false, ctx.problems);
    }

    private static ChoiceRule rule(JsonNode c, String at, boolean top, ParseContext ctx) {
        if (!c.isObject()) {
            throw new DefinitionException(at, "A choice rule must be an OBJECT");
        }
        Set<String> allowed = new HashSet<>(Set.of("Variable", "And", "Or", "Not", "Comment"));
        allowed.addAll(ChoiceRule.OPERATORS);
        if (top) {
            allowed.addAll(List.of("Next", "Assign", "Condition")); // Condition: QueryLanguageRules reports it
        }
        unknownFields(c, at, allowed, ctx);
        for (String combinator : List.of("And", "Or")) {
            if (c.has(combinator)) {
                JsonNode list = c.get(combinator);
                if (!list.isArray() || list.isEmpty()) {
                    throw new DefinitionException(at + "/" + combinator, "The value for the field '" + combinator + "' must be a non-empty ARRAY");
                }
                List<ChoiceRule> rules = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    rules.add(rule(list.get(i), at + "/" + combinator + "/" + i, false, ctx));
                }
                return combinator.equals("And") ? new ChoiceRule.And(List.copyOf(rules)) : new ChoiceRule.Or(List.copyOf(rules));
            }
        }
        if (c.has("Not")) {
            return new ChoiceRule.Not(rule(c.get("Not"), at + "/Not", false, ctx));
        }
        return comparison(c, at);
    }

    /** A data-test expression: Variable and exactly one comparison operator, its value of the operator's type. */
    private static ChoiceRule comparison(JsonNode c, String at) {
        if (!c.has("Variable")) {
            throw new DefinitionException(at, "The field 'Variable' is required but was missing");
        }
        JPath variable = path(c.get("Variable"), at + "/Variable", "Variable");
        List<String> ops = new ArrayList<>();
        c.fieldNames().forEachRemaining(f -> {
            if (ChoiceRule.OPERATORS.contains(f)) {
                ops.add(f);
            }
        });
        if (ops.size() != 1) {
            throw new DefinitionException(at, "A choice rule must have exactly one comparison operator, found " + ops);
        }
        String op = ops.get(0);
        JsonNode value = c.get(op);
        String opAt = at + "/" + op;
        if (op.endsWith("Path")) {
            return new ChoiceRule.Compare(variable, op.substring(0, op.length() - 4), null, path(value, opAt, op));
        }
        boolean ok = switch (op.startsWith("Is") ? "Is" : op.replaceFirst("(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)$", "")) {
            case "Is", "Boolean" -> value.isBoolean();
            case "Numeric" -> value.isNumber();
            case "String" -> value.isTextual();
            case "Timestamp" -> value.isTextual() && ChoiceRule.parseTimestamp(value.textValue()) != null;
            default -> true;
        };
        if (!ok) {
            throw new DefinitionException(opAt, "The value for the field '" + op + "' has the wrong type");
        }
        return new ChoiceRule.Compare(variable, op, value, null);
    }
}
