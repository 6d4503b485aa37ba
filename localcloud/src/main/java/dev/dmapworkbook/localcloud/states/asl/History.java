package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One execution's event history (spec §3): ids from 1, each event pointing at the previous event of its flow.
 * Thread-safe. An EXPRESS execution's history counts ids but keeps nothing ({@code recording} false). After
 * {@link #close()} (the execution was stopped or timed out) appends are dropped. A {@link #cap} bounds the number
 * of events (STANDARD executions: 25,000, spec §10).
 */
public final class History {
    /** The events that end an execution: one of them may take the capped history's last id. */
    private static final java.util.Set<String> FINAL_TYPES =
            java.util.Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut");

    /** One event; {@code details} is the {@code <detailsKey>} member ({@code stateEnteredEventDetails}, …) or null. */
    public record Event(long id, long previousEventId, Instant timestamp, String type, String detailsKey, ObjectNode details) {
        /** The GetExecutionHistory shape: {@code timestamp} in epoch seconds with millis (spec §1, §3.1). */
        public ObjectNode toJson() {
            ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            n.put("timestamp", new java.math.BigDecimal(timestamp.toEpochMilli()).movePointLeft(3));
            n.put("type", type);
            n.put("id", id);
            n.put("previousEventId", previousEventId);
            if (detailsKey != null && details != null) {
                n.set(detailsKey, details);
            }
            return n;
        }
    }

    private final Clock clock;
    private final boolean recording;
    private final List<Event> events = new ArrayList<>();
    private long lastId;
    private boolean closed;
    private long cap;
    private ObjectNode capFailure;
    private Runnable onCapReached;
    private boolean capReached;
    private final List<Runnable> beforeAborted = new ArrayList<>();
    private java.util.function.UnaryOperator<Event> keeper = e -> e;

    public History(Clock clock, boolean recording) {
        this.clock = clock;
        this.recording = recording;
    }

    /** Restores a persisted history. */
    public History(Clock clock, List<Event> restored) {
        this(clock, true);
        events.addAll(restored);
        lastId = restored.isEmpty() ? 0 : restored.get(restored.size() - 1).id();
    }

    /**
     * Gives each recorded event to {@code keeper} as it is appended, under this history's lock, so before anyone can
     * read it; the history keeps the event the keeper returns (the execution store journals it there and puts its
     * large texts in files).
     */
    public synchronized void keeper(java.util.function.UnaryOperator<Event> keeper) {
        this.keeper = keeper;
    }

    /** False for EXPRESS executions: callers may skip building event details. */
    public boolean recording() {
        return recording;
    }

    /**
     * Caps the history at {@code maxEvents} events (AWS "Avoid reaching the history quota", bp-history-limit): the
     * event that would take id {@code maxEvents} is written as {@code ExecutionFailed} with {@code failure} as its
     * details, unless it ends the execution itself (ExecutionSucceeded…); then the history closes and
     * {@code onReached} runs, outside this history's lock.
     */
    public synchronized void cap(long maxEvents, ObjectNode failure, Runnable onReached) {
        this.cap = maxEvents;
        this.capFailure = failure;
        this.onCapReached = onReached;
    }

    /** Whether the cap replaced an event with {@code ExecutionFailed}: the execution has failed. */
    public synchronized boolean capReached() {
        return capReached;
    }

    /** An appended event's id and timestamp (read under the history's lock, so timestamps follow ids). */
    public record Appended(long id, Instant timestamp) {
    }

    /** Appends an event and returns its id (or the id it would have had, when closed or not recording). */
    public long append(String type, long previousEventId, String detailsKey, ObjectNode details) {
        return appendStamped(type, previousEventId, detailsKey, details).id();
    }

    /** {@link #append(String, long, String, ObjectNode)}, also giving the event's timestamp. */
    private Appended appendStamped(String type, long previousEventId, String detailsKey, ObjectNode details) {
        Runnable reached = null;
        long id;
        Instant timestamp;
        synchronized (this) {
            timestamp = clock.instant();
            if (closed) {
                return new Appended(lastId, timestamp);
            }
            if (cap > 0 && lastId + 1 >= cap && !FINAL_TYPES.contains(type)) {
                type = "ExecutionFailed";
                previousEventId = lastId;
                detailsKey = "executionFailedEventDetails";
                details = capFailure;
                closed = true;
                capReached = true;
                reached = onCapReached;
            }
            id = ++lastId;
            if (FINAL_TYPES.contains(type)) {
                // The hook holds the running execution (its input, its context object); the history outlives it
                // (kept with the execution's record): a Map Run's finished children would keep all their items.
                onCapReached = null;
            }
            if (recording) {
                events.add(keeper.apply(new Event(id, previousEventId, timestamp, type, detailsKey, details)));
            }
        }
        if (reached != null) {
            reached.run();
        }
        return new Appended(id, timestamp);
    }

    /** Appends the final event and refuses any later one (StopExecution, execution timeout). */
    public synchronized long appendFinal(String type, String detailsKey, ObjectNode details) {
        long id = append(type, lastId, detailsKey, details);
        closed = true;
        beforeAborted.clear();
        return id;
    }

    /**
     * Registers {@code events} to be written when StopExecution ends the execution, right before its
     * {@code ExecutionAborted}: a running Distributed Map's {@code MapRunAborted} (spec §9.2). They run under this
     * history's lock, so they may append but must not wait for a lock whose holder may wait for this history.
     *
     * @return the action that cancels them (the Map Run ended on its own)
     */
    public synchronized Runnable beforeAborted(Runnable events) {
        beforeAborted.add(events);
        return () -> {
            synchronized (History.this) {
                beforeAborted.remove(events);
            }
        };
    }

    /**
     * StopExecution's end (spec §2.12): the events registered with {@link #beforeAborted}, then
     * {@code ExecutionAborted} with {@code details}; later appends are dropped.
     */
    public synchronized long appendAborted(ObjectNode details) {
        if (!closed) {
            List<Runnable> events = new ArrayList<>(beforeAborted);
            beforeAborted.clear();
            events.forEach(Runnable::run);
        }
        return appendFinal("ExecutionAborted", "executionAbortedEventDetails", details);
    }

    public synchronized boolean closed() {
        return closed;
    }

    public synchronized void close() {
        closed = true;
    }

    public synchronized long lastId() {
        return lastId;
    }

    public synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    public synchronized int size() {
        return events.size();
    }

    /** A position in one flow of events (the execution, a branch, an iteration): what the next event points at. */
    public final class Cursor {
        private long last;

        public Cursor(long last) {
            this.last = last;
        }

        public History history() {
            return History.this;
        }

        public synchronized long last() {
            return last;
        }

        public synchronized void moveTo(long id) {
            last = id;
        }

        /** Appends an event pointing at this flow's last event and makes it the new last event. */
        public synchronized long emit(String type, String detailsKey, ObjectNode details) {
            return emitStamped(type, detailsKey, details).id();
        }

        /** {@link #emit}, also giving the event's timestamp (a state's entered event: {@code $$.State.EnteredTime}). */
        public synchronized Appended emitStamped(String type, String detailsKey, ObjectNode details) {
            Appended appended = appendStamped(type, last, detailsKey, details);
            last = appended.id();
            return appended;
        }

        /** Appends an event pointing at this flow's last event without moving the flow (AWS's *StateSucceeded quirk). */
        public synchronized long emitAside(String type, String detailsKey, ObjectNode details) {
            return append(type, last, detailsKey, details);
        }
    }

    public Cursor cursor(long last) {
        return new Cursor(last);
    }
}
