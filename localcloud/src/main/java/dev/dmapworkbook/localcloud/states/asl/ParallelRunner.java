package dev.dmapworkbook.localcloud.states.asl;

import dev.dmapworkbook.localcloud.states.query.Variables;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parallel (spec §7.7): every branch runs on the same input; the result is their outputs in branch order. The first
 * branch to fail stops the others and fails the state (for Retry and Catch).
 */
final class ParallelRunner implements StateRunner<State.Parallel> {
    static final ParallelRunner INSTANCE = new ParallelRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Parallel p, Visit v) {
        JsonNode eff = v.effectiveInput();
        return Retrying.run(v, eff, p.retry(), p.catchers(), sc -> attempt(p, eff, v, sc));
    }

    // one method: the branches' completions share the results, the count left and the stop signal it sets up
    private static CompletableFuture<JsonNode> attempt(State.Parallel p, JsonNode eff, Visit v, Scope sc) {
        JsonNode input = v.query.arguments(p, eff, sc);
        if (input != eff) {
            v.checkInputSize(input);
        }
        History.Cursor cursor = v.cursor;
        long started = cursor.emit("ParallelStateStarted", null, null);
        int n = p.branches().size();
        JsonNode[] results = new JsonNode[n];
        AtomicInteger remaining = new AtomicInteger(n);
        AtomicBoolean failed = new AtomicBoolean();
        StopSignal branches = new StopSignal();
        Runnable unregister = v.stop.onStop(branches::stop);
        CompletableFuture<JsonNode> out = new CompletableFuture<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            History.Cursor bc = v.run.history().cursor(started);
            Variables scope = sc.variables().child(); // a branch reads outer variables, assigns its own
            v.run.runMachine(p.branches().get(i), input, bc, branches, scope).whenComplete((r, ex) -> {
                scope.close();
                if (ex == null) {
                    results[index] = r;
                    if (remaining.decrementAndGet() == 0 && !failed.get()) {
                        unregister.run();
                        cursor.moveTo(bc.last());
                        cursor.emitAside("ParallelStateSucceeded", null, null);
                        out.complete(ExecutionRun.array(results));
                    }
                } else if (failed.compareAndSet(false, true)) {
                    unregister.run();
                    branches.stop();
                    Throwable t = ExecutionRun.unwrap(ex);
                    if (t instanceof ExecutionRun.Stopped || v.stop.stopped()) {
                        out.completeExceptionally(new ExecutionRun.Stopped());
                        return;
                    }
                    cursor.moveTo(bc.last());
                    v.failedEventDue("ParallelStateFailed");
                    out.completeExceptionally(t);
                }
            });
        }
        return out;
    }
}
