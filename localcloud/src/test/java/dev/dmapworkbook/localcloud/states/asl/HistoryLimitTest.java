package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 25,000-event history quota of STANDARD executions (spec §10; AWS "Avoid reaching the history quota"): the
 * 25,000th event is {@code ExecutionFailed} unless it is {@code ExecutionSucceeded}; EXPRESS executions have no
 * such quota. A Choice + Pass counting loop writes 8 + 4 × limit events when it finishes.
 */
class HistoryLimitTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path LOOP = Path.of("src/test/resources/asl/execution/history-limit-reached/definition.json");

    @RegisterExtension
    static final TestInterpreter INTERPRETER = new TestInterpreter();

    private record Run(Interpreter.Outcome outcome, List<History.Event> events, long lastId) {
    }

    private static Run loop(int limit, boolean express) throws Exception {
        StateMachine machine = new AslParser(false).parse(Files.readString(LOOP), express);
        JsonNode input = MAPPER.createObjectNode().put("limit", limit);
        History history = new History(TestInterpreter.CLOCK, !express);
        Interpreter.Outcome outcome = INTERPRETER.with(new AslGoldenTest.ScriptedLambda(MAPPER.createObjectNode()))
                .start(machine, TestInterpreter.execution("loop", input, express), history, new StopSignal())
                .get(60, TimeUnit.SECONDS);
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

    /**
     * A finished execution's history is kept (with its record, for days) while its run is not: the quota's hook must
     * not keep the run, its input and its context object reachable (a Map Run's children would keep all their items).
     */
    @Test
    void aFinishedExecutionsHistoryKeepsNothingOfItsRun() throws Exception {
        History history = new History(TestInterpreter.CLOCK, true);
        WeakReference<JsonNode> input = runKeepingOnlyTheHistory(history);
        for (int i = 0; i < 20 && input.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(input.get() == null, "the history of a finished execution still reaches its input");
        assertEquals("ExecutionSucceeded", history.events().get(history.size() - 1).type());
    }

    /** A Map Run's child's batch is its ExecutionStarted input and its first state's input: the history keeps it once. */
    @Test
    void theFirstStateEnteredRecordsTheExecutionsInputTextItself() throws Exception {
        History history = new History(TestInterpreter.CLOCK, true);
        runKeepingOnlyTheHistory(history);
        List<History.Event> events = history.events();
        assertEquals("PassStateEntered", events.get(1).type());
        String started = events.get(0).details().get("input").textValue();
        assertTrue(started.contains("xxxx"), started);
        assertSame(started, events.get(1).details().get("input").textValue());
    }

    private static WeakReference<JsonNode> runKeepingOnlyTheHistory(History history) throws Exception {
        StateMachine machine = new AslParser(false).parse(Files.readString(LOOP), false);
        JsonNode input = MAPPER.createObjectNode().put("limit", 2).put("padding", "x".repeat(10_000));
        Interpreter.Outcome outcome = INTERPRETER.with(new AslGoldenTest.ScriptedLambda(MAPPER.createObjectNode()))
                .start(machine, TestInterpreter.execution("loop", input, false), history, new StopSignal())
                .get(60, TimeUnit.SECONDS);
        assertEquals("SUCCEEDED", outcome.status(), outcome.error() + " " + outcome.cause());
        return new WeakReference<>(input);
    }
}
