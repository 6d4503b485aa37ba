package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.details;

/**
 * Task (spec §7.2): one call through {@link TaskCall} per attempt, on the bounded task pool, bounded by
 * {@code TimeoutSeconds}/{@code HeartbeatSeconds}; its events are {@code LambdaFunction*} for a plain function ARN,
 * {@code Task*} for the integrations.
 */
final class TaskRunner implements StateRunner<State.Task> {
    static final TaskRunner INSTANCE = new TaskRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Task t, Visit v) {
        JsonNode eff = v.effectiveInput();
        return Retrying.run(v, eff, t.retry(), t.catchers(), sc -> attempt(t, eff, v, sc));
    }

    private static CompletableFuture<JsonNode> attempt(State.Task t, JsonNode eff, Visit v, Scope sc) {
        JsonNode params = v.query.arguments(t, eff, sc);
        Integer timeout = t.timeoutSeconds() != null ? t.timeoutSeconds() : positivePath(t.timeoutSecondsPath(), eff, sc, "TimeoutSecondsPath");
        Integer heartbeat = t.heartbeatSeconds() != null ? t.heartbeatSeconds() : positivePath(t.heartbeatSecondsPath(), eff, sc, "HeartbeatSecondsPath");
        timeout = positiveExpression(t, "TimeoutSeconds", eff, sc, timeout);
        heartbeat = positiveExpression(t, "HeartbeatSeconds", eff, sc, heartbeat);
        ExecutionRun run = v.run;
        Interpreter.Settings s = v.settings();
        TaskCall call = new TaskCall(run.collaborators().integrations(), t, run.info().region(), s.clock());
        TaskEvents events = new TaskEvents(v, call);
        String paramsText = Json.write(params);
        v.checkInputSize(paramsText, params);
        events.started(paramsText, timeout, heartbeat);
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> call.run(params), s.taskExecutor()).whenComplete((r, ex) -> {
            if (ex != null) {
                result.completeExceptionally(ExecutionRun.unwrap(ex));
            } else {
                result.complete(r);
            }
        });
        Runnable cancelTimer = timeLimit(result, timeout, heartbeat, s);
        Runnable unregister = v.stop.onStop(() -> result.completeExceptionally(new ExecutionRun.Stopped()));
        CompletableFuture<JsonNode> done = new CompletableFuture<>();
        result.whenComplete((r, ex) -> {
            cancelTimer.run(); // a timer left scheduled would hold the result until TimeoutSeconds passed
            unregister.run();
            settle(r, ExecutionRun.unwrap(ex), t, v, events, done);
        });
        return done;
    }

    /**
     * TimeoutSeconds, else HeartbeatSeconds, ends the attempt with States.Timeout or States.HeartbeatTimeout; returns
     * what cancels the timer.
     */
    private static Runnable timeLimit(CompletableFuture<JsonNode> result, Integer timeout, Integer heartbeat,
                                      Interpreter.Settings s) {
        Integer limit = timeout != null ? timeout : heartbeat;
        if (limit == null) {
            return () -> { };
        }
        ErrorName error = timeout != null ? ErrorName.TIMEOUT : ErrorName.HEARTBEAT_TIMEOUT;
        // no cause: ExecutionFailed after TaskTimedOut/LambdaFunctionTimedOut carries only the error [AWS-rec]
        ScheduledFuture<?> timer = s.scheduler().schedule(() -> result.completeExceptionally(new StatesFailure(error, null)),
                limit * 1000L, TimeUnit.MILLISECONDS); // real work: not scaled by waitScale
        return () -> timer.cancel(false);
    }

    /** Records how the attempt ended (its result, or its failure as a States error) and completes {@code done}; a stop records nothing. */
    private static void settle(JsonNode r, Throwable e, State.Task t, Visit v, TaskEvents events, CompletableFuture<JsonNode> done) {
        if (e instanceof ExecutionRun.Stopped) {
            done.completeExceptionally(e);
            return;
        }
        String text = null;
        if (e == null) {
            text = v.recording() ? Json.write(r) : null;
            if (v.run.limit().exceededBy(text, r)) {
                e = new StatesFailure(ErrorName.DATA_LIMIT_EXCEEDED, "The state/task '" + t.resource()
                        + "' returned a result with a size exceeding the maximum number of bytes service limit.");
            }
        }
        if (e == null) {
            events.succeeded(text);
            done.complete(r);
        } else {
            StatesFailure f = e instanceof StatesFailure sf ? sf : new StatesFailure(ErrorName.TASK_FAILED, String.valueOf(e.getMessage()));
            events.failed(f);
            done.completeExceptionally(f);
        }
    }

    /**
     * A JSONata {@code TimeoutSeconds}/{@code HeartbeatSeconds} expression's value, else {@code literal}. Both take a
     * positive integer (AWS "Task workflow state"); anything else is States.QueryEvaluationError (ASL specification,
     * "JSONata Runtime Errors": {@code "TimeoutSeconds": "{% $name %}"} is its own example).
     */
    private static Integer positiveExpression(State.Task t, String field, JsonNode eff, Scope sc, Integer literal) {
        Long n = JsonataLanguage.integer(t, field, eff, sc, 1, "a positive integer");
        return n == null ? literal : Integer.valueOf(n.intValue());
    }

    private static Integer positivePath(JPath p, JsonNode eff, Scope sc, String field) {
        if (p == null) {
            return null;
        }
        JsonNode v = JsonPathLanguage.read(p, eff, sc);
        if (!v.isIntegralNumber() || v.longValue() < 1 || !v.canConvertToInt()) {
            throw StatesFailure.runtime("The " + field + " field refers to value \"" + Visit.valueText(v) + "\" which is not a valid positive integer: " + p.text());
        }
        return v.intValue();
    }

    /** A task's history events (spec §3.2): {@code LambdaFunction*} for a plain function ARN, else {@code Task*}. */
    private record TaskEvents(Visit v, TaskCall call, boolean plain) {
        TaskEvents(Visit v, TaskCall call) {
            this(v, call, ((State.Task) v.state).integration() == State.Integration.LAMBDA_FUNCTION);
        }

        void started(String paramsText, Integer timeout, Integer heartbeat) {
            boolean rec = v.recording();
            String region = v.run.info().region();
            if (plain) {
                v.cursor.emit("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", rec ? details("resource", ((State.Task) v.state).resource(),
                        "input", paramsText, "inputDetails", ExecutionRun.NOT_TRUNCATED, "timeoutInSeconds", timeout) : null);
                v.cursor.emit("LambdaFunctionStarted", null, null);
            } else {
                v.cursor.emit("TaskScheduled", "taskScheduledEventDetails", rec ? details("resourceType", call.resourceType(),
                        "resource", call.resourceName(), "region", region, "parameters", paramsText,
                        "timeoutInSeconds", timeout, "heartbeatInSeconds", heartbeat) : null);
                v.cursor.emit("TaskStarted", "taskStartedEventDetails", rec ? details("resourceType", call.resourceType(),
                        "resource", call.resourceName()) : null);
            }
        }

        void succeeded(String text) {
            boolean rec = v.recording();
            if (plain) {
                v.cursor.emit("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails",
                        rec ? details("output", text, "outputDetails", ExecutionRun.NOT_TRUNCATED) : null);
            } else {
                v.cursor.emit("TaskSucceeded", "taskSucceededEventDetails", rec ? details("resourceType", call.resourceType(),
                        "resource", call.resourceName(), "output", text, "outputDetails", ExecutionRun.NOT_TRUNCATED) : null);
            }
        }

        void failed(StatesFailure f) {
            boolean timedOut = f.is(ErrorName.TIMEOUT) || f.is(ErrorName.HEARTBEAT_TIMEOUT);
            if (plain) {
                v.cursor.emit(timedOut ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed",
                        timedOut ? "lambdaFunctionTimedOutEventDetails" : "lambdaFunctionFailedEventDetails",
                        timedOut ? details("error", f.error()) : details("error", f.error(), "cause", f.cause()));
            } else {
                v.cursor.emit(timedOut ? "TaskTimedOut" : "TaskFailed",
                        timedOut ? "taskTimedOutEventDetails" : "taskFailedEventDetails",
                        timedOut ? details("resourceType", call.resourceType(), "resource", call.resourceName(), "error", f.error())
                                : details("resourceType", call.resourceType(), "resource", call.resourceName(), "error", f.error(), "cause", f.cause()));
            }
        }
    }
}
