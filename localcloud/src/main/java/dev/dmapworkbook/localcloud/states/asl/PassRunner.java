package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;

/** Pass (spec §7.1): its result is {@code Result}, or its arguments, or its effective input. */
final class PassRunner implements StateRunner<State.Pass> {
    static final PassRunner INSTANCE = new PassRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Pass state, Visit v) {
        JsonNode eff = v.effectiveInput();
        JsonNode result = v.query.arguments(state, eff, v.scope);
        return v.exitNow(v.query.output(state, v.raw, eff, result, v.scope));
    }
}
