package dev.dmapworkbook.localcloud.states.asl;

import java.util.concurrent.CompletableFuture;

/**
 * Runs one visit of one state type (spec §7): after {@code <Type>StateEntered}, up to and including
 * {@code <Type>StateExited}. Completes with where the flow goes next, or exceptionally with the
 * {@link StatesFailure} that fails the flow ({@link ExecutionRun.Stopped} when the flow was stopped). Input and output
 * processing goes through the visit's {@link QueryLanguage}; Retry and Catch through {@link Retrying}.
 */
interface StateRunner<S extends State> {
    CompletableFuture<ExecutionRun.Transition> run(S state, Visit visit);

    /** Hands the visit to its state type's runner. */
    static CompletableFuture<ExecutionRun.Transition> run(Visit v) {
        State st = v.state;
        if (st instanceof State.Pass p) {
            return PassRunner.INSTANCE.run(p, v);
        } else if (st instanceof State.Task t) {
            return TaskRunner.INSTANCE.run(t, v);
        } else if (st instanceof State.Choice c) {
            return ChoiceRunner.INSTANCE.run(c, v);
        } else if (st instanceof State.Wait w) {
            return WaitRunner.INSTANCE.run(w, v);
        } else if (st instanceof State.Succeed s) {
            return SucceedRunner.INSTANCE.run(s, v);
        } else if (st instanceof State.Fail f) {
            return FailRunner.INSTANCE.run(f, v);
        } else if (st instanceof State.Parallel p) {
            return ParallelRunner.INSTANCE.run(p, v);
        }
        State.Map m = (State.Map) st;
        return m.mode() == State.Mode.DISTRIBUTED ? DistributedMapRunner.INSTANCE.run(m, v) : InlineMapRunner.INSTANCE.run(m, v);
    }
}
