package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Step Functions journal through the store: replay, compaction into snapshots, a torn last line, the restart end. */
class ExecutionStoreJournalTest {
    private static final String DEFINITION = "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":5,\"End\":true}}}";

    @TempDir
    Path data;

    private final Clock clock = Clock.systemUTC();

    @Test
    void everythingSurvivesCompactionsAndARestart() throws Exception {
        try (ExecutionStore store = new ExecutionStore(data, clock, SyncPolicy.BATCH, 4096)) {
            StateMachineRecord sm = new StateMachineRecord("arn:aws:states:us-east-1:000000000000:stateMachine:M", "M", "STANDARD", clock.instant());
            sm.definition = DEFINITION;
            store.putMachineIfAbsent(sm);
            for (int i = 0; i < 200; i++) {
                ExecutionRecord r = record("e" + i);
                store.putExecutionIfAbsent(r);
                r.history.append("ExecutionStarted", 0, "executionStartedEventDetails", Json.object("input", "{}"));
                r.history.append("WaitStateEntered", 1, "stateEnteredEventDetails", Json.object("name", "W"));
                if (i % 2 == 0) {
                    r.history.append("ExecutionSucceeded", 2, "executionSucceededEventDetails", Json.object("output", "{\"i\":" + i + "}"));
                    r.end("SUCCEEDED", clock.instant(), "{\"i\":" + i + "}", null, null);
                }
                if (i % 50 == 0) {
                    store.compact();
                }
            }
            store.awaitDurable();
        }
        assertTrue(snapshots() >= 1, "a snapshot was written");
        try (ExecutionStore again = new ExecutionStore(data, clock, SyncPolicy.BATCH, 4096)) {
            assertEquals(1, again.machines().size());
            assertEquals(200, again.executions(e -> true).size());
            for (int i = 0; i < 200; i++) {
                ExecutionRecord r = again.execution(arn("e" + i)).orElseThrow();
                List<String> types = r.history.events().stream().map(History.Event::type).toList();
                if (i % 2 == 0) {
                    assertEquals("SUCCEEDED", r.status());
                    assertEquals("{\"i\":" + i + "}", r.output());
                    assertEquals(List.of("ExecutionStarted", "WaitStateEntered", "ExecutionSucceeded"), types);
                } else {
                    // cut off by the stop: every event up to it, then ExecutionFailed with the restart cause
                    assertEquals("FAILED", r.status());
                    assertEquals(ExecutionStore.RESTART_CAUSE, r.cause());
                    assertEquals(List.of("ExecutionStarted", "WaitStateEntered", "ExecutionFailed"), types);
                    assertEquals(2, r.history.events().get(2).previousEventId());
                }
                assertEquals(DEFINITION, r.definition);
            }
        }
    }

    @Test
    void aLineCutShortByACrashEndsItsSegmentAndNothingBeforeItIsLost() throws Exception {
        try (ExecutionStore store = new ExecutionStore(data, clock, SyncPolicy.NONE, 1 << 20)) {
            ExecutionRecord r = record("kept");
            store.putExecutionIfAbsent(r);
            r.history.append("ExecutionStarted", 0, "executionStartedEventDetails", Json.object("input", "{}"));
            r.end("SUCCEEDED", clock.instant(), "{}", null, null);
            store.awaitDurable();
        }
        Path last;
        try (Stream<Path> files = Files.list(data.resolve("states/journal"))) {
            last = files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Files.writeString(last, "{\"t\":\"execution\",\"execution\":{\"arn\":\"half", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (ExecutionStore again = new ExecutionStore(data, clock, SyncPolicy.NONE, 1 << 20)) {
            assertEquals("SUCCEEDED", again.execution(arn("kept")).orElseThrow().status());
            assertEquals(1, again.executions(e -> true).size());
        }
    }

    @Test
    void aRunWhoseLastEventEndedItStaysAsItEnded() throws Exception {
        try (ExecutionStore store = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            ExecutionRecord r = record("ended");
            store.putExecutionIfAbsent(r);
            r.history.append("ExecutionStarted", 0, "executionStartedEventDetails", Json.object("input", "{}"));
            // the crash came after the final event and before the end line
            r.history.append("ExecutionSucceeded", 1, "executionSucceededEventDetails", Json.object("output", "{\"done\":true}"));
            store.awaitDurable();
        }
        try (ExecutionStore again = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            ExecutionRecord r = again.execution(arn("ended")).orElseThrow();
            assertEquals("SUCCEEDED", r.status());
            assertEquals("{\"done\":true}", r.output());
            assertEquals(2, r.history.events().size());
        }
        try (ExecutionStore third = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            assertEquals("SUCCEEDED", third.execution(arn("ended")).orElseThrow().status());
        }
    }

    @Test
    void aDeletedMachineStaysDeleted() throws Exception {
        String arn = "arn:aws:states:us-east-1:000000000000:stateMachine:Gone";
        try (ExecutionStore store = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            StateMachineRecord sm = new StateMachineRecord(arn, "Gone", "STANDARD", clock.instant());
            sm.definition = DEFINITION;
            store.putMachineIfAbsent(sm);
            store.compact();
            store.deleteMachine(arn);
            store.awaitDurable();
        }
        try (ExecutionStore again = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            assertFalse(again.machine(arn).isPresent());
        }
    }

    private long snapshots() throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("states/journal"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("snapshot-")).count();
        }
    }

    /** A Map Run's child's batch is its ExecutionStarted input and its first state's input: after a restart kept once. */
    @Test
    void aRestoredHistoryHoldsAnInputThatTwoEventsRecordOnce() throws Exception {
        String batch = "{\"Items\":[" + "{\"Key\":\"k\"},".repeat(2_000) + "{}]}";
        try (ExecutionStore store = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            ExecutionRecord r = record("child");
            store.putExecutionIfAbsent(r);
            r.history.append("ExecutionStarted", 0, "executionStartedEventDetails", Json.object("input", batch));
            r.history.append("PassStateEntered", 1, "stateEnteredEventDetails",
                    Json.object("name", "P", "input", new String(batch.toCharArray())));
            r.end("SUCCEEDED", clock.instant(), "{}", null, null);
            store.awaitDurable();
        }
        try (ExecutionStore again = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            List<History.Event> events = again.execution(arn("child")).orElseThrow().history.events();
            String started = events.get(0).details().get("input").textValue();
            assertEquals(batch, started);
            assertSame(started, events.get(1).details().get("input").textValue());
        }
    }

    private static String arn(String name) {
        return "arn:aws:states:us-east-1:000000000000:execution:M:" + name;
    }

    private ExecutionRecord record(String name) {
        return new ExecutionRecord(arn(name), name, "arn:aws:states:us-east-1:000000000000:stateMachine:M", "us-east-1", false,
                "arn:aws:iam::000000000000:role/R", DEFINITION, Payload.inMemory("{}"), clock.instant(), null, null, 1,
                new History(clock, true), "arn:aws:states:us-east-1:000000000000:stateMachine:M", data.resolve("states/payloads"));
    }
}
