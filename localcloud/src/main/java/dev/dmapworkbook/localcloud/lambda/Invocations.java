package dev.dmapworkbook.localcloud.lambda;

import dev.dmapworkbook.localcloud.logs.LogStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lambda's data plane: a {@link WorkerPool} per function version and configuration, worker JVMs started with
 * the environment Lambda's Java runtime gives a function ("Defined runtime environment variables"), and the
 * asynchronous (Event) invocations. Knows nothing of HTTP.
 */
final class Invocations implements AutoCloseable {
    /** Lambda's on-demand init phase may take 10 s before the invoke phase's own timeout starts counting. */
    static final long INIT_ALLOWANCE_MS = 10_000;
    static final long IDLE_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final CodeStore code;
    private final Path outputDir;
    private final LogStore logs;
    private final RuntimeJars.Installed runtime;
    private final String endpoint;
    private final int workersPerFunction;
    private volatile int queueLimit;
    private final double waitScale;
    private final Map<String, WorkerPool> pools = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService async = Executors.newCachedThreadPool(daemon("lambda-event-invoke"));
    /** Worker JVMs are separate processes: if this JVM exits without {@link #close}, they are killed anyway. */
    private final Thread killWorkersOnExit = new Thread(this::killAllWorkers, "lambda-workers-shutdown");

    Invocations(CodeStore code, LogStore logs, Path runtimeDir, String endpoint, int workersPerFunction, int queueLimit,
                double waitScale) {
        this.waitScale = waitScale;
        this.code = code;
        this.logs = logs;
        this.runtime = RuntimeJars.install(runtimeDir);
        this.outputDir = runtimeDir.resolveSibling("workers");
        this.endpoint = endpoint;
        this.workersPerFunction = Math.max(1, workersPerFunction);
        this.queueLimit = queueLimit;
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("lambda-timers"));
        scheduler.scheduleWithFixedDelay(this::reap, 30, 30, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(killWorkersOnExit);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** For tests of throttling: how many invocations may wait for a worker of one function. */
    void queueLimit(int limit) {
        this.queueLimit = limit;
    }

    /**
     * Runs an invocation synchronously. {@code reservedConcurrency} (null when unset) caps the function's workers;
     * zero throttles every invocation, as Lambda does.
     */
    Worker.Result invoke(FunctionConfig fn, Integer reservedConcurrency, String requestId, byte[] payload,
                         String clientContext, boolean unboundedQueue) {
        if (reservedConcurrency != null && reservedConcurrency == 0) {
            throw LambdaError.throttled("ReservedFunctionConcurrentInvocationLimitExceeded");
        }
        while (true) {
            PendingInvocation p = new PendingInvocation(requestId, payload, clientContext);
            WorkerPool pool = pools.computeIfAbsent(key(fn), k -> newPool(fn, reservedConcurrency));
            try {
                return pool.invoke(p, INIT_ALLOWANCE_MS + fn.timeout() * 1000L, unboundedQueue);
            } catch (WorkerPool.Retired retired) {
                pools.remove(key(fn), pool);
            }
        }
    }

    /**
     * Queues an Event invocation; Lambda accepts it at once, runs it when a worker is free and, when the function
     * returns an error, retries it twice, "waiting at least one minute before the first retry and two minutes
     * between the first and second" (Lambda Developer Guide, "Asynchronous invocation"), scaled by {@code waitScale}.
     */
    void invokeAsync(FunctionConfig fn, Integer reservedConcurrency, String requestId, byte[] payload) {
        attemptAsync(fn, reservedConcurrency, requestId, payload, 0);
    }

    private void attemptAsync(FunctionConfig fn, Integer reservedConcurrency, String requestId, byte[] payload, int retries) {
        async.execute(() -> {
            try {
                Outcome.Kind kind = invoke(fn, reservedConcurrency, requestId, payload, null, true).outcome().kind();
                if (kind != Outcome.Kind.SUCCESS && retries < 2) {
                    long delayMs = Math.round((retries == 0 ? 60_000 : 120_000) * waitScale);
                    scheduler.schedule(() -> attemptAsync(fn, reservedConcurrency, requestId, payload, retries + 1),
                            delayMs, TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException e) {
                System.getLogger(Invocations.class.getName()).log(System.Logger.Level.WARNING,
                        "asynchronous invocation " + requestId + " of " + fn.name() + " failed: " + e.getMessage());
            }
        });
    }

    /** Ends the workers of every version and configuration of a function (update or delete). */
    void retire(String region, String name, boolean allVersions) {
        String prefix = region + "|" + name + "|";
        pools.entrySet().removeIf(e -> {
            boolean match = e.getKey().startsWith(prefix) && (allVersions || e.getValue().fn.version().equals("$LATEST"));
            if (match) {
                e.getValue().retire();
            }
            return match;
        });
    }

    int liveWorkers(String region, String name) {
        String prefix = region + "|" + name + "|";
        return pools.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(e -> e.getValue().liveWorkers()).sum();
    }

    private static String key(FunctionConfig fn) {
        return fn.region() + "|" + fn.name() + "|" + fn.version() + "|" + fn.revisionId();
    }

    private WorkerPool newPool(FunctionConfig fn, Integer reservedConcurrency) {
        int max = reservedConcurrency == null ? workersPerFunction : Math.min(workersPerFunction, reservedConcurrency);
        String reason = reservedConcurrency == null ? "ConcurrentInvocationLimitExceeded"
                : "ReservedFunctionConcurrentInvocationLimitExceeded";
        return new WorkerPool(fn, max, () -> queueLimit, reason, this::launch);
    }

    private Worker launch(WorkerPool pool) throws IOException {
        FunctionConfig fn = pool.fn;
        Path taskRoot = code.folder(fn.codeHex());
        Worker worker = new Worker(fn, logs, outputDir, scheduler, pool::exited);
        worker.start(command(fn), environment(fn, worker, taskRoot), taskRoot);
        return worker;
    }

    /** The JVM Lambda's Java runtime starts: heap from MemorySize, C1-only and serial GC for fast starts. */
    private List<String> command(FunctionConfig fn) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + fn.memorySize() + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-D" + RuntimeJars.JNI_PROPERTY + "=" + runtime.nativeLibrary());
        command.add("-cp");
        command.add(runtime.classpath());
        command.add(RuntimeJars.MAIN_CLASS);
        command.add(fn.handler());
        return command;
    }

    /** "Defined runtime environment variables" (Lambda Developer Guide), pointed back at this local cloud. */
    private Map<String, String> environment(FunctionConfig fn, Worker worker, Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.putAll(fn.environment());
        env.put("AWS_REGION", fn.region());
        env.put("AWS_DEFAULT_REGION", fn.region());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + fn.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", fn.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", fn.version());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(fn.memorySize()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", fn.logGroup());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", worker.log.stream);
        env.put("AWS_LAMBDA_RUNTIME_API", worker.runtimeApi());
        env.put("_HANDLER", fn.handler());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        env.put("LAMBDA_RUNTIME_DIR", runtime.nativeLibrary().getParent().toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_SESSION_TOKEN", "test");
        return env;
    }

    private void reap() {
        pools.values().forEach(pool -> pool.reap(IDLE_LIMIT_NANOS));
    }

    private void killAllWorkers() {
        pools.values().forEach(WorkerPool::killAll);
        pools.clear();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        async.shutdownNow();
        killAllWorkers();
        try {
            Runtime.getRuntime().removeShutdownHook(killWorkersOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }
}
