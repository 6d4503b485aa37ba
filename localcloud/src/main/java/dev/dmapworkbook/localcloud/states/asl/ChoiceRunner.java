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
        String next = state.defaultNext();
        ChoiceRule.Branch matched = null;
        for (int i = 0; i < state.choices().size(); i++) {
            ChoiceRule.Branch b = state.choices().get(i);
            if (v.query.matches(b, i, eff, v.scope)) {
                next = b.next();
                matched = b;
                break;
            }
        }
        if (next == null) {
            throw new StatesFailure(ErrorName.NO_CHOICE_MATCHED, "No Matches!");
        }
        JsonNode out = v.query.chosen(state, matched, eff, v.scope);
        v.exit(out);
        return CompletableFuture.completedFuture(new ExecutionRun.Transition(next, out));
    }
}
