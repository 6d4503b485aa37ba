package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * A state being run, as its expressions see it: what the context object {@code $$} shows of it (spec §4.3) and
 * where intrinsics draw their ids from. Each Retry attempt has its own (its {@code RetryCount}).
 */
record Scope(ExecutionRun run, State state, long enteredEventId, Instant enteredTime, int retryCount) {
    Scope retry(int count) {
        return new Scope(run, state, enteredEventId, enteredTime, count);
    }

    /** {@code $$}, built on first use. */
    Supplier<JsonNode> context() {
        return run.contexts().of(this, -1, null);
    }

    /** {@code $$} inside a Map's ItemSelector: with {@code $$.Map.Item.Index} and {@code $$.Map.Item.Value}. */
    Supplier<JsonNode> context(int index, JsonNode item) {
        return run.contexts().of(this, index, item);
    }

    /** Ids for {@code States.UUID}; deterministic in golden tests. */
    Supplier<String> uuids() {
        return run.settings().uuids();
    }
}
