package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.MapRunRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Map Run records of the {@link ExecutionStore} (spec §9.10): live runs and runs restored from the journal, each
 * journaled as a {@code mapRun} line when it changes. A run's progress saves are deferred: its line is written by the
 * next {@link #flushAll()} (every 50 ms), before its parent's end, or when an answer shows it, whichever is first.
 */
final class MapRunRecords implements MapRunRegistry {
    private static final System.Logger LOG = System.getLogger(MapRunRecords.class.getName());

    /** Null without a data directory: the records then live in memory only. */
    private final Journal journal;
    /** Runs a record change under the store's fence (see {@link ExecutionStore}). */
    private final Consumer<Runnable> fenced;
    private final Map<String, Entry> mapRuns = new ConcurrentHashMap<>();
    /** The last Map Run record journaled, per ARN, so an unchanged one is not journaled again. */
    private final Map<String, ObjectNode> journaledRuns = new ConcurrentHashMap<>();
    private final Map<String, Object> runLocks = new ConcurrentHashMap<>();
    /** Map Runs saved since their last line: Map Run ARN → its execution's ARN. */
    private final Map<String, String> deferredRuns = new ConcurrentHashMap<>();

    MapRunRecords(Journal journal, Consumer<Runnable> fenced) {
        this.journal = journal;
        this.fenced = fenced;
    }

    @Override
    public void put(Entry entry) {
        fenced.accept(() -> {
            mapRuns.put(entry.mapRunArn(), entry);
            journalRun(entry);
        });
    }

    /** A Map Run saves on every child start and end: its line waits for the next flush (see the class comment). */
    @Override
    public void save(Entry entry) {
        fenced.accept(() -> {
            mapRuns.putIfAbsent(entry.mapRunArn(), entry);
            if (journal != null) {
                deferredRuns.put(entry.mapRunArn(), entry.executionArn());
            }
        });
    }

    /** Journals the waiting saves of one execution's Map Runs: their last figures go before its end line. */
    void flush(String executionArn) {
        if (!deferredRuns.isEmpty()) {
            flushDeferred(executionArn);
        }
    }

    /** Journals every waiting save (the store's 50 ms task, and its close). */
    void flushAll() {
        try {
            flushDeferred(null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot journal a Map Run", e);
        }
    }

    /** Journals the Map Runs whose saves are waiting (of one execution, or all when {@code executionArn} is null). */
    private void flushDeferred(String executionArn) {
        for (Map.Entry<String, String> run : deferredRuns.entrySet()) {
            if ((executionArn == null || executionArn.equals(run.getValue())) && deferredRuns.remove(run.getKey(), run.getValue())) {
                Entry e = mapRuns.get(run.getKey());
                if (e != null) {
                    journalRun(e);
                }
            }
        }
    }

    /**
     * Journals the runs an answer showed as they are now (at least as far along as what it showed): a Map Run
     * changes its figures before it tells the store.
     */
    void rejournal(List<String> mapRunArns) {
        for (String arn : mapRunArns) {
            Entry e = mapRuns.get(arn);
            if (e != null) {
                journalRun(e);
            }
        }
    }

    /** The record is read and appended under one lock per run, so the lines of a run follow its changes in order. */
    private void journalRun(Entry entry) {
        if (journal == null) {
            return;
        }
        synchronized (runLocks.computeIfAbsent(entry.mapRunArn(), k -> new Object())) {
            ObjectNode json = entry.toJson();
            if (json.equals(journaledRuns.get(entry.mapRunArn()))) {
                return;
            }
            journaledRuns.put(entry.mapRunArn(), json);
            journal.append("mapRun " + entry.mapRunArn(), () -> line(entry, json));
        }
    }

    private static ObjectNode line(Entry entry, ObjectNode json) {
        ObjectNode line = Json.object("t", "mapRun", "mapRunArn", entry.mapRunArn(), "executionArn", entry.executionArn());
        line.set("run", json);
        return line;
    }

    @Override
    public Optional<Entry> find(String mapRunArn) {
        return Optional.ofNullable(mapRuns.get(mapRunArn));
    }

    @Override
    public List<Entry> forExecution(String executionArn) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : mapRuns.values()) {
            if (e.executionArn().equals(executionArn)) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing((Entry e) -> e.toJson().path("startDate").asDouble()).thenComparing(Entry::mapRunArn));
        return out;
    }

    /** The runs of a replayed journal; one that was running ends FAILED with {@code cause}. */
    void restore(Iterable<ObjectNode> lines, Instant now, String cause) {
        for (ObjectNode line : lines) {
            ObjectNode json = (ObjectNode) line.get("run");
            if ("RUNNING".equals(json.path("status").asText())) {
                json.put("status", "FAILED");
                json.put("stopDate", ExecutionRecord.epoch(now));
                json.put("error", "States.Runtime");
                json.put("cause", cause);
            }
            StoredMapRun run = new StoredMapRun(line.get("mapRunArn").asText(), line.get("executionArn").asText(), json);
            mapRuns.put(run.mapRunArn(), run);
            journalRun(run);
        }
    }

    /** Every run's line, for a snapshot. */
    void snapshot(Consumer<JsonNode> out) {
        for (Entry e : mapRuns.values()) {
            out.accept(line(e, e.toJson()));
        }
    }

    /** A Map Run restored from disk: read-only JSON. */
    record StoredMapRun(String mapRunArn, String executionArn, ObjectNode json) implements Entry {
        public ObjectNode toJson() {
            return json.deepCopy();
        }
    }
}
