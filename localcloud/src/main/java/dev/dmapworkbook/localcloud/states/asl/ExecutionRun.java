package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.query.Variables;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.NODES;
import static dev.dmapworkbook.localcloud.states.asl.Interpreter.details;

/**
 * One execution in progress (spec §4, §7, §8): how it starts and ends (its final event, its timeout, the history
 * quota, a States.Runtime ending it at once) and the state loop of each of its flows (the top level, a Parallel
 * branch, a Map iteration). Each state is run by its {@link StateRunner}.
 */
final class ExecutionRun {
    static final JsonNode NOT_TRUNCATED = NODES.objectNode().put("truncated", false);

    /** The execution was stopped (StopExecution, timeout, or an enclosing Map/Parallel failed). */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** Where a state's visit leads: the next state (null at the end of the flow) and the state's output. */
    record Transition(String next, JsonNode output) {
    }

    private final Interpreter interpreter;
    private final Interpreter.Settings s;
    private final ExecutionInfo info;
    private final History history;
    private final StopSignal stop;
    private final boolean rec;
    private final PayloadLimit limit;
    private final ContextObject contexts;
    private final CompletableFuture<Interpreter.Outcome> outcome = new CompletableFuture<>();
    /** The input as ExecutionStarted records it (null when not recording). */
    private String inputText;

    ExecutionRun(Interpreter interpreter, ExecutionInfo info, History history, StopSignal stop) {
        this.interpreter = interpreter;
        this.s = interpreter.settings();
        this.info = info;
        this.history = history;
        this.stop = stop;
        this.rec = history.recording();
        this.limit = new PayloadLimit(s.payloadLimitBytes());
        this.contexts = new ContextObject(info);
    }

    Interpreter.Settings settings() {
        return s;
    }

    Interpreter.Collaborators collaborators() {
        return interpreter.collaborators();
    }

    ExecutionInfo info() {
        return info;
    }

    History history() {
        return history;
    }

    /** Whether the history keeps events (STANDARD): EXPRESS executions skip building event details. */
    boolean recording() {
        return rec;
    }

    PayloadLimit limit() {
        return limit;
    }

    ContextObject contexts() {
        return contexts;
    }

    CompletableFuture<Interpreter.Outcome> start(StateMachine machine) {
        if (rec) { // EXPRESS executions keep no history and have no event quota (spec §10)
            // the event that reaches the cap may be written under a Map's or Parallel's lock: end the run from the pool
            history.cap(Quotas.HISTORY_EVENT_LIMIT, details("error", ErrorName.RUNTIME.text(), "cause", Quotas.HISTORY_LIMIT_CAUSE),
                    () -> s.executor().execute(() -> {
                        synchronized (outcome) {
                            endedByHistoryCap();
                        }
                        stop.stop();
                    }));
        }
        inputText = rec ? (info.inputText() != null ? info.inputText() : Json.write(info.input())) : null;
        history.append("ExecutionStarted", 0, "executionStartedEventDetails", rec
                ? details("input", inputText, "inputDetails", NOT_TRUNCATED, "roleArn", info.roleArn()) : null);
        History.Cursor cursor = history.cursor(0);
        // Both hooks are removed once the execution ends: the stop signal lives as long as the execution's record,
        // and a hook still holding the outcome would keep its output tree with it.
        Runnable unregister = stop.onStop(() -> outcome.complete(new Interpreter.Outcome("ABORTED", null, null, null)));
        outcome.whenComplete((o, e) -> unregister.run());
        if (machine.timeoutSeconds() != null) {
            scheduleTimeout(machine.timeoutSeconds());
        }
        runMachine(machine, info.input(), cursor, stop, Variables.root()).whenComplete((out, ex) -> ended(out, unwrap(ex)));
        return outcome;
    }

    private void scheduleTimeout(int seconds) {
        var timeout = s.scheduler().schedule(() -> { // timeouts bound real work: not scaled by waitScale
            synchronized (outcome) {
                if (outcome.isDone() || endedByHistoryCap()) {
                    return;
                }
                String cause = "The execution timed out after " + seconds + " seconds";
                history.appendFinal("ExecutionTimedOut", "executionTimedOutEventDetails",
                        details("error", ErrorName.TIMEOUT.text(), "cause", cause));
                // the event has error and cause; DescribeExecution of a TIMED_OUT execution has neither [AWS-rec]
                outcome.complete(new Interpreter.Outcome("TIMED_OUT", null, null, null));
            }
            stop.stop();
        }, seconds * 1000L, TimeUnit.MILLISECONDS);
        outcome.whenComplete((o, e) -> timeout.cancel(false));
    }

    /** The top-level flow ended: {@code ExecutionSucceeded} or {@code ExecutionFailed}, unless the run already ended. */
    private void ended(JsonNode out, Throwable t) {
        synchronized (outcome) {
            if (outcome.isDone() || endedByHistoryCap()) {
                return;
            }
            if (t == null) {
                history.append("ExecutionSucceeded", history.lastId(), "executionSucceededEventDetails",
                        rec ? details("output", Json.write(out), "outputDetails", NOT_TRUNCATED) : null);
                outcome.complete(new Interpreter.Outcome("SUCCEEDED", out, null, null));
            } else if (t instanceof Stopped || stop.stopped()) {
                outcome.complete(new Interpreter.Outcome("ABORTED", null, null, null));
            } else {
                StatesFailure f = t instanceof StatesFailure sf ? sf
                        : StatesFailure.runtime("Internal error in the local interpreter: " + t);
                history.append("ExecutionFailed", history.lastId(), "executionFailedEventDetails",
                        details("error", f.error(), "cause", f.cause()));
                outcome.complete(new Interpreter.Outcome("FAILED", null, f.error(), f.cause()));
            }
        }
    }

    // ---- the state loop ------------------------------------------------------------------------------------

    /**
     * Runs one flow (the top level, a branch, an iteration) from its StartAt to its end, one state at a time, with
     * {@code variables} as its scope of workflow variables.
     */
    CompletableFuture<JsonNode> runMachine(StateMachine machine, JsonNode input, History.Cursor cursor, StopSignal stop,
                                           Variables variables) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        loop(machine, machine.startAt(), input, new Flow(cursor, stop, variables), result);
        return result;
    }

    /** What the states of one flow share. */
    private record Flow(History.Cursor cursor, StopSignal stop, Variables variables) {
    }

    private void loop(StateMachine machine, String name, JsonNode input, Flow flow, CompletableFuture<JsonNode> result) {
        StopSignal stop = flow.stop();
        try {
            while (true) {
                if (stop.stopped()) {
                    result.completeExceptionally(new Stopped());
                    return;
                }
                CompletableFuture<Transition> f = runState(machine.state(name), input, flow);
                if (!f.isDone()) {
                    f.whenComplete((t, ex) -> s.executor().execute(() -> {
                        if (ex != null) {
                            failFlow(result, unwrap(ex), stop);
                        } else if (t.next() == null) {
                            result.complete(t.output());
                        } else {
                            loop(machine, t.next(), t.output(), flow, result);
                        }
                    }));
                    return;
                }
                Transition t;
                try {
                    t = f.join();
                } catch (CompletionException e) {
                    failFlow(result, unwrap(e), stop);
                    return;
                }
                if (t.next() == null) {
                    result.complete(t.output());
                    return;
                }
                name = t.next();
                input = t.output();
            }
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
    }

    /** Writes {@code <Type>StateEntered} and hands the visit to the state type's runner. */
    private CompletableFuture<Transition> runState(State st, JsonNode raw, Flow flow) {
        History.Cursor cursor = flow.cursor();
        long after = cursor.last();
        // $$.State.EnteredTime is the entered event's timestamp, read under the history's lock (in id order)
        History.Appended entered = cursor.emitStamped(st.common().type() + "StateEntered", "stateEnteredEventDetails",
                rec ? details("name", st.name(), "input", stateInputText(raw), "inputDetails", NOT_TRUNCATED) : null);
        Visit visit = new Visit(this, st, raw, cursor, flow.stop(), new Scope(this, st, entered.id(), after,
                entered.timestamp(), 0, cursor, flow.variables(), new Scope.Assigned()));
        try {
            return StateRunner.run(visit);
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(visit.prefixed(e));
        }
    }

    /**
     * A state's input as its entered event records it: the execution's own input text when the state got that input
     * as it is and the text is its compact form (a Map Run's child's batch, so written once, not twice; or the same
     * characters as written again).
     */
    private String stateInputText(JsonNode raw) {
        if (raw == info.input() && info.mapRunArn() != null) {
            return inputText; // ChildExecutions.Request: the same input as compact JSON text
        }
        String text = Json.write(raw);
        return raw == info.input() && text.equals(inputText) ? inputText : text;
    }

    /**
     * A state of this flow failed: a States.Runtime ends the execution before anything else is written, unless the
     * flow was already told to stop (a sibling branch or iteration failed first and its failure is on its way).
     */
    private void failFlow(CompletableFuture<JsonNode> result, Throwable t, StopSignal flowStop) {
        if (!flowStop.stopped()) {
            endsExecution(t);
        }
        result.completeExceptionally(t);
    }

    /**
     * A States.Runtime error ends the whole execution at once (spec §3.4 last bullet, §8.1: neither retried nor
     * caught): {@code ExecutionFailed} directly after the last event, no {@code …StateFailed}/{@code …StateExited},
     * and the history closed so that the branches, iterations and Map Runs it stops write nothing more. That no
     * enclosing Parallel/Map writes its own failure events either is [GUESS], read from "only ExecutionFailed".
     *
     * @return whether {@code t} ended the execution
     */
    boolean endsExecution(Throwable t) {
        if (!(t instanceof StatesFailure f) || !f.is(ErrorName.RUNTIME)) {
            return false;
        }
        failExecution(f.error(), f.cause());
        return true;
    }

    /** Writes the final {@code ExecutionFailed} (unless the execution already ended) and stops what still runs. */
    private void failExecution(String error, String cause) {
        synchronized (outcome) {
            if (!outcome.isDone() && !endedByHistoryCap()) {
                history.appendFinal("ExecutionFailed", "executionFailedEventDetails", details("error", error, "cause", cause));
                outcome.complete(new Interpreter.Outcome("FAILED", null, error, cause));
            }
        }
        stop.stop();
    }

    /**
     * Whether the history's event cap has failed the execution; if so, the outcome says so. Called with the
     * outcome's lock held, so the outcome always agrees with the history's last event.
     */
    private boolean endedByHistoryCap() {
        if (!history.capReached()) {
            return false;
        }
        outcome.complete(new Interpreter.Outcome("FAILED", null, ErrorName.RUNTIME.text(), Quotas.HISTORY_LIMIT_CAUSE));
        return true;
    }

    /**
     * Runs {@code r} on the state pool after {@code millis} (at once when not positive); the returned action
     * unschedules it (the engine's scheduler removes a cancelled task), and does nothing once it has run.
     */
    Runnable later(long millis, Runnable r) {
        if (millis <= 0) {
            s.executor().execute(r);
            return () -> { };
        }
        var scheduled = s.scheduler().schedule(() -> s.executor().execute(r), millis, TimeUnit.MILLISECONDS);
        return () -> scheduled.cancel(false);
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** An array of {@code results} in order: a Parallel's or Map's result. */
    static JsonNode array(JsonNode[] results) {
        var array = NODES.arrayNode(results.length);
        for (JsonNode x : results) {
            array.add(x);
        }
        return array;
    }
}
