package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Choice (spec §7.4): the first rule that matches names the next state, else {@code Default}, else States.NoChoiceMatched. */
final class ChoiceRunner implements StateRunner<State.Choice> {
    static final ChoiceRunner INSTANCE = new ChoiceRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Choice state, Visit v) {
        JsonNode eff = v.effectiveInput();
        Supplier<JsonNode> ctx = v.scope.context();
        String next = state.defaultNext();
        for (ChoiceRule.Branch b : state.choices()) {
            if (b.rule().matches(eff, ctx)) {
                next = b.next();
                break;
            }
        }
        if (next == null) {
            throw new StatesFailure(ErrorName.NO_CHOICE_MATCHED, "No Matches!");
        }
        JsonNode out = v.query.passOn(state, eff, v.scope);
        v.exit(out);
        return CompletableFuture.completedFuture(new ExecutionRun.Transition(next, out));
    }
}
