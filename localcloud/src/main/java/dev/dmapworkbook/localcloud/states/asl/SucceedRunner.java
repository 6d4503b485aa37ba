package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;

/** Succeed (spec §7.5): ends its flow with its output. */
final class SucceedRunner implements StateRunner<State.Succeed> {
    static final SucceedRunner INSTANCE = new SucceedRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Succeed state, Visit v) {
        JsonNode out = v.query.passOn(state, v.effectiveInput(), v.scope);
        v.exit(out);
        return CompletableFuture.completedFuture(new ExecutionRun.Transition(null, out));
    }
}
