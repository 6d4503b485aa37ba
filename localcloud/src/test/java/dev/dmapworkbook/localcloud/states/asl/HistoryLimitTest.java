package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The 25,000-event history quota of STANDARD executions (spec §10; AWS "Avoid reaching the history quota"): the
 * 25,000th event is {@code ExecutionFailed} unless it is {@code ExecutionSucceeded}; EXPRESS executions have no
 * such quota. A Choice + Pass counting loop writes 8 + 4 × limit events when it finishes.
 */
class HistoryLimitTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path LOOP = Path.of("src/test/resources/asl/execution/history-limit-reached/definition.json");
    private static ScheduledExecutorService scheduler;
    private static ExecutorService tasks;

    @BeforeAll
    static void pools() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        tasks = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void close() {
        scheduler.shutdownNow();
        tasks.shutdownNow();
    }

    private record Run(Interpreter.Outcome outcome, List<History.Event> events, long lastId) {
    }

    private static Run loop(int limit, boolean express) throws Exception {
        StateMachine machine = new AslParser(null).parse(Files.readString(LOOP), express);
        JsonNode input = MAPPER.createObjectNode().put("limit", limit);
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
        History history = new History(clock, !express);
        ExecutionInfo info = new ExecutionInfo("arn:aws:states:us-east-1:000000000000:execution:loop:run-1", "run-1",
                "arn:aws:states:us-east-1:000000000000:stateMachine:loop", "loop", "arn:aws:iam::000000000000:role/loop",
                "us-east-1", "000000000000", clock.instant(), input, input.toString(), express, null);
        Interpreter.Outcome outcome = AslGoldenTest.interpreter(new AslGoldenTest.ScriptedLambda(MAPPER.createObjectNode()),
                scheduler, tasks).start(machine, info, history, new StopSignal()).get(60, TimeUnit.SECONDS);
        return new Run(outcome, history.events(), history.lastId());
    }

    @Test
    void standardExecutionFailsWhenItsHistoryReaches25000Events() throws Exception {
        Run run = loop(1_000_000, false);
        assertEquals("FAILED", run.outcome().status());
        assertEquals("States.Runtime", run.outcome().error());
        assertEquals("The execution reached the maximum number of history events (25000).", run.outcome().cause());
        assertEquals(25_000, run.events().size());
        History.Event last = run.events().get(24_999);
        assertEquals(25_000, last.id());
        assertEquals(24_999, last.previousEventId());
        assertEquals("ExecutionFailed", last.type());
        assertEquals("{\"error\":\"States.Runtime\",\"cause\":\"The execution reached the maximum number of history events (25000).\"}",
                last.details().toString());
        assertEquals("PassStateExited", run.events().get(24_998).type(), "the 24,999th event is the loop's own");
    }

    @Test
    void anExecutionWhose25000thEventIsExecutionSucceededSucceeds() throws Exception {
        Run run = loop(6_248, false);
        assertEquals("SUCCEEDED", run.outcome().status(), run.outcome().error() + " " + run.outcome().cause());
        assertEquals(25_000, run.events().size());
        assertEquals("ExecutionSucceeded", run.events().get(24_999).type());
    }

    @Test
    void expressExecutionsHaveNoHistoryQuota() throws Exception {
        Run run = loop(7_000, true);
        assertEquals("SUCCEEDED", run.outcome().status(), run.outcome().error() + " " + run.outcome().cause());
        assertEquals(7_000, run.outcome().output().get("n").asInt());
        assertEquals(8 + 4 * 7_000, run.lastId());
    }
}
