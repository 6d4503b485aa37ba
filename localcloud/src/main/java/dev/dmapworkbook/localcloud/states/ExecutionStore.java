package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.History;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * State machines, executions (with their histories) and Map Run records, kept in memory; with a data directory every
 * change is also a line in the {@link Journal} under {@code <dataDir>/states/journal/}, appended before the change can
 * be seen, and {@link #awaitDurable()} is what an answer waits for (README "Step Functions journal"). Large execution
 * inputs and outputs live in {@code payloads/} ({@link PayloadFiles}), written before the line that names them. At start
 * the journal is replayed ({@link StoreImage}); an execution that was running keeps its events and ends FAILED with
 * {@link #RESTART_CAUSE}, a Map Run that was running ends FAILED. The journal is compacted in the background into a
 * snapshot once its open segment passes {@link #COMPACT_BYTES}. Map Runs are {@link MapRunRecords}, executions'
 * definitions are journaled by key ({@link DefinitionKeys}).
 */
final class ExecutionStore implements AutoCloseable {
    static final String RESTART_CAUSE = "The local cloud stopped while this execution was running; executions do not resume after a restart.";
    static final String MAP_RUN_RESTART_CAUSE = "The local cloud stopped while this Map Run was running; Map Runs do not resume after a restart.";
    /** A segment this large is folded into a snapshot. */
    static final long COMPACT_BYTES = 64L << 20;

    private static final System.Logger LOG = System.getLogger(ExecutionStore.class.getName());

    private final Path dir;
    private final Clock clock;
    private final Map<String, StateMachineRecord> machines = new ConcurrentHashMap<>();
    private final Map<String, ExecutionRecord> executions = new ConcurrentHashMap<>();
    /**
     * Held shared while a record is added to or removed from a map together with its line, exclusively while the
     * compaction marks where its snapshot starts: every line before the mark is then in the maps it reads.
     */
    private final ReentrantReadWriteLock fence = new ReentrantReadWriteLock();
    private final JournalFiles files;
    private final Journal journal;
    private final ScheduledExecutorService compactor;
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final MapRunRecords mapRuns;
    private final DefinitionKeys definitions;
    /** Where executions' large texts go (null without a data directory: they stay in memory). */
    private final PayloadFiles payloads;

    ExecutionStore(Path dataDir, Clock clock) {
        this(dataDir, clock, SyncPolicy.BATCH, COMPACT_BYTES);
    }

    ExecutionStore(Path dataDir, Clock clock, SyncPolicy sync, long compactBytes) {
        this.dir = dataDir == null ? null : dataDir.resolve("states");
        this.clock = clock;
        this.payloads = dir == null ? null : new PayloadFiles(dir.resolve("payloads"));
        if (dir == null) {
            files = null;
            journal = null;
            compactor = null;
            mapRuns = new MapRunRecords(null, this::fenced);
            definitions = new DefinitionKeys(null);
            return;
        }
        files = new JournalFiles(dir.resolve("journal"));
        StoreImage image = new StoreImage();
        boolean legacy = image.loadLegacy(dir);
        int segments = files.replay(image::apply);
        compactor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "states-journal-compactor");
            t.setDaemon(true);
            return t;
        });
        journal = new Journal(files, sync, compactBytes, this::compactSoon);
        mapRuns = new MapRunRecords(journal, this::fenced);
        definitions = new DefinitionKeys(journal);
        compactor.scheduleWithFixedDelay(mapRuns::flushAll, 50, 50, TimeUnit.MILLISECONDS);
        restore(image);
        if (legacy || segments > 1) {
            compactSoon();
        }
    }

    // ---- state machines --------------------------------------------------------------------------------------

    Optional<StateMachineRecord> machine(String arn) {
        return Optional.ofNullable(machines.get(arn));
    }

    /** Adds the machine unless its ARN is taken; returns the machine already there, or null when this one was added. */
    StateMachineRecord putMachineIfAbsent(StateMachineRecord r) {
        return putIfAbsent(machines, r.arn, r, () -> machineLine(r));
    }

    /** Journals the machine as it is now; call under the machine's lock, right after changing it. */
    void machineChanged(StateMachineRecord r) {
        if (journal != null && machines.get(r.arn) == r) {
            ObjectNode line = machineLine(r);
            journal.append(() -> line);
        }
    }

    void deleteMachine(String arn) {
        fenced(() -> machines.computeIfPresent(arn, (k, r) -> {
            if (journal != null) {
                journal.append(() -> Json.object("t", "machineDeleted", "arn", arn));
            }
            return null;
        }));
    }

    private static ObjectNode machineLine(StateMachineRecord r) {
        ObjectNode line = Json.object("t", "machine");
        line.set("machine", r.toJson());
        return line;
    }

    List<StateMachineRecord> machines() {
        List<StateMachineRecord> out = new ArrayList<>(machines.values());
        out.sort(Comparator.comparing(r -> r.name));
        return out;
    }

    // ---- executions ------------------------------------------------------------------------------------------

    /** Where executions' large inputs and outputs go (null without a data directory: they stay in memory). */
    PayloadFiles payloads() {
        return payloads;
    }

    Optional<ExecutionRecord> execution(String arn) {
        return Optional.ofNullable(executions.get(arn));
    }

    /** Adds the execution (journaled, with its events and end from now on) unless its ARN is taken; returns the one there. */
    ExecutionRecord putExecutionIfAbsent(ExecutionRecord r) {
        return putIfAbsent(executions, r.arn, r, () -> {
            follow(r);
            ObjectNode line = Json.object("t", "execution");
            line.set("execution", definitions.withDefinitionKey(r.toJson(false)));
            syncPayload(line.get("execution"), "inputFile");
            return line;
        });
    }

    /** Journals the record's events and its end as they happen. */
    private void follow(ExecutionRecord r) {
        if (journal == null) {
            return;
        }
        r.history.keeper(e -> {
            History.Event kept = EventTexts.compact(e, text -> r.spill(text, journal::syncWithNext));
            journal.append(() -> eventLine(r.arn, kept));
            return kept;
        });
        r.onEnd(end -> {
            mapRuns.flush(r.arn); // its Map Runs' last figures before its end
            end.put("t", "end");
            syncPayload(end, "outputFile");
            journal.append(() -> end);
        });
    }

    /** The journal line of a kept event; its details are serialized as they are (a kept event is not changed). */
    private static ObjectNode eventLine(String arn, History.Event kept) {
        ObjectNode line = Json.object("t", "event", "arn", arn);
        line.set("event", kept.toJson());
        return line;
    }

    /** A payload file the line names is fsynced with the line (README: "a 200 means it is on disk"). */
    private void syncPayload(JsonNode line, String field) {
        if (line.hasNonNull(field)) {
            journal.syncWithNext(payloads.fileOf(line.get(field).asText()));
        }
    }

    /** Newest first (spec §2.10). */
    List<ExecutionRecord> executions(java.util.function.Predicate<ExecutionRecord> filter) {
        List<ExecutionRecord> out = new ArrayList<>();
        for (ExecutionRecord r : executions.values()) {
            if (filter.test(r)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing((ExecutionRecord r) -> r.startDate).reversed().thenComparing(r -> r.arn));
        return out;
    }


    // ---- Map Runs ------------------------------------------------------------------------------------------

    MapRunRecords mapRuns() {
        return mapRuns;
    }

    // ---- the journal -----------------------------------------------------------------------------------------

    /**
     * Waits until every change appended so far (so all an answer built now can show) is as durable as the sync
     * policy promises.
     */
    void awaitDurable() {
        if (journal != null) {
            journal.awaitDurable(journal.lastAppended());
        }
    }

    /** Adds the record and appends its line in one step, unless the ARN is taken. */
    private <R> R putIfAbsent(Map<String, R> records, String arn, R record, java.util.function.Supplier<ObjectNode> line) {
        Object[] existing = new Object[1];
        fenced(() -> records.compute(arn, (k, old) -> {
            if (old != null) {
                existing[0] = old;
                return old;
            }
            if (journal != null) {
                ObjectNode l = line.get();
                journal.append(() -> l);
            }
            return record;
        }));
        @SuppressWarnings("unchecked")
        R found = (R) existing[0];
        return found;
    }

    private void fenced(Runnable change) {
        fence.readLock().lock();
        try {
            change.run();
        } finally {
            fence.readLock().unlock();
        }
    }

    /**
     * The records from the replayed journal; runs that were cut off end as {@link ExecutionStore} says. Holds the
     * fence, so no compaction can start before every record is back.
     */
    private void restore(StoreImage image) {
        fence.writeLock().lock();
        try {
            Instant now = clock.instant();
            definitions.restore(image.definitions);
            for (ObjectNode n : image.machines.values()) {
                StateMachineRecord r = StateMachineRecord.fromJson(n);
                machines.put(r.arn, r);
            }
            for (ObjectNode n : image.executions.values()) {
                restore(n, image, now);
            }
            mapRuns.restore(image.mapRuns.values(), now, MAP_RUN_RESTART_CAUSE);
        } finally {
            fence.writeLock().unlock();
        }
    }

    private void restore(ObjectNode n, StoreImage image, Instant now) {
        boolean wasRunning = "RUNNING".equals(n.path("status").asText());
        ExecutionRecord r = ExecutionRecord.fromJson(image.resolved(n), clock, payloads());
        executions.put(r.arn, r);
        follow(r);
        if (r.running()) {
            synchronized (r) {
                r.history.append("ExecutionFailed", r.history.lastId(), "executionFailedEventDetails",
                        Json.object("error", "States.Runtime", "cause", RESTART_CAUSE));
                r.end("FAILED", now, null, "States.Runtime", RESTART_CAUSE);
            }
        } else if (wasRunning) {
            // its last event had ended it before the crash: the end line the crash cut off
            ObjectNode end = r.endJson();
            end.put("t", "end");
            journal.append(() -> end);
        }
        r.completion.complete(null);
    }

    private void compactSoon() {
        if (compacting.compareAndSet(false, true)) {
            try {
                compactor.execute(this::compact);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                compacting.set(false);
            }
        }
    }

    /** Snapshot + truncate: marks a new segment, writes everything the store holds, drops what the snapshot covers. */
    void compact() {
        try {
            java.util.concurrent.CompletableFuture<Long> rotated;
            fence.writeLock().lock();
            try {
                rotated = journal.rotate();
            } finally {
                fence.writeLock().unlock();
            }
            files.writeSnapshot(rotated.join(), this::snapshot);
            StoreImage.deleteLegacy(dir);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot compact the Step Functions journal", e);
        } finally {
            compacting.set(false);
        }
    }

    private void snapshot(java.util.function.Consumer<JsonNode> out) {
        machines.values().forEach(r -> out.accept(machineLine(r)));
        DefinitionKeys.Snapshot keys = definitions.snapshot();
        for (ExecutionRecord r : executions.values()) {
            ObjectNode json = r.toJson(true);
            keys.keyed(json, r.definition);
            ObjectNode line = Json.object("t", "execution");
            line.set("execution", json);
            out.accept(line);
        }
        // read back after every execution, so the order does not matter (StoreImage resolves keys at the end)
        keys.lines(out);
        mapRuns.snapshot(out);
        payloads.force(); // the texts the snapshot names, before it is put in place
    }

    /** The journal's folder (tests and the benchmark read its size). */
    JournalFiles files() {
        return files;
    }

    @Override
    public void close() {
        if (journal != null) {
            compactor.shutdown();
            mapRuns.flushAll();
            try {
                compactor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            journal.close();
            payloads.close();
        }
    }
}
