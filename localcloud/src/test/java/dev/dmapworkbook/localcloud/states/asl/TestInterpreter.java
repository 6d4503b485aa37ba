package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Interpreters as the in-process tests run them: clock fixed at 2024-01-01T00:00:00Z, ids counted, waits scaled by
 * 0.001, on one scheduler and one task thread that end with the test class
 * ({@code @RegisterExtension static final TestInterpreter INTERPRETER = new TestInterpreter();}).
 */
final class TestInterpreter implements AfterAllCallback {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService tasks = Executors.newSingleThreadExecutor();

    Interpreter with(Integrations integrations) {
        AtomicLong uuids = new AtomicLong();
        return new Interpreter(Interpreter.Collaborators.of(integrations), new Interpreter.Settings(Runnable::run, tasks,
                scheduler, CLOCK, () -> String.format("00000000-0000-4000-8000-%012d", uuids.incrementAndGet()), 0.001));
    }

    /** Execution {@code run-1} of state machine {@code name}, started at {@link #START}. */
    static ExecutionInfo execution(String name, JsonNode input, boolean express) {
        return new ExecutionInfo("arn:aws:states:us-east-1:000000000000:execution:" + name + ":run-1", "run-1",
                "arn:aws:states:us-east-1:000000000000:stateMachine:" + name, name,
                "arn:aws:iam::000000000000:role/" + name, "us-east-1", "000000000000",
                START, input, input.toString(), express, null);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        scheduler.shutdownNow();
        tasks.shutdownNow();
    }
}
