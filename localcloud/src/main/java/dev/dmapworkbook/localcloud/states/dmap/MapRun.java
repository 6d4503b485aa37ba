package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.states.asl.ChildExecutions;
import dev.dmapworkbook.localcloud.states.asl.ErrorName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemBatcherSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemReaderSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ResultWriterSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.Setting;
import dev.dmapworkbook.localcloud.states.dmap.MapRunCounters.Outcome;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One Map Run (spec 9.2 steps 2–12, 9.6, 9.10): reads items, forms child inputs, starts children through a
 * bounded window of {@code MaxConcurrency} (children beyond it exist only as spooled bytes), keeps live
 * counters, stops at a failure-threshold breach or when the parent is stopped, and ends with the
 * ResultWriter's files or the results array. No thread of its own: the reader runs as one task on the host's
 * executor and everything else runs on the threads that finish children.
 */
public final class MapRun {
    static final int UNLIMITED_CONCURRENCY = 10_000;
    static final String THRESHOLD_CAUSE = "The specified tolerated failure threshold was exceeded";
    /**
     * Child inputs one Map Run keeps in memory at once (as parsed trees they take several times this): beyond it,
     * children wait as pending even below MaxConcurrency, so 1,000 children of 256 KiB cannot exhaust the heap,
     * while 10,000 small children still all run at once.
     */
    static final long IN_FLIGHT_INPUT_BYTES = 8L << 20;

    public enum Status { RUNNING, SUCCEEDED, FAILED, ABORTED }

    private final DistributedMap spec;
    private final MapRunHost host;
    private final String mapRunId;
    private final String mapRunArn;
    private final String label;
    private final String childStateMachineArn;
    private final Instant startDate;
    private final MapRunCounters counters = new MapRunCounters();
    private final CompletableFuture<JsonNode> done = new CompletableFuture<>();
    private final Map<Integer, ChildExecutions.Child> live = new HashMap<>();

    private Status status = Status.RUNNING;
    private Instant stopDate;
    private long maxConcurrency;
    private FailureTolerance tolerance;
    private ChildInputSpool inputs;
    private ResultSpool results;
    private ResultWriterFiles writer;
    private String writerBucket;
    private String writerPrefix;
    private byte[][] outputs = new byte[16][];
    private long outputBytes = 2;
    private boolean outputTooBig;
    private boolean readerDone;
    private volatile boolean stopReading;
    private int nextToStart;
    private int running;
    private long inFlightBytes;
    private String failError;
    private String failCause;
    private boolean aborted;
    private boolean paused;
    private boolean finishing;
    private boolean pumping;
    private boolean pumpAgain;
    private volatile Runnable cancelAbortEvent = () -> {
    };

    private MapRun(DistributedMap spec, MapRunHost host, String label) {
        this.spec = spec;
        this.host = host;
        this.label = label;
        this.mapRunId = host.uuid();
        this.mapRunArn = "arn:aws:states:" + host.region() + ":" + host.account() + ":mapRun:"
                + host.stateMachineName() + "/" + label + ":" + mapRunId;
        this.childStateMachineArn = childStateMachineArn(host.region(), host.account(), host.stateMachineName(), label);
        this.startDate = host.now();
    }

    static String childStateMachineArn(String region, String account, String stateMachineName, String label) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + stateMachineName + "/" + label;
    }

    /**
     * Runs the Map Run for one visit of the Map state. Problems found before the run exists (bad
     * {@code …Path} values) are thrown as States.Runtime; everything later completes the future.
     *
     * @param label the Map's Label, or the generated one
     */
    static CompletableFuture<JsonNode> run(DistributedMap spec, MapRunHost host, String label,
                                          java.util.function.Consumer<MapRun> register) {
        long concurrency = nonNegativeInteger(spec.maxConcurrency(), host, "Expected non-negative integer for "
                + "MaxConcurrency, got '%s' instead.");
        JsonNode items = null;
        if (spec.itemReader().isEmpty()) {
            items = host.itemsFromInput();
            if (!items.isArray()) {
                throw host.runtimeFailure("Map state input must be an array but was: " + Json.write(items));
            }
        }
        // spec 9.2 steps 2–4 [AWS-rec]: MaxConcurrencyPath and ItemsPath fail before MapStateStarted, the tolerances
        // and MaxItemsPath after it; any States.Runtime here ends the execution right after the last event (3.4)
        ObjectNode started = JsonNodeFactory.instance.objectNode();
        started.put("length", items == null ? 0 : items.size());
        host.event("MapStateStarted", "mapStateStartedEventDetails", started, false);
        Long count = spec.toleratedFailureCount().present()
                ? nonNegativeInteger(spec.toleratedFailureCount(), host, "ToleratedFailureCount cannot be negative.")
                : null;
        Double percentage = spec.toleratedFailurePercentage().present() ? percentage(spec.toleratedFailurePercentage(), host)
                : null;
        long maxItems = spec.itemReader().map(r -> integer(r.maxItems(), host)).orElse(0L);
        long maxPerBatch = spec.itemBatcher().map(b -> positive(b.maxItemsPerBatch(), host)).orElse(0L);
        long maxBytes = spec.itemBatcher().map(b -> positive(b.maxInputBytesPerBatch(), host)).orElse(0L);
        if (maxBytes > ChildInputs.PAYLOAD_LIMIT) {
            throw host.runtimeFailure("MaxInputBytesPerBatch must be at most " + ChildInputs.PAYLOAD_LIMIT + ".");
        }
        Evaluated evaluated = Evaluated.of(spec, host);

        MapRun run = new MapRun(spec, host, label);
        run.maxConcurrency = concurrency;
        run.tolerance = FailureTolerance.of(count, percentage);
        register.accept(run);
        ObjectNode runStarted = JsonNodeFactory.instance.objectNode();
        runStarted.put("mapRunArn", run.mapRunArn);
        host.event("MapRunStarted", "mapRunStartedEventDetails", runStarted, false);
        // spec 9.2: StopExecution of the parent writes MapRunAborted before ExecutionAborted closes its history.
        // [GUESS] no MapStateAborted: AWS wrote no WaitStateAborted for a stopped Wait state (spec 2.12 [AWS-rec]).
        run.cancelAbortEvent = host.beforeParentAborted("MapRunAborted", run::endsByParentAbort);
        host.onStop(run::abortByParent);
        run.begin(items, maxItems, maxPerBatch, maxBytes, evaluated);
        return run.done;
    }

    /** The payload templates evaluated once per Map Run, against the Map's effective input (spec 9.3, 9.5, 9.7). */
    private record Evaluated(JsonNode readerParameters, JsonNode batchInput, JsonNode writerParameters) {
        static Evaluated of(DistributedMap spec, MapRunHost host) {
            JsonNode reader = spec.itemReader()
                    .map(r -> host.evaluate(r.parameters(), spec.pointer() + "/ItemReader/Parameters")).orElse(null);
            JsonNode batchInput = spec.itemBatcher().flatMap(ItemBatcherSpec::batchInput)
                    .map(t -> host.evaluate(t, spec.pointer() + "/ItemBatcher/BatchInput")).orElse(null);
            JsonNode writer = spec.resultWriter().filter(ResultWriterSpec::exports)
                    .map(w -> host.evaluate(w.parameters().get(), spec.pointer() + "/ResultWriter/Parameters")).orElse(null);
            return new Evaluated(reader, batchInput, writer);
        }
    }

    private void begin(JsonNode items, long maxItems, long maxPerBatch, long maxBytes, Evaluated evaluated) {
        ItemSource source;
        try {
            inputs = new ChildInputSpool(host.spoolDirectory());
            if (spec.resultWriter().isPresent()) {
                prepareWriter(spec.resultWriter().get(), evaluated.writerParameters());
            }
            if (maxItems < 0) {
                throw new ItemReaderException("field MaxItems must be positive");
            }
            if (spec.itemReader().isPresent()) {
                ItemReaderSpec reader = spec.itemReader().get();
                source = new S3ItemReader(host.s3()).open(reader, evaluated.readerParameters(), maxItems);
            } else {
                Iterator<JsonNode> elements = items.elements();
                source = ItemSource.of(elements);
            }
        } catch (ItemReaderException e) {
            failEarly(ErrorName.ITEM_READER_FAILED.text(), e.getMessage());
            return;
        } catch (ResultWriterException e) {
            failEarly(ErrorName.RESULT_WRITER_FAILED.text(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            failEarly(e);
            return;
        }
        ChildInputs childInputs;
        try {
            ChildInputs.Selector selector = spec.itemSelector().isPresent() ? host::selectItem : null;
            if (spec.itemBatcher().isPresent()) {
                childInputs = ChildInputs.batched(source, selector, maxPerBatch, maxBytes, evaluated.batchInput());
            } else {
                childInputs = ChildInputs.single(source, selector);
            }
        } catch (RuntimeException e) {
            source.close();
            failEarly(e);
            return;
        }
        host.executor().execute(() -> read(source, childInputs));
    }

    private void prepareWriter(ResultWriterSpec writerSpec, JsonNode parameters) {
        writer = new ResultWriterFiles(host.s3(), writerSpec.outputType(), writerSpec.transformation());
        if (writerSpec.exports()) {
            JsonNode bucket = parameters.get("Bucket");
            JsonNode prefix = parameters.get("Prefix");
            if (bucket == null || !bucket.isTextual()) {
                throw new ResultWriterException("The ResultWriter parameter 'Bucket' must be a string, but was "
                        + (bucket == null ? "missing" : Json.write(bucket)) + ".");
            }
            if (prefix != null && !prefix.isNull() && !prefix.isTextual()) {
                throw new ResultWriterException("The ResultWriter parameter 'Prefix' must be a string, but was "
                        + Json.write(prefix) + ".");
            }
            writerBucket = bucket.asText();
            writerPrefix = prefix == null || prefix.isNull() ? "" : prefix.asText();
            if (!host.s3().bucketExists(writerBucket)) {
                throw new ResultWriterException("The specified bucket does not exist (Service: S3, Status Code: 404, "
                        + "Error Code: NoSuchBucket)");
            }
            results = new ResultSpool(host.spoolDirectory());
        }
    }

    /** The reader task: every child input into the spool, starting children as slots free up. */
    private void read(ItemSource source, ChildInputs childInputs) {
        try (source) {
            while (!stopReading && childInputs.hasNext()) {
                if (countingOnly()) {
                    // spec 9.6, 2.14: after a breach every item of the source still counts (total, pending); with
                    // no export nothing needs the never-started children's inputs (no PENDING file, spec 9.7), so
                    // the rest is counted, not formed and spooled
                    counters.formed(childInputs.skip());
                    continue;
                }
                ChildInputs.ChildInput input = childInputs.next();
                inputs.append(input);
                counters.formed(input.itemCount());
                if (paused()) {
                    judge(); // the failure share falls as the total grows (spec 9.6): go on once it is tolerated
                }
                pump();
            }
        } catch (ItemReaderException e) {
            fail(ErrorName.ITEM_READER_FAILED.text(), e.getMessage());
        } catch (RuntimeException e) {
            String[] described = describe(e);
            fail(described[0], described[1]);
        } finally {
            synchronized (this) {
                readerDone = true;
            }
            saveProgress();
            judge();
            pump();
            maybeFinish();
        }
    }

    private void pump() {
        synchronized (this) {
            if (pumping) {
                pumpAgain = true;
                return;
            }
            pumping = true;
        }
        while (true) {
            List<Integer> toStart = new ArrayList<>();
            synchronized (this) {
                long limit = maxConcurrency == 0 ? UNLIMITED_CONCURRENCY : Math.min(maxConcurrency, UNLIMITED_CONCURRENCY);
                int available = inputs.count();
                while (!stopping() && !paused && running < limit && nextToStart < available
                        && (running == 0 || inFlightBytes + inputs.length(nextToStart) <= IN_FLIGHT_INPUT_BYTES)) {
                    inFlightBytes += inputs.length(nextToStart);
                    toStart.add(nextToStart++);
                    running++;
                }
                if (toStart.isEmpty()) {
                    if (!pumpAgain) {
                        pumping = false;
                        return;
                    }
                    pumpAgain = false;
                }
            }
            for (int child : toStart) {
                // each child starts on the engine's pool, so children run side by side, never on a thread of their own
                host.executor().execute(() -> launch(child));
            }
        }
    }

    private void launch(int child) {
        int itemCount = inputs.itemCount(child);
        byte[] json = inputs.read(child);
        String input = new String(json, StandardCharsets.UTF_8); // the spooled text: never serialized a second time
        counters.started(itemCount);
        saveProgress();
        ChildExecutions.Child started;
        try {
            started = host.startChild(mapRunArn, label, Json.parse(json), input, itemCount);
        } catch (RuntimeException e) {
            String[] described = describe(e);
            Instant now = host.now();
            ended(child, itemCount, new ChildResult(null, null, childStateMachineArn, Outcome.FAILED, now, now,
                    input, null, described[0], described[1]));
            return;
        }
        boolean abortNow;
        synchronized (this) {
            live.put(child, started);
            abortNow = stopping();
        }
        if (abortNow) {
            started.abort(null, null);
        }
        started.completion().whenComplete((ended, error) -> {
            ChildResult result;
            if (error != null) {
                Instant now = host.now();
                result = new ChildResult(started.executionArn(), null, childStateMachineArn, Outcome.FAILED, now, now,
                        input, null, ErrorName.RUNTIME.text(), String.valueOf(error));
            } else {
                result = ChildResult.of(ended).withInput(input);
            }
            ended(child, itemCount, result);
        });
    }

    private void ended(int child, int itemCount, ChildResult result) {
        counters.ended(itemCount, result.status());
        // spec 9.7: an export writes a record for every child that ran (SUCCEEDED_n or FAILED_n); without one,
        // AWS was observed to count the succeeded children (spec 2.14)
        if (result.status() == Outcome.SUCCEEDED || results != null) {
            counters.resultsWritten(itemCount);
        }
        keep(child, result);
        synchronized (this) {
            running--;
            inFlightBytes -= inputs.length(child);
            live.remove(child);
        }
        saveProgress();
        judge();
        pump();
        maybeFinish();
    }

    /**
     * Marks the record changed after every start and end of a child, so a restart finds the figures of the moment
     * it stopped (spec 9.10). Cheap: the registry only notes the entry; its writer serialises it a few times a
     * second, however many changes there were in between.
     */
    private void saveProgress() {
        synchronized (this) {
            if (finishing) {
                return;
            }
        }
        host.save(this);
    }

    /** Keeps what the child contributes: in the result spool when exporting, else in memory up to 256 KiB. */
    private void keep(int child, ChildResult result) {
        ResultWriterFiles format = writer != null ? writer
                : new ResultWriterFiles(null, DistributedMap.OutputType.JSON, DistributedMap.Transformation.COMPACT);
        byte[] entry = format.entry(result);
        if (results != null) {
            results.put(child, result.status(), entry);
            return;
        }
        synchronized (this) {
            if (outputTooBig) {
                return;
            }
            outputBytes += entry.length + 1;
            if (outputBytes > ChildInputs.PAYLOAD_LIMIT) {
                outputTooBig = true;
                outputs = null;
                return;
            }
            if (child >= outputs.length) {
                outputs = java.util.Arrays.copyOf(outputs, Math.max(child + 1, outputs.length * 2));
            }
            outputs[child] = entry;
        }
    }

    /** Applies the failure threshold (spec 9.6); a breach stops new children and aborts the running ones. */
    private void judge() {
        List<ChildExecutions.Child> toAbort = List.of();
        synchronized (this) {
            if (stopping() || finishing) {
                return;
            }
            FailureTolerance.Verdict verdict = tolerance.judge(counters.failedItems(), counters.totalItems(), readerDone);
            paused = verdict == FailureTolerance.Verdict.UNDECIDED;
            if (verdict == FailureTolerance.Verdict.EXCEEDED) {
                failError = ErrorName.EXCEED_TOLERATED_FAILURE_THRESHOLD.text();
                failCause = THRESHOLD_CAUSE;
                toAbort = new ArrayList<>(live.values());
            }
        }
        toAbort.forEach(child -> child.abort(null, null));
    }

    private void fail(String error, String cause) {
        List<ChildExecutions.Child> toAbort;
        synchronized (this) {
            if (stopping()) {
                return;
            }
            failError = error;
            failCause = cause;
            stopReading = true;
            toAbort = new ArrayList<>(live.values());
        }
        toAbort.forEach(child -> child.abort(null, null));
    }

    private void failEarly(String error, String cause) {
        synchronized (this) {
            failError = error;
            failCause = cause;
            readerDone = true;
        }
        maybeFinish();
    }

    private void failEarly(RuntimeException e) {
        String[] described = describe(e);
        failEarly(described[0], described[1]);
    }

    private String[] describe(RuntimeException e) {
        MapRunHost.Failure failure = host.describe(e);
        return new String[]{failure.error(), failure.cause()};
    }

    private void abortByParent() {
        List<ChildExecutions.Child> toAbort;
        synchronized (this) {
            if (finishing || aborted) {
                return;
            }
            aborted = true;
            stopReading = true;
            toAbort = new ArrayList<>(live.values());
        }
        toAbort.forEach(child -> child.abort(null, null));
        maybeFinish();
    }

    /** Whether a stop of the parent now would end this run ABORTED ({@link #abortByParent}): not once it is finishing. */
    private synchronized boolean endsByParentAbort() {
        return !finishing;
    }

    /** Failing without an export: the children still to be read are only counted ({@link #read}). */
    private synchronized boolean countingOnly() {
        return failError != null && results == null;
    }

    /** How many child inputs went into the spool (tests: what was formed rather than only counted). */
    int spooledChildren() {
        return inputs == null ? 0 : inputs.count();
    }

    private synchronized boolean paused() {
        return paused;
    }

    private boolean stopping() {
        return failError != null || aborted;
    }

    private void maybeFinish() {
        synchronized (this) {
            if (finishing || running > 0 || !readerDone) {
                return;
            }
            if (!stopping() && (paused || nextToStart < inputs.count())) {
                return;
            }
            finishing = true;
        }
        host.executor().execute(this::finish);
    }

    private void finish() {
        try {
            finishRun();
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        } finally {
            if (inputs != null) {
                inputs.close();
            }
            if (results != null) {
                results.close();
            }
        }
    }

    private void finishRun() {
        cancelAbortEvent.run();
        int children = inputs == null ? 0 : inputs.count();
        JsonNode output = null;
        String error = failError;
        String cause = failCause;
        if (results != null && (error == null || children > 0)) {
            try {
                ResultWriterFiles.Written written = writer.write(writerBucket, writerPrefix, mapRunId, mapRunArn,
                        children, results, inputs);
                ObjectNode details = JsonNodeFactory.instance.objectNode();
                details.put("MapRunArn", mapRunArn);
                details.putObject("ResultWriterDetails").put("Bucket", written.bucket()).put("Key", written.manifestKey());
                output = details;
            } catch (ResultWriterException e) {
                if (error == null && !aborted) {
                    error = ErrorName.RESULT_WRITER_FAILED.text();
                    cause = e.getMessage();
                }
            }
        } else if (error == null && !aborted && !outputTooBig) {
            output = ResultWriterFiles.stateOutput(outputs, children, DistributedMap.OutputType.JSON);
        }
        synchronized (this) {
            stopDate = host.now();
            status = aborted ? Status.ABORTED : error != null ? Status.FAILED : Status.SUCCEEDED;
        }
        host.save(this);
        if (aborted) {
            host.event("MapRunAborted", null, null, false);
            done.completeExceptionally(new CancellationException("the parent execution was stopped"));
        } else if (error != null) {
            ObjectNode details = JsonNodeFactory.instance.objectNode();
            details.put("error", error);
            if (cause != null) {
                details.put("cause", cause);
            }
            host.event("MapRunFailed", "mapRunFailedEventDetails", details, false);
            done.completeExceptionally(host.failure(error, cause));
        } else {
            host.event("MapRunSucceeded", null, null, true);
            if (outputTooBig) {
                done.completeExceptionally(host.failure(ErrorName.DATA_LIMIT_EXCEEDED.text(), "The state/task '"
                        + spec.stateName() + "' returned a result with a size exceeding the maximum number of bytes "
                        + "service limit."));
            } else {
                done.complete(output);
            }
        }
    }

    /**
     * UpdateMapRun (spec 2.15): new limits apply to the children started from now on and to the next checks. A run
     * that is failing or being aborted starts no more children, so it is as completed as one that has ended.
     */
    public void update(Long newMaxConcurrency, Double newPercentage, Long newCount) {
        synchronized (this) {
            if (status != Status.RUNNING || finishing || stopping()) {
                throw new IllegalStateException("CANNOT_UPDATE_COMPLETED_MAP_RUN");
            }
            if (newMaxConcurrency != null) {
                maxConcurrency = newMaxConcurrency;
            }
            if (newPercentage != null) {
                tolerance = tolerance.withPercentage(newPercentage);
            }
            if (newCount != null) {
                tolerance = tolerance.withCount(newCount);
            }
        }
        host.save(this);
        judge();
        pump();
        maybeFinish();
    }

    public String mapRunArn() {
        return mapRunArn;
    }

    public String executionArn() {
        return host.parentExecutionArn();
    }

    public String childStateMachineArn() {
        return childStateMachineArn;
    }

    public synchronized Status status() {
        return status;
    }

    MapRunCounters counters() {
        return counters;
    }

    /** DescribeMapRun's shape (spec 2.14), plus {@code stateMachineArn} for ListMapRuns. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        synchronized (this) {
            json.put("mapRunArn", mapRunArn);
            json.put("executionArn", host.parentExecutionArn());
            json.put("stateMachineArn", childStateMachineArn);
            json.put("status", status.name());
            json.put("startDate", epochSeconds(startDate));
            if (stopDate != null) {
                json.put("stopDate", epochSeconds(stopDate));
            }
            json.put("maxConcurrency", maxConcurrency);
            json.put("toleratedFailurePercentage", tolerance.reportedPercentage());
            json.put("toleratedFailureCount", tolerance.reportedCount());
        }
        json.set("itemCounts", counters.items().toJson());
        json.set("executionCounts", counters.executions().toJson());
        json.put("redriveCount", 0);
        return json;
    }

    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    // --- *Path values (spec 7.7, 9.2 step 4): AWS's exact messages ---

    private static long nonNegativeInteger(Setting setting, MapRunHost host, String negative) {
        long value = integer(setting, host);
        if (value < 0) {
            throw host.runtimeFailure(negative.contains("%s") ? String.format(negative, value) : negative);
        }
        return value;
    }

    private static long positive(Setting setting, MapRunHost host) {
        long value = integer(setting, host);
        if (setting.present() && value <= 0) {
            throw host.runtimeFailure(setting.field() + " must be greater than 0, got '" + value + "' instead.");
        }
        return value;
    }

    /** 0 when absent. */
    private static long integer(Setting setting, MapRunHost host) {
        if (setting.value().isPresent()) {
            return setting.value().get().asLong();
        }
        if (setting.path().isEmpty()) {
            return 0;
        }
        String path = setting.path().get();
        JsonNode value = host.readPath(path);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw host.runtimeFailure("The " + setting.field() + "Path field refers to value \"" + render(value)
                + "\" which is not a valid integer: " + path);
    }

    private static double percentage(Setting setting, MapRunHost host) {
        double value;
        if (setting.value().isPresent()) {
            value = setting.value().get().asDouble();
        } else {
            String path = setting.path().get();
            JsonNode node = host.readPath(path);
            Double parsed = null;
            if (node.isNumber()) {
                parsed = node.asDouble();
            } else if (node.isTextual()) {
                try {
                    parsed = Double.parseDouble(node.asText().trim());
                } catch (NumberFormatException e) {
                    // fall through to the error
                }
            }
            if (parsed == null) {
                throw host.runtimeFailure("The " + setting.field() + "Path field refers to value \"" + render(node)
                        + "\" which is not a valid float: " + path);
            }
            value = parsed;
        }
        if (value < 0 || value > 100) {
            throw host.runtimeFailure("ToleratedFailurePercentage must be between 0 and 100.");
        }
        return value;
    }

    private static String render(JsonNode value) {
        return value.isTextual() ? value.asText() : Json.write(value);
    }
}
