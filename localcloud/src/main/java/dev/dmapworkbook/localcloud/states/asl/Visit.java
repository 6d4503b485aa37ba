package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.query.QueryEvaluationFailure;

import java.util.LinkedHashMap;
import java.util.Map;

import java.util.concurrent.CompletableFuture;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.details;

/**
 * One visit of a state, as its {@link StateRunner} sees it: the raw input, the history cursor of its flow, the
 * flow's stop signal, its {@link Scope} and the {@link QueryLanguage} its fields are written in; and the steps every
 * state type shares (the effective input, the exit event, the payload quota, the States.Runtime prefix).
 */
final class Visit {
    private static final String RUNTIME_PREFIX = "An error occurred while executing the state '";

    final ExecutionRun run;
    final State state;
    final JsonNode raw;
    final History.Cursor cursor;
    final StopSignal stop;
    final Scope scope;
    final QueryLanguage query;
    /** {@code ParallelStateFailed}/{@code MapStateFailed} of the attempt that just failed, until Retry decides. */
    private volatile String failedEvent;

    Visit(ExecutionRun run, State state, JsonNode raw, History.Cursor cursor, StopSignal stop, Scope scope) {
        this.run = run;
        this.state = state;
        this.raw = raw;
        this.cursor = cursor;
        this.stop = stop;
        this.scope = scope;
        this.query = QueryLanguage.of(state);
    }

    boolean recording() {
        return run.recording();
    }

    Interpreter.Settings settings() {
        return run.settings();
    }

    /** The input the state's fields work on (JSONPath: after InputPath). */
    JsonNode effectiveInput() {
        return query.input(state, raw, scope);
    }

    /** The state's {@code Next}, or null at an end state. */
    String next() {
        return state.common().end() ? null : state.common().next();
    }

    /**
     * The attempt failed and its state's failure event ({@code ParallelStateFailed}, {@code MapStateFailed}) is due,
     * at the cursor: {@link Retrying} writes it once the failure is final (caught or not), never for an attempt it
     * retries [AWS-rec].
     */
    void failedEventDue(String type) {
        failedEvent = type;
    }

    /** Writes the due failure event, if any ({@code write}), and forgets it. */
    void settleFailedEvent(boolean write) {
        String type = failedEvent;
        failedEvent = null;
        if (type != null && write) {
            cursor.emit(type, null, null);
        }
    }

    /** Exits to {@link #next()} with {@code out}, now. */
    CompletableFuture<ExecutionRun.Transition> exitNow(JsonNode out) {
        exit(out);
        return CompletableFuture.completedFuture(new ExecutionRun.Transition(next(), out));
    }

    /** Writes {@code <Type>StateExited}, refusing outputs over the payload limit (spec §8.1, DataLimitExceeded). */
    void exit(JsonNode out) {
        String text = recording() ? Json.write(out) : null;
        if (run.limit().exceededBy(text, out)) {
            throw new StatesFailure(ErrorName.DATA_LIMIT_EXCEEDED, "The state/task '" + state.name()
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
        ObjectNode assigned = assign();
        ObjectNode exited = recording() ? details("name", state.name(), "output", text, "outputDetails", ExecutionRun.NOT_TRUNCATED) : null;
        if (exited != null && assigned != null) { // values as JSON text, as AWS records them
            ObjectNode texts = exited.putObject("assignedVariables");
            assigned.fields().forEachRemaining(e -> texts.put(e.getKey(), Json.write(e.getValue())));
            exited.set("assignedVariablesDetails", ExecutionRun.NOT_TRUNCATED);
        }
        cursor.emit(state.common().type() + "StateExited", "stateExitedEventDetails", exited);
    }

    /** Applies what the state's Assign evaluated to: the values become visible to the states that follow. */
    private ObjectNode assign() {
        ObjectNode assigned = scope.assigned().take();
        if (assigned != null) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            assigned.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
            scope.variables().assign(values);
        }
        return assigned;
    }

    /**
     * A state's input after Parameters/ItemSelector over 256 KiB fails the state with States.DataLimitExceeded
     * (spec §8.1 [AWS-doc]: "after Parameters processing, the input of a state is larger than quota"; §10); the
     * cause text is [GUESS], modelled on AWS's text for results.
     *
     * @param text the input's JSON text when the caller has it, else null
     */
    void checkInputSize(String text, JsonNode input) {
        if (run.limit().exceededBy(text, input)) {
            throw new StatesFailure(ErrorName.DATA_LIMIT_EXCEEDED, "The state/task '" + state.name()
                    + "' has an input with a size exceeding the maximum number of bytes service limit.");
        }
    }

    /** {@link #checkInputSize} with the text written only when the history keeps it. */
    void checkInputSize(JsonNode input) {
        checkInputSize(recording() ? Json.write(input) : null, input);
    }

    Throwable prefixed(Throwable e) {
        return prefixed(e, scope);
    }

    /**
     * States.Runtime and States.QueryEvaluationError causes carry AWS's prefix naming the state and its entered
     * event (spec §8.1, §6); a failed JSONata evaluation is also recorded as an {@code EvaluationFailed} event with
     * the field it was written in, once.
     */
    static Throwable prefixed(Throwable e, Scope sc) {
        if (e instanceof QueryEvaluationFailure q && !q.prefixed()) {
            QueryEvaluationFailure p = q.withPrefix(RUNTIME_PREFIX + sc.state().name() + "' (entered at the event id #"
                    + sc.enteredEventId() + "). ");
            if (sc.cursor() != null) { // a sibling of the state's entered event: same previousEventId (AWS recordings)
                History.Cursor c = sc.cursor();
                c.moveTo(c.history().append("EvaluationFailed", sc.enteredAfter(), "evaluationFailedEventDetails",
                        details("error", p.error(), "cause", p.cause(), "location", p.location(), "state", sc.state().name())));
            }
            return p;
        }
        if (e instanceof StatesFailure f) {
            if (f.is(ErrorName.RUNTIME) && (f.cause() == null || !f.cause().startsWith(RUNTIME_PREFIX))) {
                return StatesFailure.runtime(RUNTIME_PREFIX + sc.state().name() + "' (entered at the event id #"
                        + sc.enteredEventId() + "). " + f.cause());
            }
            return f;
        }
        if (e instanceof ExecutionRun.Stopped) {
            return e;
        }
        return StatesFailure.runtime(RUNTIME_PREFIX + sc.state().name() + "' (entered at the event id #"
                + sc.enteredEventId() + "). Internal error in the local interpreter: " + e);
    }

    /** A value as AWS quotes it in causes: strings bare, anything else as JSON. */
    static String valueText(JsonNode v) {
        return v.isTextual() ? v.textValue() : Json.write(v);
    }
}
