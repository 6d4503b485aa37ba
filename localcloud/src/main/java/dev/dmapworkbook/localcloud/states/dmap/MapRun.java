package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.states.asl.ChildExecutions;
import dev.dmapworkbook.localcloud.states.asl.ErrorName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.dmap.MapRunCounters.Outcome;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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
    private final ChildWindow window;

    private Status status = Status.RUNNING;
    private Instant stopDate;
    private long maxConcurrency;
    private FailureTolerance tolerance;
    private ChildInputSpool inputs;
    private MapRunResults results;
    private boolean readerDone;
    private volatile boolean stopReading;
    private String failError;
    private String failCause;
    private boolean aborted;
    private boolean paused;
    private boolean finishing;
    private volatile Runnable cancelAbortEvent = () -> {
    };

    private MapRun(DistributedMap spec, MapRunHost host, String label, MapRunSettings settings) {
        this.spec = spec;
        this.host = host;
        this.label = label;
        this.mapRunId = host.uuid();
        this.mapRunArn = "arn:aws:states:" + host.region() + ":" + host.account() + ":mapRun:"
                + host.stateMachineName() + "/" + label + ":" + mapRunId;
        this.childStateMachineArn = "arn:aws:states:" + host.region() + ":" + host.account() + ":stateMachine:"
                + host.stateMachineName() + "/" + label;
        this.startDate = host.now();
        this.window = new ChildWindow(this, host);
        this.maxConcurrency = settings.maxConcurrency();
        this.tolerance = FailureTolerance.of(settings.toleratedCount(), settings.toleratedPercentage());
    }

    /**
     * Runs the Map Run for one visit of the Map state. Problems found before the run exists (bad
     * {@code …Path} values) are thrown as States.Runtime; everything later completes the future.
     *
     * @param label the Map's Label, or the generated one
     */
    static CompletableFuture<JsonNode> run(DistributedMap spec, MapRunHost host, String label,
                                          java.util.function.Consumer<MapRun> register) {
        MapRunSettings settings = MapRunSettings.evaluate(spec, host);
        MapRun run = new MapRun(spec, host, label, settings);
        register.accept(run);
        host.event("MapRunStarted", "mapRunStartedEventDetails", Json.object("mapRunArn", run.mapRunArn), false);
        // spec 9.2: StopExecution of the parent writes MapRunAborted before ExecutionAborted closes its history.
        // [GUESS] no MapStateAborted: AWS wrote no WaitStateAborted for a stopped Wait state (spec 2.12 [AWS-rec]).
        run.cancelAbortEvent = host.beforeParentAborted("MapRunAborted", run::endsByParentAbort);
        host.onStop(run::abortByParent);
        run.begin(settings);
        return run.done;
    }

    /** The spools, the ResultWriter's checks, then the reader task; a failure here ends the run before any child. */
    private void begin(MapRunSettings settings) {
        try {
            inputs = new ChildInputSpool(host.spoolDirectory());
            window.use(inputs);
            results = MapRunResults.prepare(spec, host, settings.writerParameters());
            host.executor().execute(MapRunFeed.open(this, spec, host, settings)::read);
        } catch (ItemReaderException e) {
            failEarly(ErrorName.ITEM_READER_FAILED.text(), e.getMessage());
        } catch (ResultWriterException e) {
            failEarly(ErrorName.RESULT_WRITER_FAILED.text(), e.getMessage());
        } catch (RuntimeException e) {
            MapRunHost.Failure failure = host.describe(e);
            failEarly(failure.error(), failure.cause());
        }
    }

    boolean stopsReading() {
        return stopReading;
    }

    /** A child input was formed: into the spool, and started when a slot is free. */
    void formed(ChildInputs.ChildInput input) {
        inputs.append(input);
        counters.formed(input.itemCount());
        if (paused()) {
            judge(); // the failure share falls as the total grows (spec 9.6): go on once it is tolerated
        }
        window.pump();
    }

    void readerDone() {
        synchronized (this) {
            readerDone = true;
        }
        saveProgress();
        judge();
        window.pump();
        maybeFinish();
    }

    /** A child is starting (ChildWindow): counted and saved. */
    void started(int itemCount) {
        counters.started(itemCount);
        saveProgress();
    }

    /** What a child that ended contributes (ChildWindow), before it leaves the window. */
    void keep(int child, int itemCount, ChildResult result) {
        counters.ended(itemCount, result.status());
        // without an export AWS was observed to count the succeeded children (spec 2.14); with one, the results count
        // once their file is written (MapRunCounters.resultFileWritten)
        if (result.status() == Outcome.SUCCEEDED && !results.exporting()) {
            counters.resultsWritten(itemCount);
        }
        results.keep(child, result);
    }

    /** A child left the window: the threshold, the next children, maybe the end. */
    void childEnded() {
        saveProgress();
        judge();
        window.pump();
        maybeFinish();
    }

    /** Under the monitor: whether more children may start now (not stopping, not paused at the threshold). */
    boolean mayStart() {
        return !stopping() && !paused;
    }

    synchronized long maxConcurrencyNow() {
        return maxConcurrency;
    }

    String label() {
        return label;
    }

    /**
     * Marks the record changed after every start and end of a child, so a restart finds the figures of that moment
     * (spec 9.10). Cheap: the registry only notes the entry; its writer serialises it a few times a second.
     */
    private void saveProgress() {
        synchronized (this) {
            if (finishing) {
                return;
            }
        }
        host.save(this);
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
                failCause = FailureTolerance.THRESHOLD_CAUSE;
                toAbort = window.liveChildren();
            }
        }
        toAbort.forEach(child -> child.abort(null, null));
    }

    void fail(String error, String cause) {
        List<ChildExecutions.Child> toAbort;
        synchronized (this) {
            if (stopping()) {
                return;
            }
            failError = error;
            failCause = cause;
            stopReading = true;
            toAbort = window.liveChildren();
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

    void fail(RuntimeException e) {
        MapRunHost.Failure failure = host.describe(e);
        fail(failure.error(), failure.cause());
    }

    private void abortByParent() {
        List<ChildExecutions.Child> toAbort;
        synchronized (this) {
            if (finishing || aborted) {
                return;
            }
            aborted = true;
            stopReading = true;
            toAbort = window.liveChildren();
        }
        toAbort.forEach(child -> child.abort(null, null));
        maybeFinish();
    }

    /** Whether a stop of the parent now would end this run ABORTED ({@link #abortByParent}): not once it is finishing. */
    private synchronized boolean endsByParentAbort() {
        return !finishing;
    }

    /** Failing without an export: the children still to be read are only counted ({@link #read}). */
    synchronized boolean countingOnly() {
        return failError != null && (results == null || !results.exporting());
    }

    /** How many child inputs went into the spool (tests: what was formed rather than only counted). */
    int spooledChildren() {
        return inputs == null ? 0 : inputs.count();
    }

    private synchronized boolean paused() {
        return paused;
    }

    /** Under the monitor: failing or aborted. */
    boolean stopping() {
        return failError != null || aborted;
    }

    private void maybeFinish() {
        synchronized (this) {
            if (finishing || !window.idle() || !readerDone) {
                return;
            }
            if (!stopping() && (paused || !window.allStarted())) {
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
        MapRunResults.Outcome end = results == null ? new MapRunResults.Outcome(null, failError, failCause)
                : results.finish(failError, failCause, aborted, mapRunId, mapRunArn, inputs, counters::resultFileWritten);
        synchronized (this) {
            stopDate = host.now();
            status = aborted ? Status.ABORTED : end.error() != null ? Status.FAILED : Status.SUCCEEDED;
        }
        host.save(this);
        end(end.output(), end.error(), end.cause());
    }

    /** The Map Run's last event, and the Map's result or failure (spec 9.2 steps 10–12). */
    private void end(JsonNode output, String error, String cause) {
        if (aborted) {
            host.event("MapRunAborted", null, null, false);
            done.completeExceptionally(new CancellationException("the parent execution was stopped"));
        } else if (error != null) {
            ObjectNode details = Json.object("error", error);
            if (cause != null) {
                details.put("cause", cause);
            }
            host.event("MapRunFailed", "mapRunFailedEventDetails", details, false);
            done.completeExceptionally(host.failure(error, cause));
        } else {
            host.event("MapRunSucceeded", null, null, true);
            if (results.tooBig()) {
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
        window.pump();
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
        ObjectNode json = Json.object();
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
}
