package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.NODES;
import static dev.dmapworkbook.localcloud.states.asl.Interpreter.details;

/** One execution in progress: its history, its stop signal and the states' work (spec §4, §7, §8). */
final class ExecutionRun {
    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNode NOT_TRUNCATED = NODES.objectNode().put("truncated", false);
    private static final String RUNTIME_PREFIX = "An error occurred while executing the state '";
    /** A STANDARD execution's history holds at most 25,000 events; reaching it fails the execution (spec §10). */
    static final int HISTORY_EVENT_LIMIT = 25_000;
    /**
     * [GUESS] Neither the spec nor the AWS docs (service-quotas, bp-history-limit) name the error: States.Runtime
     * and this cause are what real executions that hit the quota are reported to show.
     */
    static final String HISTORY_LIMIT_CAUSE = "The execution reached the maximum number of history events (25000).";

    /** The execution was stopped (StopExecution, timeout, or an enclosing Map/Parallel failed). */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    record Transition(String next, JsonNode output) {
    }

    /** A state being run: what {@code $$.State} shows. */
    record Scope(State state, long enteredEventId, Instant enteredTime, int retryCount) {
        Scope retry(int count) {
            return new Scope(state, enteredEventId, enteredTime, count);
        }
    }

    private final Interpreter interpreter;
    private final Interpreter.Settings s;
    private final ExecutionInfo info;
    private final History history;
    private final StopSignal stop;
    private final boolean rec;
    private final CompletableFuture<Interpreter.Outcome> outcome = new CompletableFuture<>();
    private volatile ObjectNode executionNode;

    ExecutionRun(Interpreter interpreter, ExecutionInfo info, History history, StopSignal stop) {
        this.interpreter = interpreter;
        this.s = interpreter.settings();
        this.info = info;
        this.history = history;
        this.stop = stop;
        this.rec = history.recording();
    }

    CompletableFuture<Interpreter.Outcome> start(StateMachine machine) {
        if (rec) { // EXPRESS executions keep no history and have no event quota (spec §10)
            // the event that reaches the cap may be written under a Map's or Parallel's lock: end the run from the pool
            history.cap(HISTORY_EVENT_LIMIT, details("error", StatesErrors.RUNTIME, "cause", HISTORY_LIMIT_CAUSE),
                    () -> s.executor().execute(() -> {
                        synchronized (outcome) {
                            endedByHistoryCap();
                        }
                        stop.stop();
                    }));
        }
        history.append("ExecutionStarted", 0, "executionStartedEventDetails", rec
                ? details("input", info.inputText() != null ? info.inputText() : json(info.input()), "inputDetails", NOT_TRUNCATED, "roleArn", info.roleArn())
                : null);
        History.Cursor cursor = history.cursor(0);
        // Both hooks are removed once the execution ends: the stop signal lives as long as the execution's record,
        // and a hook still holding the outcome would keep its output tree with it.
        Runnable unregister = stop.onStop(() -> outcome.complete(new Interpreter.Outcome("ABORTED", null, null, null)));
        outcome.whenComplete((o, e) -> unregister.run());
        if (machine.timeoutSeconds() != null) {
            long ms = machine.timeoutSeconds() * 1000L; // timeouts bound real work: not scaled by waitScale
            var timeout = s.scheduler().schedule(() -> {
                synchronized (outcome) {
                    if (outcome.isDone() || endedByHistoryCap()) {
                        return;
                    }
                    String cause = "The execution timed out after " + machine.timeoutSeconds() + " seconds";
                    history.appendFinal("ExecutionTimedOut", "executionTimedOutEventDetails",
                            details("error", StatesErrors.TIMEOUT, "cause", cause));
                    outcome.complete(new Interpreter.Outcome("TIMED_OUT", null, StatesErrors.TIMEOUT, cause));
                }
                stop.stop();
            }, ms, TimeUnit.MILLISECONDS);
            outcome.whenComplete((o, e) -> timeout.cancel(false));
        }
        runMachine(machine, info.input(), cursor, stop).whenComplete((out, ex) -> {
            synchronized (outcome) {
                if (outcome.isDone() || endedByHistoryCap()) {
                    return;
                }
                Throwable t = unwrap(ex);
                if (t == null) {
                    history.append("ExecutionSucceeded", history.lastId(), "executionSucceededEventDetails",
                            rec ? details("output", json(out), "outputDetails", NOT_TRUNCATED) : null);
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
        });
        return outcome;
    }

    // ---- the state loop ------------------------------------------------------------------------------------

    CompletableFuture<JsonNode> runMachine(StateMachine machine, JsonNode input, History.Cursor cursor, StopSignal stop) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        loop(machine, machine.startAt(), input, cursor, stop, result);
        return result;
    }

    private void loop(StateMachine machine, String name, JsonNode input, History.Cursor cursor, StopSignal stop,
                      CompletableFuture<JsonNode> result) {
        try {
            while (true) {
                if (stop.stopped()) {
                    result.completeExceptionally(new Stopped());
                    return;
                }
                CompletableFuture<Transition> f = runState(machine.state(name), input, cursor, stop);
                if (!f.isDone()) {
                    f.whenComplete((t, ex) -> s.executor().execute(() -> {
                        if (ex != null) {
                            failFlow(result, unwrap(ex), stop);
                        } else if (t.next() == null) {
                            result.complete(t.output());
                        } else {
                            loop(machine, t.next(), t.output(), cursor, stop, result);
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
    private boolean endsExecution(Throwable t) {
        if (!(t instanceof StatesFailure f) || !StatesErrors.RUNTIME.equals(f.error())) {
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
        outcome.complete(new Interpreter.Outcome("FAILED", null, StatesErrors.RUNTIME, HISTORY_LIMIT_CAUSE));
        return true;
    }

    private CompletableFuture<Transition> runState(State st, JsonNode raw, History.Cursor cursor, StopSignal stop) {
        String type = st.common().type();
        long entered = cursor.emit(type + "StateEntered", "stateEnteredEventDetails",
                rec ? details("name", st.name(), "input", json(raw), "inputDetails", NOT_TRUNCATED) : null);
        Scope sc = new Scope(st, entered, s.clock().instant(), 0);
        try {
            if (st instanceof State.Pass p) {
                JsonNode eff = effectiveInput(st, raw, sc);
                JsonNode result = p.result() != null ? p.result()
                        : p.parameters() != null ? p.parameters().eval(eff, context(sc), s.uuids()) : eff;
                return exitNow(st, output(st, raw, result, null, p.resultPath(), sc), cursor);
            }
            if (st instanceof State.Choice c) {
                JsonNode eff = effectiveInput(st, raw, sc);
                Supplier<JsonNode> ctx = context(sc);
                String next = c.defaultNext();
                for (ChoiceRule.Branch b : c.choices()) {
                    if (b.rule().matches(eff, ctx)) {
                        next = b.next();
                        break;
                    }
                }
                if (next == null) {
                    throw new StatesFailure(StatesErrors.NO_CHOICE_MATCHED, "No Matches!");
                }
                JsonNode out = outputPath(st, eff, sc);
                exit(st, out, cursor);
                return CompletableFuture.completedFuture(new Transition(next, out));
            }
            if (st instanceof State.Wait w) {
                return waitState(w, raw, cursor, stop, sc);
            }
            if (st instanceof State.Succeed) {
                JsonNode out = outputPath(st, effectiveInput(st, raw, sc), sc);
                exit(st, out, cursor);
                return CompletableFuture.completedFuture(new Transition(null, out));
            }
            if (st instanceof State.Fail f) {
                throw failState(f, raw, sc);
            }
            if (st instanceof State.Task t) {
                JsonNode eff = effectiveInput(st, raw, sc);
                return retrying(st, raw, cursor, stop, sc, t.retry(), t.catchers(), t.resultSelector(), t.resultPath(),
                        scope -> task(t, eff, cursor, stop, scope));
            }
            if (st instanceof State.Parallel p) {
                JsonNode eff = effectiveInput(st, raw, sc);
                return retrying(st, raw, cursor, stop, sc, p.retry(), p.catchers(), p.resultSelector(), p.resultPath(),
                        scope -> parallel(p, eff, cursor, stop, scope));
            }
            State.Map m = (State.Map) st;
            JsonNode eff = effectiveInput(st, raw, sc);
            return retrying(st, raw, cursor, stop, sc, m.retry(), m.catchers(), m.resultSelector(), m.resultPath(),
                    scope -> m.mode() == State.Mode.DISTRIBUTED ? distributedMap(m, eff, cursor, stop, scope)
                            : inlineMap(m, eff, cursor, stop, scope));
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(prefixed(e, sc));
        }
    }

    private CompletableFuture<Transition> exitNow(State st, JsonNode out, History.Cursor cursor) {
        exit(st, out, cursor);
        return CompletableFuture.completedFuture(new Transition(st.common().end() ? null : st.common().next(), out));
    }

    /** Writes {@code <Type>StateExited}, refusing outputs over the payload limit (spec §8.1, DataLimitExceeded). */
    private void exit(State st, JsonNode out, History.Cursor cursor) {
        String text = rec ? json(out) : null;
        if (rec ? tooBig(text) : tooBig(out)) {
            throw new StatesFailure(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '" + st.name()
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
        cursor.emit(st.common().type() + "StateExited", "stateExitedEventDetails",
                rec ? details("name", st.name(), "output", text, "outputDetails", NOT_TRUNCATED) : null);
    }

    /**
     * A state's input after Parameters/ItemSelector over 256 KiB fails the state with States.DataLimitExceeded
     * (spec §8.1 [AWS-doc]: "after Parameters processing, the input of a state is larger than quota"; §10); the
     * cause text is [GUESS], modelled on AWS's text for results.
     */
    private void checkInputSize(State st, String text, JsonNode input) {
        if (text != null ? tooBig(text) : tooBig(input)) {
            throw new StatesFailure(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '" + st.name()
                    + "' has an input with a size exceeding the maximum number of bytes service limit.");
        }
    }

    // ---- input and output processing (spec §4.1) -----------------------------------------------------------

    private JsonNode effectiveInput(State st, JsonNode raw, Scope sc) {
        JPath p = st.common().inputPath();
        if (p == null) {
            return NODES.objectNode();
        }
        return p.isRoot() ? raw : read(p, raw, sc, "InputPath");
    }

    private JsonNode outputPath(State st, JsonNode merged, Scope sc) {
        JPath p = st.common().outputPath();
        if (p == null) {
            return NODES.objectNode();
        }
        return p.isRoot() ? merged : read(p, merged, sc, "OutputPath");
    }

    private JsonNode read(JPath p, JsonNode input, Scope sc, String field) {
        try {
            return p.read(input, context(sc));
        } catch (JPath.Missing e) {
            throw StatesFailure.runtime("Invalid path '" + p.text() + "' : " + e.getMessage());
        }
    }

    private JsonNode output(State st, JsonNode raw, JsonNode result, Template selector, JPath resultPath, Scope sc) {
        if (selector != null) {
            result = selector.eval(result, context(sc), s.uuids());
        }
        return outputPath(st, applyResultPath(raw, resultPath, result), sc);
    }

    /** ResultPath: {@code $} replaces, null keeps the raw input, {@code $.a.b} sets a field of a copy (spec §4.1 step 5). */
    static JsonNode applyResultPath(JsonNode raw, JPath resultPath, JsonNode result) {
        if (resultPath == null) {
            return raw;
        }
        String[] fields = resultPath.fields();
        if (fields.length == 0) {
            return result;
        }
        if (!raw.isObject()) {
            throw new StatesFailure(StatesErrors.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath \""
                    + resultPath.text() + "\" to input \"" + json(raw) + "\"");
        }
        return setIn((ObjectNode) raw, fields, 0, result, resultPath, raw);
    }

    private static ObjectNode setIn(ObjectNode node, String[] fields, int i, JsonNode value, JPath path, JsonNode raw) {
        ObjectNode copy = NODES.objectNode();
        copy.setAll(node);
        if (i == fields.length - 1) {
            copy.set(fields[i], value);
            return copy;
        }
        JsonNode child = node.get(fields[i]);
        if (child != null && !child.isObject()) {
            throw new StatesFailure(StatesErrors.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath \""
                    + path.text() + "\" to input \"" + json(raw) + "\"");
        }
        copy.set(fields[i], setIn(child == null ? NODES.objectNode() : (ObjectNode) child, fields, i + 1, value, path, raw));
        return copy;
    }

    // ---- context object (spec §4.3) ------------------------------------------------------------------------

    private Supplier<JsonNode> context(Scope sc) {
        return context(sc, -1, null);
    }

    Supplier<JsonNode> context(Scope sc, int index, JsonNode item) {
        return new Supplier<>() {
            private JsonNode built;

            public JsonNode get() {
                if (built == null) {
                    ObjectNode root = NODES.objectNode();
                    root.set("Execution", executionNode());
                    root.set("StateMachine", details("Id", info.stateMachineArn(), "Name", info.stateMachineName()));
                    ObjectNode state = details("Name", sc.state().name(), "EnteredTime", ISO_MILLIS.format(sc.enteredTime()));
                    if (sc.state() instanceof State.Task || sc.state() instanceof State.Map || sc.state() instanceof State.Parallel) {
                        state.put("RetryCount", sc.retryCount());
                    }
                    root.set("State", state);
                    if (index >= 0) {
                        root.set("Map", NODES.objectNode().set("Item", NODES.objectNode().put("Index", index).set("Value", item)));
                    }
                    built = root;
                }
                return built;
            }
        };
    }

    private ObjectNode executionNode() {
        ObjectNode n = executionNode;
        if (n == null) {
            n = details("Id", info.executionArn(), "Input", info.input(), "Name", info.name(), "RoleArn", info.roleArn(),
                    "StartTime", ISO_MILLIS.format(info.startTime()));
            n.put("RedriveCount", 0);
            executionNode = n;
        }
        return n;
    }

    // ---- Wait, Fail ----------------------------------------------------------------------------------------

    private CompletableFuture<Transition> waitState(State.Wait w, JsonNode raw, History.Cursor cursor, StopSignal stop, Scope sc) {
        JsonNode eff = effectiveInput(w, raw, sc);
        long millis;
        if (w.seconds() != null) {
            millis = w.seconds() * 1000;
        } else if (w.timestamp() != null) {
            millis = w.timestamp().toEpochMilli() - s.clock().millis();
        } else if (w.secondsPath() != null) {
            JsonNode v;
            try {
                v = w.secondsPath().read(eff, context(sc));
            } catch (JPath.Missing e) {
                throw StatesFailure.runtime("The SecondsPath parameter does not reference an input value: " + w.secondsPath().text());
            }
            if (!v.isNumber() || (!v.isIntegralNumber() && v.decimalValue().stripTrailingZeros().scale() > 0) || !v.canConvertToLong()) {
                throw StatesFailure.runtime("The SecondsPath parameter cannot be parsed as a long value: " + w.secondsPath().text() + " == " + valueText(v));
            }
            if (v.longValue() < 0) {
                throw StatesFailure.runtime("The SecondsPath parameter references a negative value: " + w.secondsPath().text() + " == " + valueText(v));
            }
            millis = v.longValue() * 1000;
        } else {
            JsonNode v;
            try {
                v = w.timestampPath().read(eff, context(sc));
            } catch (JPath.Missing e) {
                throw StatesFailure.runtime("The TimestampPath parameter does not reference an input value: " + w.timestampPath().text());
            }
            Instant at = ChoiceRule.timestamp(v);
            if (at == null) {
                throw StatesFailure.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                        + w.timestampPath().text() + " == " + valueText(v));
            }
            millis = at.toEpochMilli() - s.clock().millis();
        }
        if (millis > 99_999_999L * 1000) {
            throw StatesFailure.runtime("Wait state delay is too long.");
        }
        JsonNode out = outputPath(w, eff, sc);
        long scaled = Math.round(Math.max(0, millis) * s.waitScale());
        if (scaled <= 0) {
            return exitNow(w, out, cursor);
        }
        CompletableFuture<Transition> done = new CompletableFuture<>();
        Runnable unregister = stop.onStop(() -> done.completeExceptionally(new Stopped()));
        s.scheduler().schedule(() -> s.executor().execute(() -> {
            unregister.run();
            if (stop.stopped()) {
                done.completeExceptionally(new Stopped());
                return;
            }
            try {
                exit(w, out, cursor);
                done.complete(new Transition(w.common().end() ? null : w.common().next(), out));
            } catch (Throwable e) {
                done.completeExceptionally(prefixed(e, sc));
            }
        }), scaled, TimeUnit.MILLISECONDS);
        return done;
    }

    private static String valueText(JsonNode v) {
        return v.isTextual() ? v.textValue() : json(v);
    }

    private StatesFailure failState(State.Fail f, JsonNode raw, Scope sc) {
        String error = f.error();
        String cause = f.cause();
        if (f.errorPath() != null) {
            error = valueText(f.errorPath().eval(raw, context(sc), s.uuids()));
        }
        if (f.causePath() != null) {
            cause = valueText(f.causePath().eval(raw, context(sc), s.uuids()));
        }
        return new StatesFailure(error, cause);
    }

    // ---- Retry and Catch (spec §8.3, §8.4) -----------------------------------------------------------------

    private CompletableFuture<Transition> retrying(State st, JsonNode raw, History.Cursor cursor, StopSignal stop, Scope sc,
                                                   List<State.Retrier> retry, List<State.Catcher> catchers,
                                                   Template selector, JPath resultPath,
                                                   Function<Scope, CompletableFuture<JsonNode>> work) {
        CompletableFuture<Transition> out = new CompletableFuture<>();
        attempt(st, raw, cursor, stop, sc, retry, catchers, selector, resultPath, work, new int[retry.size()], out);
        return out;
    }

    private void attempt(State st, JsonNode raw, History.Cursor cursor, StopSignal stop, Scope sc,
                         List<State.Retrier> retry, List<State.Catcher> catchers, Template selector, JPath resultPath,
                         Function<Scope, CompletableFuture<JsonNode>> work, int[] counts, CompletableFuture<Transition> out) {
        CompletableFuture<JsonNode> w;
        try {
            w = work.apply(sc);
        } catch (Throwable e) {
            w = CompletableFuture.failedFuture(e);
        }
        w.whenComplete((result, ex) -> {
            if (ex == null) {
                try {
                    JsonNode o = output(st, raw, result, selector, resultPath, sc);
                    exit(st, o, cursor);
                    out.complete(new Transition(st.common().end() ? null : st.common().next(), o));
                } catch (Throwable e) {
                    out.completeExceptionally(prefixed(e, sc));
                }
                return;
            }
            Throwable t = prefixed(unwrap(ex), sc);
            if (!(t instanceof StatesFailure f) || stop.stopped() || StatesErrors.RUNTIME.equals(f.error())) {
                out.completeExceptionally(t);
                return;
            }
            for (int i = 0; i < retry.size(); i++) {
                State.Retrier r = retry.get(i);
                if (matches(r.errorEquals(), f.error())) {
                    if (counts[i] < r.maxAttempts()) {
                        counts[i]++;
                        double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), counts[i] - 1);
                        if (r.maxDelaySeconds() != null) {
                            delay = Math.min(delay, r.maxDelaySeconds());
                        }
                        if (r.fullJitter()) {
                            delay = ThreadLocalRandom.current().nextDouble() * delay;
                        }
                        int retryCount = sc.retryCount() + 1;
                        later(Math.round(delay * 1000 * s.waitScale()), () -> {
                            if (stop.stopped()) {
                                out.completeExceptionally(new Stopped());
                            } else {
                                attempt(st, raw, cursor, stop, sc.retry(retryCount), retry, catchers, selector, resultPath, work, counts, out);
                            }
                        });
                        return;
                    }
                    break;
                }
            }
            for (State.Catcher c : catchers) {
                if (matches(c.errorEquals(), f.error())) {
                    try {
                        ObjectNode error = NODES.objectNode();
                        if (f.error() != null) {
                            error.put("Error", f.error());
                        }
                        if (f.cause() != null) {
                            error.put("Cause", f.cause());
                        }
                        JsonNode merged = applyResultPath(raw, c.resultPath(), error);
                        exit(st, merged, cursor);
                        out.complete(new Transition(c.next(), merged));
                    } catch (Throwable e) {
                        out.completeExceptionally(prefixed(e, sc));
                    }
                    return;
                }
            }
            out.completeExceptionally(f);
        });
    }

    /** ErrorEquals matching: exact names, {@code States.ALL}, and {@code States.TaskFailed} for all but timeouts. */
    static boolean matches(List<String> errorEquals, String error) {
        for (String e : errorEquals) {
            if (e.equals(error) || e.equals(StatesErrors.ALL)
                    || (e.equals(StatesErrors.TASK_FAILED) && !StatesErrors.TIMEOUT.equals(error))) {
                return true;
            }
        }
        return false;
    }

    private void later(long millis, Runnable r) {
        if (millis <= 0) {
            s.executor().execute(r);
        } else {
            s.scheduler().schedule(() -> s.executor().execute(r), millis, TimeUnit.MILLISECONDS);
        }
    }

    // ---- Task ---------------------------------------------------------------------------------------------

    private CompletableFuture<JsonNode> task(State.Task t, JsonNode eff, History.Cursor cursor, StopSignal stop, Scope sc) {
        JsonNode params = t.parameters() != null ? t.parameters().eval(eff, context(sc), s.uuids()) : eff;
        Integer timeout = t.timeoutSeconds() != null ? t.timeoutSeconds() : positivePath(t.timeoutSecondsPath(), eff, sc, "TimeoutSecondsPath");
        Integer heartbeat = t.heartbeatSeconds() != null ? t.heartbeatSeconds() : positivePath(t.heartbeatSecondsPath(), eff, sc, "HeartbeatSecondsPath");
        TaskCall call = new TaskCall(interpreter.collaborators().integrations(), t, info.region(), s.clock());
        boolean plain = t.integration() == State.Integration.LAMBDA_FUNCTION;
        String paramsText = json(params);
        checkInputSize(t, paramsText, params);
        if (plain) {
            cursor.emit("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", rec ? details("resource", t.resource(),
                    "input", paramsText, "inputDetails", NOT_TRUNCATED, "timeoutInSeconds", timeout) : null);
            cursor.emit("LambdaFunctionStarted", null, null);
        } else {
            cursor.emit("TaskScheduled", "taskScheduledEventDetails", rec ? details("resourceType", call.resourceType(),
                    "resource", call.resourceName(), "region", info.region(), "parameters", paramsText,
                    "timeoutInSeconds", timeout, "heartbeatInSeconds", heartbeat) : null);
            cursor.emit("TaskStarted", "taskStartedEventDetails", rec ? details("resourceType", call.resourceType(),
                    "resource", call.resourceName()) : null);
        }
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> call.run(params), s.taskExecutor()).whenComplete((r, ex) -> {
            if (ex != null) {
                result.completeExceptionally(unwrap(ex));
            } else {
                result.complete(r);
            }
        });
        Integer limit = timeout != null ? timeout : heartbeat;
        if (limit != null) {
            String error = timeout != null ? StatesErrors.TIMEOUT : StatesErrors.HEARTBEAT_TIMEOUT;
            s.scheduler().schedule(() -> result.completeExceptionally(new StatesFailure(error, "")),
                    limit * 1000L, TimeUnit.MILLISECONDS); // real work: not scaled by waitScale
        }
        Runnable unregister = stop.onStop(() -> result.completeExceptionally(new Stopped()));
        CompletableFuture<JsonNode> done = new CompletableFuture<>();
        result.whenComplete((r, ex) -> {
            unregister.run();
            Throwable e = unwrap(ex);
            if (e instanceof Stopped) {
                done.completeExceptionally(e);
                return;
            }
            String text = null;
            if (e == null) {
                text = rec ? json(r) : null;
                if (rec ? tooBig(text) : tooBig(r)) {
                    e = new StatesFailure(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '" + t.resource()
                            + "' returned a result with a size exceeding the maximum number of bytes service limit.");
                }
            }
            if (e == null) {
                if (plain) {
                    cursor.emit("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails",
                            rec ? details("output", text, "outputDetails", NOT_TRUNCATED) : null);
                } else {
                    cursor.emit("TaskSucceeded", "taskSucceededEventDetails", rec ? details("resourceType", call.resourceType(),
                            "resource", call.resourceName(), "output", text, "outputDetails", NOT_TRUNCATED) : null);
                }
                done.complete(r);
                return;
            }
            StatesFailure f = e instanceof StatesFailure sf ? sf : new StatesFailure(StatesErrors.TASK_FAILED, String.valueOf(e.getMessage()));
            boolean timedOut = StatesErrors.TIMEOUT.equals(f.error()) || StatesErrors.HEARTBEAT_TIMEOUT.equals(f.error());
            if (plain) {
                cursor.emit(timedOut ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed",
                        timedOut ? "lambdaFunctionTimedOutEventDetails" : "lambdaFunctionFailedEventDetails",
                        timedOut ? details("error", f.error()) : details("error", f.error(), "cause", f.cause()));
            } else {
                cursor.emit(timedOut ? "TaskTimedOut" : "TaskFailed",
                        timedOut ? "taskTimedOutEventDetails" : "taskFailedEventDetails",
                        timedOut ? details("resourceType", call.resourceType(), "resource", call.resourceName(), "error", f.error())
                                : details("resourceType", call.resourceType(), "resource", call.resourceName(), "error", f.error(), "cause", f.cause()));
            }
            done.completeExceptionally(f);
        });
        return done;
    }

    private Integer positivePath(JPath p, JsonNode eff, Scope sc, String field) {
        if (p == null) {
            return null;
        }
        JsonNode v = read(p, eff, sc, field);
        if (!v.isIntegralNumber() || v.longValue() < 1 || !v.canConvertToInt()) {
            throw StatesFailure.runtime("The " + field + " field refers to value \"" + valueText(v) + "\" which is not a valid positive integer: " + p.text());
        }
        return v.intValue();
    }

    // ---- Parallel -----------------------------------------------------------------------------------------

    private CompletableFuture<JsonNode> parallel(State.Parallel p, JsonNode eff, History.Cursor cursor, StopSignal stop, Scope sc) {
        JsonNode input = eff;
        if (p.parameters() != null) {
            input = p.parameters().eval(eff, context(sc), s.uuids());
            checkInputSize(p, rec ? json(input) : null, input);
        }
        long started = cursor.emit("ParallelStateStarted", null, null);
        int n = p.branches().size();
        JsonNode[] results = new JsonNode[n];
        AtomicInteger remaining = new AtomicInteger(n);
        AtomicBoolean failed = new AtomicBoolean();
        StopSignal branches = new StopSignal();
        Runnable unregister = stop.onStop(branches::stop);
        CompletableFuture<JsonNode> out = new CompletableFuture<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            History.Cursor bc = history.cursor(started);
            runMachine(p.branches().get(i), input, bc, branches).whenComplete((r, ex) -> {
                if (ex == null) {
                    results[index] = r;
                    if (remaining.decrementAndGet() == 0 && !failed.get()) {
                        unregister.run();
                        cursor.moveTo(bc.last());
                        cursor.emitAside("ParallelStateSucceeded", null, null);
                        ArrayNode array = NODES.arrayNode(n);
                        for (JsonNode x : results) {
                            array.add(x);
                        }
                        out.complete(array);
                    }
                } else if (failed.compareAndSet(false, true)) {
                    unregister.run();
                    branches.stop();
                    Throwable t = unwrap(ex);
                    if (t instanceof Stopped || stop.stopped()) {
                        out.completeExceptionally(new Stopped());
                        return;
                    }
                    cursor.moveTo(bc.last());
                    cursor.emit("ParallelStateFailed", null, null);
                    out.completeExceptionally(t);
                }
            });
        }
        return out;
    }

    // ---- Map (inline, spec §7.7) ----------------------------------------------------------------------------

    private int maxConcurrency(State.Map m, JsonNode eff, Scope sc) {
        if (m.maxConcurrencyPath() == null) {
            return m.maxConcurrency() == null ? 0 : m.maxConcurrency();
        }
        JsonNode v = read(m.maxConcurrencyPath(), eff, sc, "MaxConcurrencyPath");
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw StatesFailure.runtime("The MaxConcurrencyPath field refers to value \"" + valueText(v)
                    + "\" which is not a valid integer: " + m.maxConcurrencyPath().text());
        }
        if (v.intValue() < 0) {
            throw StatesFailure.runtime("Expected non-negative integer for MaxConcurrency, got '" + v.intValue() + "' instead.");
        }
        return v.intValue();
    }

    private CompletableFuture<JsonNode> inlineMap(State.Map m, JsonNode eff, History.Cursor cursor, StopSignal stop, Scope sc) {
        int limit = maxConcurrency(m, eff, sc);
        JsonNode items = m.itemsPath().isRoot() ? eff : read(m.itemsPath(), eff, sc, "ItemsPath");
        if (!items.isArray()) {
            throw StatesFailure.runtime("Map state input must be an array but was: " + json(items));
        }
        long started = cursor.emit("MapStateStarted", "mapStateStartedEventDetails", rec ? details("length", items.size()) : null);
        return new InlineMap(this, m, eff, items, limit, cursor, stop, sc, started).run();
    }

    /** Iteration bookkeeping for one visit of an inline Map: a bounded number of iterations in flight. */
    private static final class InlineMap {
        private final ExecutionRun run;
        private final State.Map m;
        private final JsonNode eff;
        private final JsonNode items;
        private final int limit;
        private final History.Cursor cursor;
        private final StopSignal parentStop;
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

        InlineMap(ExecutionRun run, State.Map m, JsonNode eff, JsonNode items, int limit, History.Cursor cursor,
                  StopSignal stop, Scope sc, long started) {
            this.run = run;
            this.m = m;
            this.eff = eff;
            this.items = items;
            this.limit = limit;
            this.cursor = cursor;
            this.parentStop = stop;
            this.sc = sc;
            this.results = new JsonNode[items.size()];
            this.lastInner = started;
            this.lastEnd = started;
            this.unregister = stop.onStop(iterations::stop);
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
                if (m.itemSelector() == null) {
                    input = item;
                } else {
                    input = m.itemSelector().eval(eff, run.context(sc, i, item), run.s.uuids());
                    run.checkInputSize(m, run.rec ? json(input) : null, input);
                }
            } catch (Throwable e) {
                selectorFailure = prefixed(e, sc);
                if (!iterations.stopped()) {
                    run.endsExecution(selectorFailure);
                }
            }
            long prev;
            synchronized (this) {
                prev = lastInner;
            }
            History history = run.history;
            long startedId = history.append("MapIterationStarted", prev, "mapIterationStartedEventDetails",
                    run.rec ? details("name", m.name(), "index", i) : null);
            History.Cursor ic = history.cursor(startedId);
            CompletableFuture<JsonNode> f;
            try {
                f = selectorFailure != null ? CompletableFuture.failedFuture(selectorFailure)
                        : run.runMachine(m.processor(), input, ic, iterations);
            } catch (Throwable e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((r, ex) -> done(i, ic, r, unwrap(ex)));
        }

        private void done(int i, History.Cursor ic, JsonNode r, Throwable ex) {
            History history = run.history;
            synchronized (this) {
                inFlight--;
                if (ex == null) {
                    results[i] = r;
                    lastEnd = history.append("MapIterationSucceeded", ic.last(), "mapIterationSucceededEventDetails",
                            run.rec ? details("name", m.name(), "index", i) : null);
                    lastInner = ic.last();
                } else if (failure == null && !(ex instanceof Stopped)) {
                    failure = ex;
                    history.append("MapIterationFailed", ic.last(), "mapIterationFailedEventDetails",
                            run.rec ? details("name", m.name(), "index", i) : null);
                    failureAnchor = ic.last();
                } else {
                    if (failure == null) {
                        failure = ex;
                        failureAnchor = ic.last();
                    }
                    history.append("MapIterationAborted", ic.last(), "mapIterationAbortedEventDetails",
                            run.rec ? details("name", m.name(), "index", i) : null);
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
                cursor.moveTo(lastEnd);
                cursor.emitAside("MapStateSucceeded", null, null);
                ArrayNode array = NODES.arrayNode(results.length);
                for (JsonNode x : results) {
                    array.add(x);
                }
                out.complete(array);
            } else if (f instanceof Stopped || parentStop.stopped()) {
                out.completeExceptionally(new Stopped());
            } else {
                cursor.moveTo(failureAnchor);
                cursor.emit("MapStateFailed", null, null);
                out.completeExceptionally(f);
            }
        }
    }

    // ---- Map (distributed): handed to the registered support ------------------------------------------------

    private CompletableFuture<JsonNode> distributedMap(State.Map m, JsonNode eff, History.Cursor cursor, StopSignal stop, Scope sc) {
        DistributedMapSupport support = interpreter.collaborators().distributed();
        if (support == null) {
            throw StatesFailure.runtime("Distributed Map is not available in this local cloud");
        }
        StopSignal runStop = new StopSignal();
        Runnable unregister = stop.onStop(runStop::stop);
        CompletableFuture<JsonNode> out = new CompletableFuture<>();
        support.run(new DistributedRun(m, eff, cursor, sc, runStop)).whenComplete((r, ex) -> {
            unregister.run();
            Throwable t = unwrap(ex);
            if (t == null) {
                history.append("MapStateSucceeded", history.lastId(), null, null);
                out.complete(r);
            } else if (t instanceof Stopped || stop.stopped() || endsExecution(prefixed(t, sc))) {
                out.completeExceptionally(new Stopped());
            } else {
                cursor.emit("MapStateFailed", null, null);
                out.completeExceptionally(t);
            }
        });
        return out;
    }

    private final class DistributedRun implements DistributedMapRun {
        private final State.Map m;
        private final JsonNode eff;
        private final History.Cursor cursor;
        private final Scope sc;
        private final StopSignal runStop;

        DistributedRun(State.Map m, JsonNode eff, History.Cursor cursor, Scope sc, StopSignal runStop) {
            this.m = m;
            this.eff = eff;
            this.cursor = cursor;
            this.sc = sc;
            this.runStop = runStop;
        }

        public State.Map state() {
            return m;
        }

        public JsonNode input() {
            return eff;
        }

        public ExecutionInfo execution() {
            return info;
        }

        public JsonNode contextObject() {
            return context(sc, -1, null).get();
        }

        public JsonNode selectItem(int index, JsonNode item) {
            return m.itemSelector() == null ? item : m.itemSelector().eval(eff, context(sc, index, item), s.uuids());
        }

        public JsonNode evaluate(Template template, JsonNode input) {
            return template.eval(input, context(sc, -1, null), s.uuids());
        }

        public JsonNode readPath(JPath path, JsonNode input) {
            try {
                return path.read(input, context(sc, -1, null));
            } catch (JPath.Missing e) {
                throw runtimeFailure("Invalid path '" + path.text() + "' : " + e.getMessage());
            }
        }

        public History.Cursor history() {
            return cursor;
        }

        public long enteredEventId() {
            return sc.enteredEventId();
        }

        public StatesFailure runtimeFailure(String detail) {
            return (StatesFailure) prefixed(StatesFailure.runtime(detail), sc);
        }

        public ChildExecutions children() {
            return interpreter.collaborators().children();
        }

        public MapRunRegistry mapRuns() {
            return interpreter.collaborators().mapRuns();
        }

        public StopSignal stopSignal() {
            return runStop;
        }

        public java.time.Clock clock() {
            return s.clock();
        }

        public Supplier<String> uuids() {
            return s.uuids();
        }

        public java.util.concurrent.Executor executor() {
            return s.executor();
        }

        public java.util.concurrent.ScheduledExecutorService scheduler() {
            return s.scheduler();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** States.Runtime causes carry AWS's prefix naming the state and its entered event (spec §8.1). */
    private static Throwable prefixed(Throwable e, Scope sc) {
        if (e instanceof StatesFailure f) {
            if (StatesErrors.RUNTIME.equals(f.error()) && (f.cause() == null || !f.cause().startsWith(RUNTIME_PREFIX))) {
                return StatesFailure.runtime(RUNTIME_PREFIX + sc.state().name() + "' (entered at the event id #"
                        + sc.enteredEventId() + "). " + f.cause());
            }
            return f;
        }
        if (e instanceof Stopped) {
            return e;
        }
        return StatesFailure.runtime(RUNTIME_PREFIX + sc.state().name() + "' (entered at the event id #"
                + sc.enteredEventId() + "). Internal error in the local interpreter: " + e);
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    boolean tooBig(String text) {
        return text.length() > s.payloadLimitBytes() / 4 && Interpreter.utf8(text).length > s.payloadLimitBytes();
    }

    /**
     * Whether {@code node}'s JSON text exceeds the payload limit (spec §10), for executions that keep no history
     * (EXPRESS): the UTF-8 bytes are counted as they are written, no text is kept.
     */
    boolean tooBig(JsonNode node) {
        ByteCounter counter = new ByteCounter();
        try {
            MAPPER.writeValue(counter, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.bytes > s.payloadLimitBytes();
    }

    /** An output stream that only counts what is written to it. */
    private static final class ByteCounter extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    static String json(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
