package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMaps;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Runs executions of parsed state machines. Holds no per-execution state itself: each {@link #start} creates an
 * {@link ExecutionRun}. States run as a chain of futures on a bounded executor; waits and retry delays are timers
 * on a scheduler and blocking Task calls run on a bounded task pool, so nothing holds a thread per execution,
 * per branch or per Map item.
 */
public final class Interpreter {
    /** The services and registries the states call. */
    public record Collaborators(Integrations integrations, ChildExecutions children, MapRunRegistry mapRuns,
                                DistributedMaps distributed) {
        public static Collaborators of(Integrations integrations) {
            return new Collaborators(integrations, null, null, null);
        }
    }

    /**
     * How executions run.
     *
     * @param executor     the bounded pool that runs states
     * @param taskExecutor the bounded pool for blocking Task calls (Lambda invocations)
     * @param waitScale    multiplier for Wait states and retry intervals (1 = real time); task and execution
     *                     timeouts bound real work and are not scaled
     * @param payloadLimitBytes the largest state input/output and task result (spec §10: 262,144 bytes, AWS's quota);
     *                     only the benchmark against a peer that has no such limit lifts it
     */
    public record Settings(Executor executor, Executor taskExecutor, ScheduledExecutorService scheduler, Clock clock,
                           Supplier<String> uuids, double waitScale, long payloadLimitBytes) {
        /** With AWS's payload quota. */
        public Settings(Executor executor, Executor taskExecutor, ScheduledExecutorService scheduler, Clock clock,
                        Supplier<String> uuids, double waitScale) {
            this(executor, taskExecutor, scheduler, clock, uuids, waitScale, Quotas.PAYLOAD_LIMIT_BYTES);
        }
    }

    /** How an execution ended. {@code status}: SUCCEEDED, FAILED, TIMED_OUT or ABORTED. */
    public record Outcome(String status, JsonNode output, String error, String cause) {
    }

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Collaborators collaborators;
    private final Settings settings;

    public Interpreter(Collaborators collaborators, Settings settings) {
        this.collaborators = collaborators;
        this.settings = settings;
    }

    Collaborators collaborators() {
        return collaborators;
    }

    Settings settings() {
        return settings;
    }

    /**
     * Starts an execution: writes {@code ExecutionStarted}, runs the machine and writes the final event
     * ({@code ExecutionSucceeded/Failed/TimedOut}); a stop (StopExecution) ends it ABORTED and the caller writes
     * {@code ExecutionAborted}.
     */
    public CompletableFuture<Outcome> start(StateMachine machine, ExecutionInfo info, History history, StopSignal stop) {
        return new ExecutionRun(this, info, history, stop).start(machine);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode details(Object... kv) {
        ObjectNode n = NODES.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v == null) {
                continue;
            }
            String k = (String) kv[i];
            if (v instanceof JsonNode j) {
                n.set(k, j);
            } else if (v instanceof String s) {
                n.put(k, s);
            } else if (v instanceof Integer x) {
                n.put(k, x);
            } else if (v instanceof Long x) {
                n.put(k, x);
            } else if (v instanceof Boolean b) {
                n.put(k, b);
            } else {
                n.put(k, v.toString());
            }
        }
        return n;
    }
}
