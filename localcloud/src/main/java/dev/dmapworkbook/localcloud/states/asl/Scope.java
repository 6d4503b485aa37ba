package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.query.Bindings;
import dev.dmapworkbook.localcloud.states.query.Variables;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * A state being run, as its expressions see it: what the context object {@code $$} shows of it (spec §4.3), the
 * workflow variables of its flow, where intrinsics draw their ids from, and the history cursor of its flow (for
 * {@code EvaluationFailed}). Each Retry attempt has its own (its {@code RetryCount}); all share {@code assigned},
 * the values the visit's {@code Assign} evaluated to, applied when the state exits.
 *
 * @param enteredAfter the {@code previousEventId} of the state's {@code …StateEntered} event, which its
 *                     {@code EvaluationFailed} event shares (AWS recordings)
 */
record Scope(ExecutionRun run, State state, long enteredEventId, long enteredAfter, Instant enteredTime, int retryCount,
             History.Cursor cursor, Variables variables, Assigned assigned) {
    Scope retry(int count) {
        return new Scope(run, state, enteredEventId, enteredAfter, enteredTime, count, cursor, variables, assigned);
    }

    /** {@code $$} (built on first use), which also looks up the variables in scope. */
    Supplier<JsonNode> context() {
        return new Environment(run.contexts().of(this, -1, null), variables);
    }

    /** {@code $$} inside a Map's ItemSelector: {@code $$.Map.Item.Index}, {@code .Value} ({@code .Key}: an object's member). */
    Supplier<JsonNode> context(int index, JsonNode item) {
        return new Environment(run.contexts().of(this, index, item), variables);
    }

    /** Ids for {@code States.UUID} and {@code $uuid()}; deterministic in golden tests. */
    Supplier<String> uuids() {
        return run.settings().uuids();
    }

    /** What a JSONata expression of this state sees, with {@code $states.input} = {@code input}. */
    Bindings bindings(JsonNode input) {
        return new Bindings(input, context(), null, null, variables::lookup, uuids());
    }

    /** {@link #bindings} inside a Map's ItemSelector. */
    Bindings bindings(JsonNode input, int index, JsonNode item) {
        return new Bindings(input, context(index, item), null, null, variables::lookup, uuids());
    }

    /** The context object and the variables: what paths, templates and intrinsics of a state read. */
    private record Environment(Supplier<JsonNode> contextObject, Variables variables) implements Supplier<JsonNode>, VariableLookup {
        @Override
        public JsonNode get() {
            return contextObject.get();
        }

        @Override
        public JsonNode variable(String name) {
            return variables.lookup(name);
        }
    }

    /** The values one visit's Assign evaluated to, until the state exits. */
    static final class Assigned {
        private ObjectNode values;

        synchronized void set(ObjectNode values) {
            this.values = values;
        }

        synchronized ObjectNode take() {
            ObjectNode v = values;
            values = null;
            return v;
        }
    }
}
