package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code $$.State.EnteredTime} is the time the state was entered (spec §5, context object), so the same instant as its
 * {@code <Type>StateEntered} event: what the console works a Map Run's ResultWriter folder out from. The clock here
 * moves one millisecond each time it is read, so a second reading would show.
 */
class EnteredTimeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();
    private static final ExecutorService TASKS = Executors.newSingleThreadExecutor();

    /** A clock that moves one millisecond at each reading. */
    private static final class Ticking extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.incrementAndGet());
        }
    }

    @AfterAll
    static void stop() {
        SCHEDULER.shutdownNow();
        TASKS.shutdownNow();
    }

    @Test
    void aStatesEnteredTimeIsItsEnteredEventsTimestamp() throws Exception {
        Clock clock = new Ticking();
        Interpreter interpreter = new Interpreter(Interpreter.Collaborators.of(new AslGoldenTest.ScriptedLambda(MAPPER.createObjectNode())),
                new Interpreter.Settings(Runnable::run, TASKS, SCHEDULER, clock, () -> "00000000-0000-4000-8000-000000000001", 0.001));
        StateMachine machine = new AslParser(false).parse("""
                {"StartAt": "First", "States": {
                  "First": {"Type": "Pass", "Parameters": {"t.$": "$$.State.EnteredTime"}, "ResultPath": "$.first", "Next": "Second"},
                  "Second": {"Type": "Pass", "Parameters": {"t.$": "$$.State.EnteredTime"}, "ResultPath": "$.second", "End": true}}}""", false);
        History history = new History(clock, true);
        JsonNode input = MAPPER.createObjectNode();
        Interpreter.Outcome outcome = interpreter.start(machine, TestInterpreter.execution("entered", input, false), history,
                new StopSignal()).get(30, TimeUnit.SECONDS);
        assertEquals("SUCCEEDED", outcome.status());
        List<History.Event> entered = history.events().stream().filter(e -> e.type().equals("PassStateEntered")).toList();
        assertEquals(entered.get(0).timestamp(), Instant.parse(outcome.output().at("/first/t").asText()));
        assertEquals(entered.get(1).timestamp(), Instant.parse(outcome.output().at("/second/t").asText()));
    }
}
