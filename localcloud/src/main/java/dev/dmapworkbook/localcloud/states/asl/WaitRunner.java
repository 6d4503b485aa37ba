package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wait (spec §7.3): {@code Seconds}, {@code Timestamp}, {@code SecondsPath} or {@code TimestampPath}, scaled by
 * {@link Interpreter.Settings#waitScale()}; a timer, not a thread. Seconds are at most {@link Quotas#WAIT_MAX_SECONDS};
 * a timestamp may lie further ahead [AWS-rec] (the execution's own limits end such a wait), and counts whole seconds
 * (AWS "Wait workflow state": "considers the time value up to seconds and truncates milliseconds").
 */
final class WaitRunner implements StateRunner<State.Wait> {
    static final WaitRunner INSTANCE = new WaitRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Wait w, Visit v) {
        JsonNode eff = v.effectiveInput();
        long millis = millis(w, eff, v);
        boolean bySeconds = w.seconds() != null || w.secondsPath() != null;
        if (bySeconds && millis > Quotas.WAIT_MAX_SECONDS * 1000) {
            throw StatesFailure.runtime("Wait state delay is too long.");
        }
        JsonNode out = v.query.passOn(w, eff, v.scope);
        Interpreter.Settings s = v.settings();
        long scaled = Math.round(Math.max(0, millis) * s.waitScale());
        if (scaled <= 0) {
            return v.exitNow(out);
        }
        CompletableFuture<ExecutionRun.Transition> done = new CompletableFuture<>();
        // a stop cancels the wake-up: left scheduled, it would hold this visit and its run until the Wait's end
        AtomicReference<ScheduledFuture<?>> wake = new AtomicReference<>();
        Runnable unregister = v.stop.onStop(() -> {
            done.completeExceptionally(new ExecutionRun.Stopped());
            cancel(wake.get());
        });
        wake.set(s.scheduler().schedule(() -> s.executor().execute(() -> {
            unregister.run();
            if (v.stop.stopped()) {
                done.completeExceptionally(new ExecutionRun.Stopped());
                return;
            }
            try {
                v.exit(out);
                done.complete(new ExecutionRun.Transition(v.next(), out));
            } catch (Throwable e) {
                done.completeExceptionally(v.prefixed(e));
            }
        }), scaled, TimeUnit.MILLISECONDS));
        if (v.stop.stopped()) { // stopped before the wake-up was there to cancel
            cancel(wake.get());
        }
        return done;
    }

    private static void cancel(ScheduledFuture<?> wake) {
        if (wake != null) {
            wake.cancel(false);
        }
    }

    private static long millis(State.Wait w, JsonNode eff, Visit v) {
        long now = v.settings().clock().millis();
        // a value the field does not take is States.QueryEvaluationError (ASL specification, "JSONata Runtime Errors")
        Long seconds = JsonataLanguage.integer(w, "Seconds", eff, v.scope, 0, "a non-negative integer");
        if (seconds != null) {
            // AWS "Wait workflow state": the expression "must evaluate to an integer in the stated range" (0 to
            // 99999999), so a longer delay is a value the field does not take, not States.Runtime's "too long"
            if (seconds > Quotas.WAIT_MAX_SECONDS) {
                throw JsonataLanguage.unacceptable(w, "Seconds", "an integer from 0 to " + Quotas.WAIT_MAX_SECONDS,
                        Long.toString(seconds));
            }
            return seconds * 1000;
        }
        String timestamp = JsonataLanguage.string(w, "Timestamp", eff, v.scope);
        if (timestamp != null) {
            Instant at = ChoiceRule.parseTimestamp(timestamp);
            if (at == null) {
                throw JsonataLanguage.unacceptable(w, "Timestamp", "an ISO-8601 extended offset date-time format string",
                        Json.write(Interpreter.NODES.textNode(timestamp)));
            }
            return truncated(at) - now;
        }
        if (w.seconds() != null) {
            return w.seconds() * 1000;
        } else if (w.timestamp() != null) {
            return truncated(w.timestamp()) - now;
        } else if (w.secondsPath() != null) {
            return secondsPath(w.secondsPath(), eff, v) * 1000;
        }
        JsonNode t;
        try {
            t = w.timestampPath().read(eff, v.scope.context());
        } catch (JPath.Missing e) {
            throw StatesFailure.runtime("The TimestampPath parameter does not reference an input value: " + w.timestampPath().text());
        }
        Instant at = ChoiceRule.timestamp(t);
        if (at == null) {
            throw StatesFailure.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                    + w.timestampPath().text() + " == " + Visit.valueText(t));
        }
        return truncated(at) - now;
    }

    private static long truncated(Instant at) {
        return at.getEpochSecond() * 1000;
    }

    private static long secondsPath(JPath path, JsonNode eff, Visit v) {
        JsonNode n;
        try {
            n = path.read(eff, v.scope.context());
        } catch (JPath.Missing e) {
            throw StatesFailure.runtime("The SecondsPath parameter does not reference an input value: " + path.text());
        }
        if (!n.isNumber() || (!n.isIntegralNumber() && n.decimalValue().stripTrailingZeros().scale() > 0) || !n.canConvertToLong()) {
            throw StatesFailure.runtime("The SecondsPath parameter cannot be parsed as a long value: " + path.text() + " == " + Visit.valueText(n));
        }
        if (n.longValue() < 0) {
            throw StatesFailure.runtime("The SecondsPath parameter references a negative value: " + path.text() + " == " + Visit.valueText(n));
        }
        return n.longValue();
    }
}
