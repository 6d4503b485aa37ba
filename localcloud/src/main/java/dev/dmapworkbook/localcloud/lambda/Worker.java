package dev.dmapworkbook.localcloud.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.edge.OriginGuard;
import dev.dmapworkbook.localcloud.logs.LogStore;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One execution environment: a JVM running AWS's runtime interface client against its own Lambda Runtime API
 * endpoint ({@code 127.0.0.1:<port>}, "Using the Lambda runtime API for custom runtimes"). {@code /invocation/next}
 * blocks until an invocation is handed over, as the real API does. The process's stdout and stderr become
 * the worker's log stream; START, END and REPORT lines frame each invocation as in CloudWatch Logs.
 */
final class Worker {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String PREFIX = "/2018-06-01/runtime/";
    /** Lambda's synchronous response quota ("Invocation payload (request and response): 6 MB"). */
    static final int MAX_RESPONSE = 6_291_556;

    private final FunctionConfig fn;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Worker> onExit;
    final WorkerLog log;
    private final BlockingQueue<PendingInvocation> handoff = new LinkedBlockingQueue<>();
    private final HttpServer api;
    private final OriginGuard guard;
    private final ExecutorService apiThreads;
    private final long startNanos = System.nanoTime();
    private volatile Process process;
    private volatile PendingInvocation current;
    private volatile PendingInvocation initializing;
    private volatile Double initDurationMs;
    private volatile boolean dead;
    private volatile String exit;
    private volatile java.util.concurrent.ScheduledFuture<?> tailer;
    private volatile java.util.concurrent.ScheduledFuture<?> memoryGuard;
    volatile long idleSince = System.nanoTime();
    /** Opened when the runtime asks for its next invocation (or exits): Lambda's invoke phase ends there. */
    private volatile java.util.concurrent.CountDownLatch invokeDone = new java.util.concurrent.CountDownLatch(0);

    Worker(FunctionConfig fn, LogStore logs, Path outputDir, ScheduledExecutorService scheduler, Consumer<Worker> onExit)
            throws IOException {
        this.fn = fn;
        this.scheduler = scheduler;
        this.onExit = onExit;
        Files.createDirectories(outputDir);
        this.log = new WorkerLog(fn, logs, Files.createTempFile(outputDir, "worker-", ".out"));
        this.api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.apiThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-runtime-api " + fn.name());
            t.setDaemon(true);
            return t;
        });
        api.setExecutor(apiThreads);
        api.createContext("/", this::exchange);
        this.guard = OriginGuard.forLoopbackPort(api.getAddress().getPort());
    }

    /** The Runtime API address the worker's {@code AWS_LAMBDA_RUNTIME_API} names (host:port, no scheme). */
    String runtimeApi() {
        return "127.0.0.1:" + api.getAddress().getPort();
    }

    void start(List<String> command, Map<String, String> environment, Path taskRoot) throws IOException {
        api.start();
        // stdout and stderr go to one file, in the order written: whatever the function printed before it
        // posted its response is in the file by then, so the log keeps Lambda's order (output, then END).
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.output().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            close();
            throw e;
        }
        tailer = scheduler.scheduleWithFixedDelay(() -> log.readOutput(false), 250, 250, TimeUnit.MILLISECONDS);
        memoryGuard = MemoryLimit.watch(process, fn.memorySize() * 1024L * 1024L, scheduler, process::destroyForcibly);
        process.onExit().thenRun(this::exited);
    }

    boolean alive() {
        return !dead && process != null && process.isAlive();
    }

    boolean initialized() {
        return initDurationMs != null;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Runs one invocation on this worker and waits for it. A worker that has not started its runtime within
     * {@code initLimit} ms, or whose handler outlives the function's timeout, is killed.
     */
    Result invoke(PendingInvocation p, long initLimitMs) {
        log.startTail();
        if (!initialized()) {
            initializing = p;
        }
        handoff.add(p);
        if (exit != null) {
            p.done.complete(initialized() ? Outcome.undelivered() : Outcome.exited(exit));
        }
        var initGuard = scheduler.schedule(() -> {
            if (!p.pickedUp) {
                timedOut(p);
            }
        }, initLimitMs, TimeUnit.MILLISECONDS);
        Outcome outcome = p.done.join();
        initGuard.cancel(false);
        if (outcome.kind() == Outcome.Kind.UNDELIVERED) {
            return new Result(outcome, "", 0);
        }
        if (p.timeoutGuard != null) {
            p.timeoutGuard.cancel(false);
        }
        if (outcome.kind() == Outcome.Kind.SUCCESS || outcome.kind() == Outcome.Kind.ERROR) {
            awaitInvokePhaseEnd();
        }
        long end = System.nanoTime();
        log.readOutput(false);
        double durationMs = p.pickedUp ? (end - p.startNanos) / 1e6 : (end - startNanos) / 1e6;
        String id = p.requestId;
        if (!p.pickedUp) {
            log.readOutput(false);
            // The runtime never asked for the invocation (init failed or hung): Lambda still frames it.
            log.line("START RequestId: " + id + " Version: " + fn.version());
        }
        log.end(id, outcome, durationMs, maxMemoryUsedMb(), initDurationMs);
        current = null;
        idleSince = System.nanoTime();
        return new Result(outcome, log.tail(), durationMs);
    }

    /**
     * The runtime may still log after posting (the RIC logs an error after reporting it): the invoke phase ends when
     * it calls /next again ("Lambda execution environment lifecycle"), so END waits for that (2 s at most).
     */
    private void awaitInvokePhaseEnd() {
        try {
            invokeDone.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The invocation's outcome, its log tail (at most 4 KB, for {@code LogType: Tail}) and duration. */
    record Result(Outcome outcome, String logTail, double durationMs) {
    }

    void kill() {
        dead = true;
        if (process != null) {
            process.destroyForcibly();
        }
        close();
    }

    private void close() {
        if (tailer != null) {
            tailer.cancel(false);
        }
        if (memoryGuard != null) {
            memoryGuard.cancel(false);
        }
        api.stop(0);
        apiThreads.shutdownNow();
    }

    private void timedOut(PendingInvocation p) {
        double seconds = (System.nanoTime() - (p.pickedUp ? p.startNanos : startNanos)) / 1e9;
        dead = true;
        if (process != null) {
            process.destroyForcibly();
        }
        p.done.complete(Outcome.timeout(seconds));
    }

    private void exited() {
        dead = true;
        int status = process.exitValue();
        exit = describeExit(status);
        invokeDone.countDown();
        log.readOutput(true);
        PendingInvocation p = current;
        if (p != null) {
            p.done.complete(Outcome.exited(exit));
        }
        while ((p = handoff.poll()) != null) {
            p.done.complete(initialized() ? Outcome.undelivered() : Outcome.exited(exit));
        }
        close();
        try {
            Files.deleteIfExists(log.output());
        } catch (IOException e) {
            // a leftover output file in the data dir's workers folder is harmless
        }
        onExit.accept(this);
    }

    /** How Lambda words a runtime's exit: {@code exit status 1}, {@code signal: killed}. */
    static String describeExit(int status) {
        if (status > 128 && status < 160) {
            return "signal: " + switch (status - 128) {
                case 1 -> "hangup";
                case 2 -> "interrupt";
                case 6 -> "aborted";
                case 9 -> "killed";
                case 11 -> "segmentation fault";
                case 15 -> "terminated";
                default -> "signal " + (status - 128);
            };
        }
        return "exit status " + status;
    }

    /** Peak resident memory of the worker process (VmHWM), in MB, as REPORT's "Max Memory Used". */
    long maxMemoryUsedMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone (or no /proc): report what is known
        }
        return 0;
    }

    // ---- the Runtime API ----

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            var refusal = guard.refusal(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders());
            if (refusal.isPresent()) { // a web page must not take or answer invocations (the edge's rule)
                respond(exchange, 403, Json.object("errorMessage", "The Runtime API refused this request: "
                        + refusal.get() + ".", "errorType", "AccessDeniedException").toString());
                return;
            }
            if (!path.startsWith(PREFIX)) {
                respond(exchange, 404, "{\"errorMessage\":\"Unknown path " + path + "\",\"errorType\":\"InvalidRequest\"}");
                return;
            }
            String rest = path.substring(PREFIX.length());
            if (rest.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange);
            } else if (rest.equals("init/error") && exchange.getRequestMethod().equals("POST")) {
                initError(exchange);
            } else if (rest.startsWith("invocation/") && exchange.getRequestMethod().equals("POST")
                    && (rest.endsWith("/response") || rest.endsWith("/error"))) {
                invocationResult(exchange, rest);
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"Unknown path " + path + "\",\"errorType\":\"InvalidRequest\"}");
            }
        }
    }

    /** POST init/error: the runtime could not initialize; the invocation waiting for it ends with its error. */
    private void initError(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        PendingInvocation p = initializing != null ? initializing : handoff.peek();
        dead = true; // the runtime client exits after reporting an init error
        if (p != null) {
            p.done.complete(Outcome.initError(body, type));
        }
        respond(exchange, 202, "{\"status\":\"OK\"}");
    }

    /** POST invocation/{id}/response or /error: the current invocation's result (a response over 6 MB is an error). */
    private void invocationResult(HttpExchange exchange, String rest) throws IOException {
        String id = rest.substring("invocation/".length(), rest.lastIndexOf('/'));
        byte[] body = exchange.getRequestBody().readAllBytes();
        PendingInvocation p = current;
        if (p == null || !p.requestId.equals(id)) {
            respond(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        if (rest.endsWith("/response")) {
            p.done.complete(body.length > MAX_RESPONSE
                    ? Outcome.error(("{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size ("
                    + MAX_RESPONSE + " bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}").getBytes(StandardCharsets.UTF_8),
                    "Function.ResponseSizeTooLarge")
                    : Outcome.success(body));
        } else {
            p.done.complete(Outcome.error(body, exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
        }
        respond(exchange, 202, "{\"status\":\"OK\"}");
    }

    /** Blocks until an invocation arrives (the runtime client's native part cannot take an error here). */
    private void next(HttpExchange exchange) throws IOException {
        invokeDone.countDown();
        if (initDurationMs == null) {
            initDurationMs = (System.nanoTime() - startNanos) / 1e6;
        }
        PendingInvocation p = null;
        while (!dead) {
            try {
                p = handoff.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (p != null && !p.done.isDone()) {
                break;
            }
            p = null;
        }
        if (p == null) {
            return;
        }
        initializing = null;
        invokeDone = new java.util.concurrent.CountDownLatch(1);
        current = p;
        p.startNanos = System.nanoTime();
        p.deadlineMillis = System.currentTimeMillis() + fn.timeout() * 1000L;
        p.pickedUp = true;
        log.readOutput(false); // what init printed comes before START
        log.line("START RequestId: " + p.requestId + " Version: " + fn.version());
        PendingInvocation picked = p;
        p.timeoutGuard = scheduler.schedule(() -> timedOut(picked), fn.timeout() * 1000L, TimeUnit.MILLISECONDS);
        send(exchange, p);
    }

    /** The invocation as the Runtime API hands it over: its event as the body, its context in headers. */
    private void send(HttpExchange exchange, PendingInvocation p) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.add("Lambda-Runtime-Aws-Request-Id", p.requestId);
        headers.add("Lambda-Runtime-Deadline-Ms", String.valueOf(p.deadlineMillis));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", fn.version().equals("$LATEST") ? fn.arn() : fn.qualifiedArn());
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + p.requestId.replace("-", "").substring(0, 24) + ";Parent=" + p.requestId.replace("-", "").substring(16) + ";Sampled=0");
        if (p.clientContext != null) {
            headers.add("Lambda-Runtime-Client-Context", p.clientContext);
        }
        headers.add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, p.payload.length == 0 ? -1 : p.payload.length);
        if (p.payload.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(p.payload);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
