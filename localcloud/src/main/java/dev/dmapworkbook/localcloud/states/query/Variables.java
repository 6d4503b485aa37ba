package dev.dmapworkbook.localcloud.states.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.StatesFailure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One scope of workflow variables (AWS "Passing data between states with variables"). The top-level states of an
 * execution share one scope; each Parallel branch and each inline Map iteration runs in a {@link #child} scope that
 * reads every outer scope but assigns only its own names (the parser refuses assigning an outer name); a
 * Distributed Map's child executions start from a {@link #root} of their own and see none of the parent's.
 * Values assigned by a state become visible once the state ends: a state evaluates all its expressions against
 * what was visible when it started, then {@link #assign}s.
 */
public final class Variables {
    /** A single variable's value, and all values one Assign writes, at most 256 KiB (AWS "Variable size limits"). */
    public static final long MAX_VALUE_BYTES = 262_144;
    public static final long MAX_ASSIGN_BYTES = 262_144;
    /** All variables of an execution at most 10 MiB (AWS "Variable size limits"). */
    public static final long MAX_TOTAL_BYTES = 10L * 1024 * 1024;

    private final Variables parent;
    private final Map<String, Stored> values = new ConcurrentHashMap<>();
    /** The bytes stored in every live scope of the execution. */
    private final AtomicLong total;

    private record Stored(JsonNode value, long bytes) {
    }

    private Variables(Variables parent, AtomicLong total) {
        this.parent = parent;
        this.total = total;
    }

    /** The top-level scope of an execution (or of a Distributed Map child, which sees nothing of its parent). */
    public static Variables root() {
        return new Variables(null, new AtomicLong());
    }

    /** The scope of one Parallel branch or inline Map iteration: reads this scope, assigns its own names. */
    public Variables child() {
        return new Variables(this, total);
    }

    /** The value of {@code name} in this scope or the nearest outer one that has it; null if none has. */
    public JsonNode lookup(String name) {
        for (Variables s = this; s != null; s = s.parent) {
            Stored v = s.values.get(name);
            if (v != null) {
                return v.value();
            }
        }
        return null;
    }

    /**
     * Assigns the values one state's {@code Assign} evaluated to, all at once, in this scope. The sizes are AWS's
     * quotas, checked before anything is written: a failure leaves the scope as it was.
     */
    public void assign(Map<String, JsonNode> assigned) {
        long assignBytes = 0;
        Map<String, Stored> sized = new LinkedHashMap<>();
        for (var e : assigned.entrySet()) {
            long bytes = Json.writeBytes(e.getValue()).length;
            if (bytes > MAX_VALUE_BYTES) {
                throw tooLarge("The value assigned to the variable '" + e.getKey() + "' is " + bytes
                        + " bytes, more than the maximum of " + MAX_VALUE_BYTES + " bytes for one variable");
            }
            assignBytes += bytes;
            sized.put(e.getKey(), new Stored(e.getValue(), bytes));
        }
        if (assignBytes > MAX_ASSIGN_BYTES) {
            throw tooLarge("The values of one Assign are " + assignBytes + " bytes, more than the maximum of "
                    + MAX_ASSIGN_BYTES + " bytes");
        }
        synchronized (values) {
            long delta = 0;
            for (var e : sized.entrySet()) {
                Stored old = values.get(e.getKey());
                delta += e.getValue().bytes() - (old == null ? 0 : old.bytes());
            }
            if (total.get() + delta > MAX_TOTAL_BYTES) {
                throw tooLarge("The variables of this execution would take " + (total.get() + delta)
                        + " bytes, more than the maximum of " + MAX_TOTAL_BYTES + " bytes");
            }
            values.putAll(sized);
            total.addAndGet(delta);
        }
    }

    /**
     * The scope ends (its branch or iteration finished): its values stop counting towards the execution's total.
     */
    public void close() {
        synchronized (values) {
            long bytes = values.values().stream().mapToLong(Stored::bytes).sum();
            values.clear();
            total.addAndGet(-bytes);
        }
    }

    /** The bytes all variables of the execution take now. */
    public long totalBytes() {
        return total.get();
    }

    /**
     * [GUESS] AWS's variables page gives the limits but no error name or message: States.Runtime (the failure of
     * the state that assigns), with a cause naming the limit.
     */
    private static StatesFailure tooLarge(String cause) {
        return StatesFailure.runtime(cause);
    }
}
