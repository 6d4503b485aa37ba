package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.query.Bindings;
import dev.dmapworkbook.localcloud.states.query.QueryEvaluationFailure;
import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;

/**
 * JSONata input and output processing (AWS "Transforming data with JSONata"): the state's fields see its input as
 * {@code $states.input}; {@code Arguments} (default: the input) is what a Task calls or a Parallel's branches get;
 * {@code Items} (default: the input) and {@code ItemSelector} feed a Map; {@code Output} (default: the result, or
 * the input for states without one) is the output, evaluated with {@code $states.result}; a Catcher's
 * {@code Output} (default: the error output) with {@code $states.errorOutput}. {@code Assign} is evaluated where
 * {@code Output} is, against the same values, and applied when the state exits.
 */
final class JsonataLanguage implements QueryLanguage {
    static final JsonataLanguage INSTANCE = new JsonataLanguage();

    private JsonataLanguage() {
    }

    @Override
    public JsonNode input(State state, JsonNode raw, Scope sc) {
        return raw;
    }

    @Override
    public JsonNode arguments(State state, JsonNode effective, Scope sc) {
        JsonataTemplate arguments = fields(state).get("Arguments");
        return arguments == null ? effective : arguments.evaluate(sc.bindings(effective));
    }

    @Override
    public JsonNode items(State.Map map, JsonNode effective, Scope sc) {
        JsonataTemplate items = fields(map).get("Items");
        if (items == null) {
            return effective;
        }
        return items.single() != null ? items.single().evaluate(sc.bindings(effective), "Items", "array")
                : items.evaluate(sc.bindings(effective));
    }

    @Override
    public JsonNode itemInput(State.Map map, JsonNode effective, int index, JsonNode item, Scope sc) {
        JsonataTemplate selector = fields(map).get("ItemSelector");
        return selector == null ? item : selector.evaluate(sc.bindings(effective, index, item));
    }

    @Override
    public JsonNode output(State state, JsonNode raw, JsonNode effective, JsonNode result, Scope sc) {
        return finish(state.common().assign(), fields(state).get("Output"), sc.bindings(raw).withResult(result), result, sc);
    }

    @Override
    public JsonNode passOn(State state, JsonNode effective, Scope sc) {
        return finish(state.common().assign(), fields(state).get("Output"), sc.bindings(effective), effective, sc);
    }

    @Override
    public JsonNode chosen(State.Choice state, ChoiceRule.Branch branch, JsonNode effective, Scope sc) {
        JsonataTemplate output = branch != null && branch.output() != null ? branch.output() : fields(state).get("Output");
        Bindings bindings = sc.bindings(effective);
        Assign.choice(state, branch, sc, a -> a.evaluate(null, sc, bindings));
        return output == null ? effective : output.evaluate(bindings);
    }

    @Override
    public boolean matches(ChoiceRule.Branch branch, int index, JsonNode effective, Scope sc) {
        return branch.condition().evaluate(sc.bindings(effective), "Choices[" + index + "]/Condition", "boolean").booleanValue();
    }

    @Override
    public JsonNode caught(State state, State.Catcher catcher, JsonNode raw, JsonNode errorOutput, Scope sc) {
        return finish(catcher.assign(), catcher.output(), sc.bindings(raw).withErrorOutput(errorOutput), errorOutput, sc);
    }

    /** Evaluates Assign and Output against the same bindings (neither sees what the other does), Assign first. */
    private static JsonNode finish(Assign assign, JsonataTemplate output, Bindings bindings, JsonNode dflt, Scope sc) {
        if (assign != null) {
            sc.assigned().set(assign.evaluate(null, sc, bindings));
        }
        return output == null ? dflt : output.evaluate(bindings);
    }

    /**
     * The integer a JSONata state's field ({@code TimeoutSeconds}, {@code Seconds}, {@code MaxConcurrency}…)
     * evaluates to, or null when the state has no expression there (the literal, if any, is in the state's record).
     * A number that is not a whole one, or one below {@code min}, is a States.QueryEvaluationError: the ASL
     * specification's "JSONata Runtime Errors" names both a wrong type and a value the field does not accept.
     */
    static Long integer(State state, String field, JsonNode input, Scope sc, long min, String expected) {
        JsonataTemplate t = state.common().jsonata() == null ? null : fields(state).get(field);
        if (t == null || t.single() == null) {
            return null;
        }
        JsonNode v = t.single().evaluate(sc.bindings(input), field, "number");
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw QueryEvaluationFailure.unexpectedType(t.single().text(), field, "integer", "number", Json.write(v));
        }
        if (v.longValue() < min || v.longValue() > Integer.MAX_VALUE && min > 0) {
            throw QueryEvaluationFailure.unacceptable(t.single().text(), field, expected, Json.write(v));
        }
        return v.longValue();
    }

    /** A JSONata state's field's value that the field does not take (the expression's own text in the cause). */
    static QueryEvaluationFailure unacceptable(State state, String field, String expected, String valueJson) {
        return QueryEvaluationFailure.unacceptable(fields(state).get(field).single().text(), field, expected, valueJson);
    }

    /** The string a JSONata state's field ({@code Timestamp}, {@code Error}, {@code Cause}) evaluates to, or null. */
    static String string(State state, String field, JsonNode input, Scope sc) {
        JsonataTemplate t = state.common().jsonata() == null ? null : fields(state).get(field);
        if (t == null || t.single() == null) {
            return null;
        }
        return t.single().evaluate(sc.bindings(input), field, "string").textValue();
    }

    private static JsonataFields fields(State state) {
        return state.common().jsonata();
    }
}
