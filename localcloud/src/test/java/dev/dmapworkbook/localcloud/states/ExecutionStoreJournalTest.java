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
                ExecutionRecord r = record(store, "e" + i);
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
            ExecutionRecord r = record(store, "kept");
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
            ExecutionRecord r = record(store, "ended");
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

    /** As above with an output over 8 KiB: the final event names its payload file, which the restart reads. */
    @Test
    void aRunWhoseLargeOutputIsOnlyInItsFinalEventKeepsThatOutput() throws Exception {
        String output = "[" + "{\"Sample\":\"k\"},".repeat(1_000) + "{}]";
        try (ExecutionStore store = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            ExecutionRecord r = record(store, "ended-large");
            store.putExecutionIfAbsent(r);
            r.history.append("ExecutionStarted", 0, "executionStartedEventDetails", Json.object("input", "{}"));
            // the crash came after the final event and before the end line
            r.history.append("ExecutionSucceeded", 1, "executionSucceededEventDetails", Json.object("output", output));
            store.awaitDurable();
        }
        try (ExecutionStore again = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            ExecutionRecord r = again.execution(arn("ended-large")).orElseThrow();
            assertEquals("SUCCEEDED", r.status());
            String restored = r.output();
            assertTrue(output.equals(restored), "the output read back is the final event's, not "
                    + (restored == null ? "null" : restored.length() + " characters"));
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

    /**
     * A Map Run's child's batch is its ExecutionStarted input and its first state's input, its output its last state's
     * and its end's: each kept once, in a payload file both events name, never in the journal or the kept history.
     */
    @Test
    void largeEventTextsAreKeptOnceInPayloadFilesAndReadBack() throws Exception {
        String batch = "{\"Items\":[" + "{\"Sample\":\"k\"},".repeat(2_000) + "{}]}";
        String output = "[" + "{\"Sample\":\"k\"},".repeat(2_000) + "{}]";
        try (ExecutionStore store = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            ExecutionRecord r = record(store, "child", Payload.of(batch, store.payloads())).sharing(batch);
            store.putExecutionIfAbsent(r);
            r.history.append("ExecutionStarted", 0, "executionStartedEventDetails", Json.object("input", batch));
            r.history.append("PassStateEntered", 1, "stateEnteredEventDetails",
                    Json.object("name", "P", "input", new String(batch.toCharArray())));
            r.history.append("PassStateExited", 2, "stateExitedEventDetails", Json.object("name", "P", "output", output));
            r.history.append("ExecutionSucceeded", 3, "executionSucceededEventDetails",
                    Json.object("output", new String(output.toCharArray())));
            r.end("SUCCEEDED", clock.instant(), new String(output.toCharArray()), null, null);
            store.awaitDurable();
            for (History.Event e : r.history.events()) {
                assertFalse(e.details().toString().contains("Sample"), "the kept history holds no item: " + e);
            }
        }
        try (Stream<Path> files = Files.list(data.resolve("states/payloads"))) {
            List<Path> packs = files.toList();
            assertEquals(1, packs.size(), "one pack: " + packs);
            assertEquals(batch + output, Files.readString(packs.get(0)), "the batch and the output, each written once");
        }
        try (Stream<Path> files = Files.list(data.resolve("states/journal"))) {
            for (Path f : files.toList()) {
                assertFalse(Files.readString(f).contains("Sample"), f + " holds no item");
            }
        }
        try (ExecutionStore again = new ExecutionStore(data, clock, SyncPolicy.BATCH, 1 << 20)) {
            ExecutionRecord r = again.execution(arn("child")).orElseThrow();
            List<History.Event> events = r.history.events();
            assertEquals(events.get(0).details().get("inputFile"), events.get(1).details().get("inputFile"));
            assertEquals(events.get(2).details().get("outputFile"), events.get(3).details().get("outputFile"));
            assertEquals(batch, EventTexts.expanded(events.get(1), again.payloads(), true)
                    .get("stateEnteredEventDetails").get("input").textValue());
            assertEquals(output, EventTexts.expanded(events.get(3), again.payloads(), true)
                    .get("executionSucceededEventDetails").get("output").textValue());
            assertEquals(output, r.output());
            assertEquals("{\"name\":\"P\"}", EventTexts.expanded(events.get(1), again.payloads(), false)
                    .get("stateEnteredEventDetails").toString());
        }
    }

    private static String arn(String name) {
        return "arn:aws:states:us-east-1:000000000000:execution:M:" + name;
    }

    private ExecutionRecord record(ExecutionStore store, String name) {
        return record(store, name, Payload.inMemory("{}"));
    }

    private ExecutionRecord record(ExecutionStore store, String name, Payload input) {
        return new ExecutionRecord(arn(name), name, "arn:aws:states:us-east-1:000000000000:stateMachine:M", "us-east-1", false,
                "arn:aws:iam::000000000000:role/R", DEFINITION, input, clock.instant(), null, null, 1,
                new History(clock, true), "arn:aws:states:us-east-1:000000000000:stateMachine:M", store.payloads());
    }
}
