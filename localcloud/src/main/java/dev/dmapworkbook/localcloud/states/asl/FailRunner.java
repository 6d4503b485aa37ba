package dev.dmapworkbook.localcloud.states.asl;

import java.util.concurrent.CompletableFuture;

/**
 * Fail (spec §7.6): fails its flow with {@code Error} and {@code Cause}, or what {@code ErrorPath} and
 * {@code CausePath} select from the raw input (InputPath does not apply to them).
 */
final class FailRunner implements StateRunner<State.Fail> {
    static final FailRunner INSTANCE = new FailRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Fail state, Visit v) {
        String error = state.error();
        String cause = state.cause();
        if (state.errorPath() != null) {
            error = Visit.valueText(state.errorPath().eval(v.raw, v.scope.context(), v.scope.uuids()));
        }
        if (state.causePath() != null) {
            cause = Visit.valueText(state.causePath().eval(v.raw, v.scope.context(), v.scope.uuids()));
        }
        String jsonataError = JsonataLanguage.string(state, "Error", v.raw, v.scope);
        String jsonataCause = JsonataLanguage.string(state, "Cause", v.raw, v.scope);
        error = jsonataError != null ? jsonataError : error;
        cause = jsonataCause != null ? jsonataCause : cause;
        throw new StatesFailure(error, cause);
    }
}
