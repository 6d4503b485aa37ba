package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.query.QueryEvaluationFailure;

import java.util.concurrent.CompletableFuture;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.details;

/**
 * The inline Map (spec §7.8): one iteration of the ItemProcessor per item, at most {@code MaxConcurrency} at once
 * ({@link InlineMapIterations}); the result is the iterations' outputs in item order.
 */
final class InlineMapRunner implements StateRunner<State.Map> {
    static final InlineMapRunner INSTANCE = new InlineMapRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Map m, Visit v) {
        JsonNode eff = v.effectiveInput();
        return Retrying.run(v, eff, m.retry(), m.catchers(), sc -> attempt(m, eff, v, sc));
    }

    private static CompletableFuture<JsonNode> attempt(State.Map m, JsonNode eff, Visit v, Scope sc) {
        int limit = maxConcurrency(m, eff, sc);
        JsonNode items = v.query.items(m, eff, sc);
        if (items.isObject() && v.query instanceof JsonPathLanguage) {
            // one iteration per key-value pair (spec §7.7 [AWS-doc]); JSONata keeps the array rule (MapRunVisit)
            items = ObjectMemberItem.pairs(items);
        }
        if (!items.isArray()) { // JSONata: only without Items, whose expression is checked for an array itself
            throw v.query instanceof JsonataLanguage ? QueryEvaluationFailure.inputNotAnArray(Json.write(items))
                    : StatesFailure.runtime("Map state input must be an array but was: " + Json.write(items));
        }
        long started = v.cursor.emit("MapStateStarted", "mapStateStartedEventDetails", v.recording() ? details("length", items.size()) : null);
        return new InlineMapIterations(v, m, eff, items, limit, sc, started).run();
    }

    /** {@code MaxConcurrency} or what {@code MaxConcurrencyPath} selects; 0 = no limit. */
    static int maxConcurrency(State.Map m, JsonNode eff, Scope sc) {
        Long expression = JsonataLanguage.integer(m, "MaxConcurrency", eff, sc, 0, "a non-negative integer");
        if (expression != null) {
            return (int) Math.min(expression, Integer.MAX_VALUE);
        }
        if (m.maxConcurrencyPath() == null) {
            return m.maxConcurrency() == null ? 0 : m.maxConcurrency();
        }
        JsonNode n = JsonPathLanguage.read(m.maxConcurrencyPath(), eff, sc);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw StatesFailure.runtime("The MaxConcurrencyPath field refers to value \"" + Visit.valueText(n)
                    + "\" which is not a valid integer: " + m.maxConcurrencyPath().text());
        }
        if (n.intValue() < 0) {
            throw StatesFailure.runtime("Expected non-negative integer for MaxConcurrency, got '" + n.intValue() + "' instead.");
        }
        return n.intValue();
    }
}
