package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A state's timer goes with the state: a Task's TimeoutSeconds once the task has answered, a Wait's wake-up once the
 * execution is stopped. A timer left in the scheduler holds what it would complete (the task's result, the Wait's
 * visit and with it the run) until it fires, up to TimeoutSeconds or the Wait's time: a Map Run's thousands of
 * children would keep theirs. The scheduler is configured as the engine's (remove on cancel).
 */
class TimersTest {
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService tasks = Executors.newSingleThreadExecutor();

    TimersTest() {
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        tasks.shutdownNow();
    }

    private Interpreter interpreter(Integrations integrations, double waitScale) {
        return new Interpreter(Interpreter.Collaborators.of(integrations), new Interpreter.Settings(Runnable::run, tasks,
                scheduler, TestInterpreter.CLOCK, () -> "00000000-0000-4000-8000-000000000001", waitScale));
    }

    @Test
    void aTaskThatAnsweredLeavesNoTimeoutBehind() throws Exception {
        Integrations answers = new Integrations() {
            public LambdaResponse invokeLambda(String function, byte[] payload, String region) {
                return new LambdaResponse(200, null, "{\"done\":true}".getBytes(StandardCharsets.UTF_8), "$LATEST", "r");
            }

            public JsonNode callService(String service, String action, JsonNode parameters, String region) {
                throw new UnsupportedOperationException(service);
            }
        };
        StateMachine machine = new AslParser(false).parse("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:f\",\"TimeoutSeconds\":3600,"
                + "\"HeartbeatSeconds\":600,\"End\":true}}}", false);
        Interpreter.Outcome outcome = interpreter(answers, 1.0).start(machine,
                TestInterpreter.execution("answers", Json.object(), false), new History(TestInterpreter.CLOCK, true),
                new StopSignal()).get(60, TimeUnit.SECONDS);
        assertEquals("SUCCEEDED", outcome.status(), outcome.error() + " " + outcome.cause());
        assertEquals(0, scheduler.getQueue().size(), "the task's 3600 s timeout is still scheduled");
    }

    /**
     * An iteration that fails stops the others at once (spec: the Map fails when an iteration fails): one waiting out a
     * Retry interval is stopped too, rather than the Map waiting the interval (an hour here) before it fails.
     */
    @Test
    void aStopEndsARetryIntervalAtOnce() throws Exception {
        StateMachine machine = new AslParser(false).parse("{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\","
                + "\"End\":true,\"ItemProcessor\":{\"StartAt\":\"Which\",\"States\":{"
                + "\"Which\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$\",\"NumericEquals\":0,\"Next\":\"W\"}],"
                + "\"Default\":\"T\"},"
                + "\"W\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"F\"},\"F\":{\"Type\":\"Fail\",\"Error\":\"Late\"},"
                + "\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:f\",\"End\":true,"
                + "\"Retry\":[{\"ErrorEquals\":[\"Boom\"],\"IntervalSeconds\":3600,\"MaxAttempts\":2}]}}}}}}", false);
        Interpreter.Outcome outcome = interpreter(FAILS_WITH_BOOM, 1.0).start(machine,
                TestInterpreter.execution("retries", Json.parse("[0,1]"), false), new History(TestInterpreter.CLOCK, true),
                new StopSignal()).get(30, TimeUnit.SECONDS);
        assertEquals("FAILED", outcome.status());
        assertEquals("Late", outcome.error());
    }

    /**
     * The Retry interval a stop ended is unscheduled too: left in the scheduler, each stopped retry (a Map Run's
     * thousands of children, an hour's interval each) would keep its entry until the interval passed.
     */
    @Test
    void aStoppedRetryLeavesNoIntervalBehind() throws Exception {
        StateMachine machine = new AslParser(false).parse("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:f\",\"End\":true,"
                + "\"Retry\":[{\"ErrorEquals\":[\"Boom\"],\"IntervalSeconds\":3600,\"MaxAttempts\":2}]}}}", false);
        StopSignal stop = new StopSignal();
        var outcome = interpreter(FAILS_WITH_BOOM, 1.0).start(machine, TestInterpreter.execution("retry-stopped", Json.object(),
                false), new History(TestInterpreter.CLOCK, true), stop);
        awaitScheduled("the Retry never scheduled its interval");
        stop.stop();
        outcome.handle((o, e) -> null).get(60, TimeUnit.SECONDS);
        // the retry's own thread may still be between scheduling the interval and hearing of the stop: give it time
        long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!scheduler.getQueue().isEmpty() && System.nanoTime() < settled) {
            Thread.sleep(5);
        }
        assertEquals(0, scheduler.getQueue().size(), "the stopped Retry's 3600 s interval is still scheduled");
    }

    @Test
    void aStoppedWaitLeavesNoWakeUpBehind() throws Exception {
        StateMachine machine = new AslParser(false).parse(
                "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}", false);
        StopSignal stop = new StopSignal();
        var outcome = interpreter(Integrations.NONE, 1.0).start(machine,
                TestInterpreter.execution("waits", Json.object(), false), new History(TestInterpreter.CLOCK, true), stop);
        awaitScheduled("the Wait never scheduled its wake-up");
        stop.stop();
        outcome.handle((o, e) -> null).get(60, TimeUnit.SECONDS);
        assertEquals(0, scheduler.getQueue().size(), "the stopped Wait's wake-up is still scheduled for an hour");
    }

    /** A Lambda function that fails every time with {@code Boom}. */
    private static final Integrations FAILS_WITH_BOOM = new Integrations() {
        public LambdaResponse invokeLambda(String function, byte[] payload, String region) {
            return new LambdaResponse(200, "Unhandled",
                    "{\"errorType\":\"Boom\",\"errorMessage\":\"again\"}".getBytes(StandardCharsets.UTF_8), "$LATEST", "r");
        }

        public JsonNode callService(String service, String action, JsonNode parameters, String region) {
            throw new UnsupportedOperationException(service);
        }
    };

    /** Waits up to 60 s for the scheduler to hold a task; fails with {@code never} otherwise. */
    private void awaitScheduled(String never) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (scheduler.getQueue().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, never);
            Thread.sleep(5);
        }
    }
}
