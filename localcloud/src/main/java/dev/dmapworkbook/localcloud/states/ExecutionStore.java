package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.core.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.MapRunRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * State machines, executions (with their histories) and Map Run records, kept in memory and persisted under
 * {@code <dataDir>/states/} ({@code state-machines/}, {@code executions/}, {@code map-runs/}, one JSON file each,
 * written atomically; large execution inputs and outputs in {@code payloads/}, see {@link Payload}). Changed records are flushed by one background writer (so 10,000 children do not mean
 * 10,000 synchronous writes); {@link #close()} flushes the rest. On load, executions and Map Runs that were
 * RUNNING end FAILED with a cause saying the local cloud stopped.
 */
final class ExecutionStore implements MapRunRegistry, AutoCloseable {
    static final String RESTART_CAUSE = "The local cloud stopped while this execution was running; executions do not resume after a restart.";

    private final Path dir;
    private final Clock clock;
    private final Map<String, StateMachineRecord> machines = new ConcurrentHashMap<>();
    private final Map<String, ExecutionRecord> executions = new ConcurrentHashMap<>();
    private final Map<String, Entry> mapRuns = new ConcurrentHashMap<>();
    private final Set<Object> dirty = new LinkedHashSet<>();
    private final ScheduledExecutorService writer;

    ExecutionStore(Path dataDir, Clock clock) {
        this.dir = dataDir == null ? null : dataDir.resolve("states");
        this.clock = clock;
        if (dir != null) {
            load();
            writer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "states-store-writer");
                t.setDaemon(true);
                return t;
            });
            writer.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
        } else {
            writer = null;
        }
    }

    // ---- state machines --------------------------------------------------------------------------------------

    Optional<StateMachineRecord> machine(String arn) {
        return Optional.ofNullable(machines.get(arn));
    }

    StateMachineRecord putMachineIfAbsent(StateMachineRecord r) {
        return putIfAbsent(machines, r.arn, r);
    }

    void machineChanged(StateMachineRecord r) {
        changed(r);
    }

    void deleteMachine(String arn) {
        StateMachineRecord r = machines.remove(arn);
        if (r != null && dir != null) {
            synchronized (dirty) {
                dirty.remove(r);
            }
            delete(dir.resolve("state-machines").resolve(fileName(arn)));
        }
    }

    List<StateMachineRecord> machines() {
        List<StateMachineRecord> out = new ArrayList<>(machines.values());
        out.sort(Comparator.comparing(r -> r.name));
        return out;
    }

    // ---- executions ------------------------------------------------------------------------------------------

    /** Where executions' large inputs and outputs go (null without a data directory: they stay in memory). */
    Path payloads() {
        return dir == null ? null : dir.resolve("payloads");
    }

    Optional<ExecutionRecord> execution(String arn) {
        return Optional.ofNullable(executions.get(arn));
    }

    ExecutionRecord putExecutionIfAbsent(ExecutionRecord r) {
        return putIfAbsent(executions, r.arn, r);
    }

    void executionChanged(ExecutionRecord r) {
        changed(r);
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

    // ---- Map Runs (MapRunRegistry) ---------------------------------------------------------------------------

    @Override
    public void put(Entry entry) {
        mapRuns.put(entry.mapRunArn(), entry);
        changed(entry);
    }

    @Override
    public void save(Entry entry) {
        mapRuns.putIfAbsent(entry.mapRunArn(), entry);
        changed(entry);
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

    /** A Map Run restored from disk: read-only JSON. */
    record StoredMapRun(String mapRunArn, String executionArn, ObjectNode json) implements Entry {
        public ObjectNode toJson() {
            return json.deepCopy();
        }
    }

    // ---- persistence -----------------------------------------------------------------------------------------

    /** Adds the record unless its ARN is taken; returns the record already there, or null when this one was added. */
    private <R> R putIfAbsent(Map<String, R> records, String arn, R record) {
        R existing = records.putIfAbsent(arn, record);
        if (existing == null) {
            changed(record);
        }
        return existing;
    }

    private void changed(Object record) {
        if (dir == null) {
            return;
        }
        synchronized (dirty) {
            dirty.add(record);
        }
    }

    void flush() {
        List<Object> batch;
        synchronized (dirty) {
            batch = new ArrayList<>(dirty);
            dirty.clear();
        }
        for (Object o : batch) {
            try {
                if (o instanceof StateMachineRecord r) {
                    if (machines.get(r.arn) == r) {
                        write(dir.resolve("state-machines"), r.arn, r.toJson());
                    }
                } else if (o instanceof ExecutionRecord r) {
                    write(dir.resolve("executions"), r.arn, r.toJson());
                } else if (o instanceof Entry e) {
                    ObjectNode json = e.toJson();
                    json.put("_mapRunArn", e.mapRunArn());
                    json.put("_executionArn", e.executionArn());
                    write(dir.resolve("map-runs"), e.mapRunArn(), json);
                }
            } catch (RuntimeException e) {
                System.getLogger(ExecutionStore.class.getName()).log(System.Logger.Level.WARNING, "cannot persist " + o, e);
            }
        }
    }

    private void load() {
        Instant now = clock.instant();
        for (JsonNode n : readAll(dir.resolve("state-machines"))) {
            StateMachineRecord r = StateMachineRecord.fromJson(n);
            machines.put(r.arn, r);
        }
        for (JsonNode n : readAll(dir.resolve("executions"))) {
            ExecutionRecord r = ExecutionRecord.fromJson(n, clock, payloads());
            if (r.running()) {
                r.history.append("ExecutionFailed", r.history.lastId(), "executionFailedEventDetails",
                        Json.object("error", "States.Runtime", "cause", RESTART_CAUSE));
                r.end("FAILED", now, null, "States.Runtime", RESTART_CAUSE);
                changed(r);
            }
            r.completion.complete(null);
            executions.put(r.arn, r);
        }
        for (JsonNode n : readAll(dir.resolve("map-runs"))) {
            ObjectNode json = (ObjectNode) n;
            String arn = json.remove("_mapRunArn").asText();
            String exec = json.remove("_executionArn").asText();
            if ("RUNNING".equals(json.path("status").asText())) {
                json.put("status", "FAILED");
                json.put("stopDate", ExecutionRecord.epoch(now));
                json.put("error", "States.Runtime");
                json.put("cause", "The local cloud stopped while this Map Run was running; Map Runs do not resume after a restart.");
            }
            StoredMapRun run = new StoredMapRun(arn, exec, json);
            mapRuns.put(arn, run);
            changed(run);
        }
    }

    private static List<JsonNode> readAll(Path folder) {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                try {
                    out.add(Json.MAPPER.readTree(p.toFile()));
                } catch (IOException e) {
                    System.getLogger(ExecutionStore.class.getName()).log(System.Logger.Level.WARNING, "skipping unreadable " + p, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void write(Path folder, String arn, JsonNode json) {
        AtomicFiles.write(folder.resolve(fileName(arn)), Json.writeBytes(json));
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileName(String arn) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flush();
        }
    }
}
