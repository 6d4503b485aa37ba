package dev.dmapworkbook.localcloud.states.asl;

import dev.dmapworkbook.localcloud.states.query.QueryEvaluationFailure;
import dev.dmapworkbook.localcloud.states.query.Variables;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.details;

/**
 * Iteration bookkeeping for one attempt of an inline Map: a bounded number of iterations in flight, each a flow of
 * its own in the history ({@code MapIterationStarted} … {@code MapIterationSucceeded/Failed/Aborted}); the first
 * failure stops the others and, once all have ended, fails the Map ({@code MapStateFailed}).
 */
final class InlineMapIterations {
    private final Visit v;
    private final ExecutionRun run;
    private final State.Map m;
    private final JsonNode eff;
    private final JsonNode items;
    private final int limit;
    private final StopSignal iterations = new StopSignal();
    private final Scope sc;
    private final JsonNode[] results;
    private final AtomicInteger wip = new AtomicInteger();
    private final CompletableFuture<JsonNode> out = new CompletableFuture<>();
    private final Runnable unregister;
    private int next;
    private int inFlight;
    private long lastInner;
    private long lastEnd;
    private Throwable failure;
    private long failureAnchor;
    private boolean finished;

    InlineMapIterations(Visit v, State.Map m, JsonNode eff, JsonNode items, int limit, Scope sc, long started) {
        this.v = v;
        this.run = v.run;
        this.m = m;
        this.eff = eff;
        this.items = items;
        this.limit = limit;
        this.sc = sc;
        this.results = new JsonNode[items.size()];
        this.lastInner = started;
        this.lastEnd = started;
        this.unregister = v.stop.onStop(iterations::stop);
    }

    CompletableFuture<JsonNode> run() {
        drain();
        return out;
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (true) {
                int i;
                synchronized (this) {
                    if (failure != null || next >= results.length || (limit > 0 && inFlight >= limit)) {
                        break;
                    }
                    i = next++;
                    inFlight++;
                }
                startIteration(i);
            }
            maybeFinish();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void startIteration(int i) {
        JsonNode item = items.get(i);
        JsonNode input = null;
        Throwable selectorFailure = null;
        try {
            // the Map state's own evaluation: a States.Runtime here is the Map's, before any iteration event
            input = v.query.itemInput(m, eff, i, item, sc);
            if (input != item) {
                v.checkInputSize(input);
            }
        } catch (Throwable e) {
            selectorFailure = Visit.prefixed(e, sc);
            if (selectorFailure instanceof QueryEvaluationFailure) {
                selectorFailed(selectorFailure);
                return;
            }
            if (!iterations.stopped()) {
                run.endsExecution(selectorFailure);
            }
        }
        long prev;
        synchronized (this) {
            prev = lastInner;
        }
        History history = run.history();
        long startedId = history.append("MapIterationStarted", prev, "mapIterationStartedEventDetails",
                v.recording() ? details("name", m.name(), "index", i) : null);
        History.Cursor ic = history.cursor(startedId);
        CompletableFuture<JsonNode> f;
        Variables scope = sc.variables().child(); // an iteration reads outer variables, assigns its own
        try {
            f = selectorFailure != null ? CompletableFuture.failedFuture(selectorFailure)
                    : run.runMachine(m.processor(), input, ic, iterations, scope);
        } catch (Throwable e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((r, ex) -> {
            scope.close();
            done(i, ic, r, ExecutionRun.unwrap(ex));
        });
    }

    /**
     * A JSONata ItemSelector failed: the Map's own evaluation error, written as {@code EvaluationFailed} by
     * {@link Visit#prefixed} (spec §6). The iteration never started, so it has no events (spec §3.4: iteration events
     * frame a started iteration); {@code MapStateFailed} follows the EvaluationFailed event, as
     * {@code ParallelStateFailed} follows a branch's (AWS recording), and the iterations in flight are aborted.
     */
    private void selectorFailed(Throwable e) {
        synchronized (this) {
            inFlight--;
            if (failure == null) {
                failure = e;
                failureAnchor = sc.cursor() != null ? sc.cursor().last() : lastInner;
            }
        }
        iterations.stop();
        drain();
    }

    private void done(int i, History.Cursor ic, JsonNode r, Throwable ex) {
        History history = run.history();
        synchronized (this) {
            inFlight--;
            if (ex == null) {
                results[i] = r;
                lastEnd = history.append("MapIterationSucceeded", ic.last(), "mapIterationSucceededEventDetails",
                        v.recording() ? details("name", m.name(), "index", i) : null);
                lastInner = ic.last();
            } else if (failure == null && !(ex instanceof ExecutionRun.Stopped)) {
                failure = ex;
                history.append("MapIterationFailed", ic.last(), "mapIterationFailedEventDetails",
                        v.recording() ? details("name", m.name(), "index", i) : null);
                failureAnchor = ic.last();
            } else {
                if (failure == null) {
                    failure = ex;
                    failureAnchor = ic.last();
                }
                history.append("MapIterationAborted", ic.last(), "mapIterationAbortedEventDetails",
                        v.recording() ? details("name", m.name(), "index", i) : null);
            }
        }
        if (ex != null) {
            iterations.stop();
        }
        drain();
    }

    private void maybeFinish() {
        Throwable f;
        synchronized (this) {
            if (finished || inFlight > 0 || (failure == null && next < results.length)) {
                return;
            }
            finished = true;
            f = failure;
        }
        unregister.run();
        if (f == null) {
            v.cursor.moveTo(lastEnd);
            v.cursor.emitAside("MapStateSucceeded", null, null);
            out.complete(ExecutionRun.array(results));
        } else if (f instanceof ExecutionRun.Stopped || v.stop.stopped()) {
            out.completeExceptionally(new ExecutionRun.Stopped());
        } else {
            v.cursor.moveTo(failureAnchor);
            v.failedEventDue("MapStateFailed");
            out.completeExceptionally(f);
        }
    }
}
