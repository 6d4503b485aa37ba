package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.AslParser;
import dev.dmapworkbook.localcloud.states.asl.ChildExecutions;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMaps;
import dev.dmapworkbook.localcloud.states.asl.ExecutionInfo;
import dev.dmapworkbook.localcloud.states.asl.History;
import dev.dmapworkbook.localcloud.states.asl.Integrations;
import dev.dmapworkbook.localcloud.states.asl.Interpreter;
import dev.dmapworkbook.localcloud.states.asl.Quotas;
import dev.dmapworkbook.localcloud.states.asl.StateMachine;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts and stops executions: creates their records in the store, runs them on the interpreter's bounded pools
 * and records how they end. Also starts Distributed Map children as real executions ({@link ChildExecutions}).
 */
final class StatesEngine implements ChildExecutions, AutoCloseable {
    private final ExecutionStore store;
    private final Integrations integrations;
    private final Clock clock;
    private final double waitScale;
    private final ThreadPoolExecutor executor;
    private final ThreadPoolExecutor taskExecutor;
    private final ScheduledThreadPoolExecutor scheduler;
    private volatile DistributedMaps distributed;
    private volatile Interpreter interpreter;

    StatesEngine(ExecutionStore store, Integrations integrations, Clock clock, double waitScale) {
        this.store = store;
        this.integrations = integrations;
        this.clock = clock;
        this.waitScale = waitScale;
        int cores = Runtime.getRuntime().availableProcessors();
        this.executor = new ThreadPoolExecutor(Math.max(4, cores * 2), Math.max(4, cores * 2), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("states-engine"));
        this.taskExecutor = new ThreadPoolExecutor(64, 64, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("states-task"));
        this.taskExecutor.allowCoreThreadTimeOut(true);
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("states-timer"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.interpreter = newInterpreter();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private Interpreter newInterpreter() {
        return new Interpreter(new Interpreter.Collaborators(integrations, this, store.mapRuns(), distributed),
                new Interpreter.Settings(executor, taskExecutor, scheduler, clock, () -> UUID.randomUUID().toString(), waitScale));
    }

    void useDistributedMap(DistributedMaps support) {
        this.distributed = support;
        support.attach(store.mapRuns());
        this.interpreter = newInterpreter();
    }

    AslParser parser() {
        return new AslParser(distributed != null);
    }

    ExecutionStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    /** Runs a recorded execution; the record ends when the interpreter's outcome arrives. */
    void run(ExecutionRecord record, StateMachine machine, String stateMachineName, JsonNode input, String inputText) {
        if (record.express) {
            var cap = scheduler.schedule(() -> {
                String cause = "The express execution ran longer than the maximum of 5 minutes";
                if (record.end("TIMED_OUT", clock.instant(), null, "States.Timeout", cause)) {
                    record.stop.stop();
                    record.completion.complete(null);
                }
            }, Quotas.EXPRESS_MAX_MILLIS, TimeUnit.MILLISECONDS);
            record.completion.whenComplete((r, e) -> cap.cancel(false));
        }
        ExecutionInfo info = new ExecutionInfo(record.arn, record.name, record.stateMachineArn, stateMachineName,
                record.roleArn, record.region, Arns.ACCOUNT, record.startDate, input, inputText,
                record.express, record.mapRunArn);
        interpreter.start(machine, info, record.history, record.stop).whenComplete((outcome, ex) -> {
            String output = null;
            String status;
            String error = null;
            String cause = null;
            if (ex != null) {
                status = "FAILED";
                error = "States.Runtime";
                cause = "Internal error in the local interpreter: " + ex;
            } else {
                status = outcome.status();
                output = outcome.output() == null ? null : Json.write(outcome.output());
                error = outcome.error();
                cause = outcome.cause();
            }
            record.end(status, clock.instant(), output, error, cause);
            record.completion.complete(null);
        });
    }

    /** StopExecution: ABORTED with {@code ExecutionAborted} (spec §2.12); false when it had already ended. */
    boolean stop(ExecutionRecord record, String error, String cause) {
        synchronized (record) {
            if (!record.running()) {
                return false;
            }
            // a running Distributed Map writes MapRunAborted first (spec §9.2), then the history closes
            record.history.appendAborted(Json.object("error", error, "cause", cause));
            record.end("ABORTED", clock.instant(), null, error, cause);
        }
        record.stop.stop();
        record.completion.complete(null);
        return true;
    }

    // ---- ChildExecutions ----------------------------------------------------------------------------------

    @Override
    public Child start(ExecutionInfo parent, Request request) {
        String name = UUID.randomUUID().toString();
        String smPath = parent.stateMachineName() + "/" + request.label();
        String arn = request.express()
                ? Arns.express(parent.region(), smPath, name, UUID.randomUUID().toString())
                : Arns.execution(parent.region(), smPath, name);
        String childSm = Arns.stateMachine(parent.region(), smPath);
        String inputText = request.inputText();
        ExecutionRecord record = new ExecutionRecord(arn, name, childSm, parent.region(), request.express(), parent.roleArn(),
                request.processorJson(), request.express() ? Payload.inMemory(null) : Payload.of(inputText, request.inputBytes(), store.payloads()),
                clock.instant(), request.mapRunArn(),
                request.label(), request.itemCount(), new History(clock, !request.express()), null, store.payloads())
                .sharing(inputText);
        store.putExecutionIfAbsent(record);
        run(record, request.processor(), smPath, request.input(), inputText);
        return new Child() {
            public String executionArn() {
                return arn;
            }

            public String name() {
                return name;
            }

            public java.util.concurrent.CompletableFuture<Result> completion() {
                // A future of its own: the record's stays completed for good and must not hold the output.
                return record.completion.thenApply(ended -> record.result());
            }

            public void abort(String error, String cause) {
                if (!record.express) {
                    stop(record, error, cause);
                }
            }
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        executor.shutdownNow();
        taskExecutor.shutdownNow();
    }

}
