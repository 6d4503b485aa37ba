package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.NODES;

/**
 * Retry and Catch (spec §8.3, §8.4), for every state type that has them (Task, Parallel, Map): runs the state's work
 * once per attempt, each attempt with its own {@link Scope} ({@code $$.State.RetryCount}), and ends the visit with
 * the state's output, a Catcher's output, or the failure. A States.Runtime failure is neither retried nor caught.
 */
final class Retrying {
    private final Visit v;
    private final JsonNode effective;
    private final List<State.Retrier> retry;
    private final List<State.Catcher> catchers;
    private final Function<Scope, CompletableFuture<JsonNode>> work;
    private final int[] counts;
    private final CompletableFuture<ExecutionRun.Transition> out = new CompletableFuture<>();

    private Retrying(Visit v, JsonNode effective, List<State.Retrier> retry, List<State.Catcher> catchers,
                     Function<Scope, CompletableFuture<JsonNode>> work) {
        this.v = v;
        this.effective = effective;
        this.retry = retry;
        this.catchers = catchers;
        this.work = work;
        this.counts = new int[retry.size()];
    }

    /**
     * Runs {@code work} (the state's result for one attempt) under {@code retry} and {@code catchers}.
     *
     * @param effective the state's effective input, for its output processing
     */
    static CompletableFuture<ExecutionRun.Transition> run(Visit v, JsonNode effective, List<State.Retrier> retry,
                                                          List<State.Catcher> catchers,
                                                          Function<Scope, CompletableFuture<JsonNode>> work) {
        Retrying r = new Retrying(v, effective, retry, catchers, work);
        r.attempt(v.scope);
        return r.out;
    }

    private void attempt(Scope sc) {
        CompletableFuture<JsonNode> w;
        try {
            w = work.apply(sc);
        } catch (Throwable e) {
            w = CompletableFuture.failedFuture(e);
        }
        w.whenComplete((result, ex) -> {
            if (ex == null) {
                succeeded(result, sc);
            } else {
                failed(Visit.prefixed(ExecutionRun.unwrap(ex), sc), sc);
            }
        });
    }

    private void succeeded(JsonNode result, Scope sc) {
        JsonNode o;
        try {
            o = v.query.output(v.state, v.raw, effective, result, sc);
        } catch (Throwable e) { // Output or Assign failed: the state failed, for Retry and Catch
            failed(Visit.prefixed(e, sc), sc);
            return;
        }
        try {
            v.exit(o);
            out.complete(new ExecutionRun.Transition(v.next(), o));
        } catch (Throwable e) {
            out.completeExceptionally(Visit.prefixed(e, sc));
        }
    }

    private void failed(Throwable t, Scope sc) {
        // what the state's Assign evaluated to before its Output failed is not assigned: the state failed, and a
        // Catcher assigns only its own Assign (ASL specification, "Assigning State Machine Variables")
        sc.assigned().take();
        if (!(t instanceof StatesFailure f) || v.stop.stopped() || f.is(ErrorName.RUNTIME)) {
            v.settleFailedEvent(true);
            out.completeExceptionally(t);
            return;
        }
        for (int i = 0; i < retry.size(); i++) {
            State.Retrier r = retry.get(i);
            if (matches(r.errorEquals(), f.error())) {
                if (counts[i] < r.maxAttempts()) {
                    counts[i]++;
                    v.settleFailedEvent(false);
                    retryAfter(Math.round(delaySeconds(r, counts[i]) * 1000 * v.settings().waitScale()),
                            sc.retry(sc.retryCount() + 1));
                    return;
                }
                break;
            }
        }
        v.settleFailedEvent(true);
        for (State.Catcher c : catchers) {
            if (matches(c.errorEquals(), f.error())) {
                caught(c, f, sc);
                return;
            }
        }
        out.completeExceptionally(f);
    }

    /**
     * The next attempt after the retry interval; a stop (StopExecution, or a sibling iteration or branch that failed)
     * ends the interval at once, as it ends a Task or a Wait, so the Map or Parallel fails without waiting it out, and
     * unschedules it (a Map Run's stopped children would otherwise keep their intervals in the scheduler).
     */
    private void retryAfter(long millis, Scope next) {
        CompletableFuture<Void> interval = new CompletableFuture<>();
        Runnable unregister = v.stop.onStop(() -> interval.complete(null));
        Runnable unschedule = v.run.later(millis, () -> interval.complete(null));
        interval.thenRun(() -> {
            unschedule.run();
            unregister.run();
            if (v.stop.stopped()) {
                out.completeExceptionally(new ExecutionRun.Stopped());
            } else {
                attempt(next);
            }
        });
    }

    /** IntervalSeconds × BackoffRate^(attempt−1), capped by MaxDelaySeconds, with FULL jitter when asked. */
    private static double delaySeconds(State.Retrier r, int attempt) {
        double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt - 1);
        if (r.maxDelaySeconds() != null) {
            delay = Math.min(delay, r.maxDelaySeconds());
        }
        if (r.fullJitter()) {
            delay = ThreadLocalRandom.current().nextDouble() * delay;
        }
        return delay;
    }

    private void caught(State.Catcher c, StatesFailure f, Scope sc) {
        try {
            ObjectNode error = NODES.objectNode();
            if (f.error() != null) {
                error.put("Error", f.error());
            }
            if (f.cause() != null) {
                error.put("Cause", f.cause());
            }
            JsonNode merged = v.query.caught(v.state, c, v.raw, error, sc);
            v.exit(merged);
            out.complete(new ExecutionRun.Transition(c.next(), merged));
        } catch (Throwable e) {
            out.completeExceptionally(Visit.prefixed(e, sc));
        }
    }

    /** ErrorEquals matching: exact names, {@code States.ALL}, and {@code States.TaskFailed} for all but timeouts. */
    static boolean matches(List<String> errorEquals, String error) {
        for (String e : errorEquals) {
            if (e.equals(error) || ErrorName.ALL.is(e) || (ErrorName.TASK_FAILED.is(e) && !ErrorName.TIMEOUT.is(error))) {
                return true;
            }
        }
        return false;
    }
}
