package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.states.asl.ChildExecutions;
import dev.dmapworkbook.localcloud.states.asl.ErrorName;
import dev.dmapworkbook.localcloud.states.dmap.MapRunCounters.Outcome;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The children of one Map Run in flight (spec 9.2 step 9): started in index order from the spooled child inputs, at
 * most {@code MaxConcurrency} at once (10,000 when unlimited) and, beyond the first, at most
 * {@link #IN_FLIGHT_INPUT_BYTES} of input; each child's end is handed back to the run as a {@link ChildResult}. Its
 * state is guarded by the run's monitor, the one lock of a Map Run, so the run's checks and the window's counts are
 * always seen together.
 */
final class ChildWindow {
    static final int UNLIMITED_CONCURRENCY = 10_000;
    /**
     * Child inputs one Map Run keeps in memory at once (as parsed trees they take several times this): beyond it,
     * children wait as pending even below MaxConcurrency, so 1,000 children of 256 KiB cannot exhaust the heap,
     * while 10,000 small children still all run at once.
     */
    static final long IN_FLIGHT_INPUT_BYTES = 8L << 20;

    private final MapRun run;
    private final MapRunHost host;
    private final Map<Integer, ChildExecutions.Child> live = new HashMap<>();
    private ChildInputSpool inputs;
    private int nextToStart;
    private int running;
    private long inFlightBytes;
    private boolean pumping;
    private boolean pumpAgain;

    ChildWindow(MapRun run, MapRunHost host) {
        this.run = run;
        this.host = host;
    }

    /** The spool the children's inputs are read from (set once the run has one). */
    void use(ChildInputSpool spool) {
        synchronized (run) {
            inputs = spool;
        }
    }

    /** Under the run's monitor: whether no child is running. */
    boolean idle() {
        return running == 0;
    }

    /** Under the run's monitor: whether every spooled child was started. */
    boolean allStarted() {
        return inputs == null || nextToStart >= inputs.count();
    }

    /** Under the run's monitor: the children running now (to abort them). */
    List<ChildExecutions.Child> liveChildren() {
        return new ArrayList<>(live.values());
    }

    /** Starts as many spooled children as the limits allow; one caller at a time does the work, others ask again. */
    void pump() {
        synchronized (run) {
            if (pumping) {
                pumpAgain = true;
                return;
            }
            pumping = true;
        }
        while (true) {
            List<Integer> toStart = new ArrayList<>();
            synchronized (run) {
                long limit = run.maxConcurrencyNow() == 0 ? UNLIMITED_CONCURRENCY
                        : Math.min(run.maxConcurrencyNow(), UNLIMITED_CONCURRENCY);
                int available = inputs == null ? 0 : inputs.count();
                while (run.mayStart() && running < limit && nextToStart < available
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
        run.started(itemCount);
        ChildExecutions.Child started;
        try {
            started = host.startChild(run.mapRunArn(), run.label(), StringItemsBatch.parse(json), input, json, itemCount);
        } catch (RuntimeException e) {
            MapRunHost.Failure failure = host.describe(e);
            Instant now = host.now();
            ended(child, itemCount, new ChildResult(null, null, run.childStateMachineArn(), Outcome.FAILED, now, now,
                    input, null, failure.error(), failure.cause()));
            return;
        }
        boolean abortNow;
        synchronized (run) {
            live.put(child, started);
            abortNow = run.stopping();
        }
        if (abortNow) {
            started.abort(null, null);
        }
        started.completion().whenComplete((ended, error) -> {
            ChildResult result;
            if (error != null) {
                Instant now = host.now();
                result = new ChildResult(started.executionArn(), null, run.childStateMachineArn(), Outcome.FAILED, now,
                        now, input, null, ErrorName.RUNTIME.text(), String.valueOf(error));
            } else {
                result = ChildResult.of(ended).withInput(input);
            }
            ended(child, itemCount, result);
        });
    }

    private void ended(int child, int itemCount, ChildResult result) {
        run.keep(child, itemCount, result);
        synchronized (run) {
            running--;
            inFlightBytes -= inputs.length(child);
            live.remove(child);
        }
        run.childEnded();
    }
}
