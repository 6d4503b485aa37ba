package dev.dmapworkbook.localcloud;

import dev.dmapworkbook.localcloud.core.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.edge.EdgeServer;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the commands do. {@code serve} writes {@code localcloud.pid} and {@code localcloud.endpoint} into the data
 * dir once the port is bound and removes them on exit; {@code start} launches {@code serve} as a detached child
 * with its output appended to {@code localcloud.log} and returns when that child answers the health check;
 * {@code stop}, {@code status} and {@code reset} find the server through those files.
 */
final class Lifecycle {
    static final String PID_FILE = "localcloud.pid";
    static final String ENDPOINT_FILE = "localcloud.endpoint";
    static final String LOG_FILE = "localcloud.log";
    /**
     * What a data dir may hold for {@code reset} to delete it without {@code --force}; {@code workbook} is what the
     * labs keep per local cloud (transcripts, the unpacked stations).
     */
    private static final Set<String> OWN_ENTRIES = Set.of("s3", "dynamodb", "lambda", "logs", "states", "cloudformation",
            "iam", "sts", "tmp", "workbook", PID_FILE, ENDPOINT_FILE, LOG_FILE, DataDirLock.FILE);

    private final LocalCloudConfig config;
    private final Path dataDir;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    Lifecycle(LocalCloudConfig config) {
        this.config = config;
        this.dataDir = config.dataDir();
    }

    // ---- serve

    int serve() throws InterruptedException {
        Optional<ProcessHandle> other = runningServer().filter(h -> h.pid() != ProcessHandle.current().pid());
        if (other.isPresent()) {
            err.println("localcloud: already running for " + dataDir + " (pid " + other.get().pid() + "); stop it first");
            return 1;
        }
        long started = System.nanoTime();
        LocalCloud cloud;
        try {
            cloud = LocalCloud.start(config);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                err.println("localcloud: cannot listen on " + config.host() + ":" + config.port() + " (" + e.getCause().getMessage()
                        + "); is another local cloud or program using that port? Try --port.");
                return 1;
            }
            throw e;
        } catch (DataDirLock.InUse e) {
            err.println("localcloud: " + e.getMessage());
            return 1;
        }
        long pid = ProcessHandle.current().pid();
        writeAtomically(ENDPOINT_FILE, cloud.endpoint() + "\n");
        writeAtomically(PID_FILE, pid + "\n");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cloud.close();
            if (readPid().filter(p -> p == pid).isPresent()) {
                deleteQuietly(dataDir.resolve(PID_FILE));
                deleteQuietly(dataDir.resolve(ENDPOINT_FILE));
            }
        }, "localcloud-shutdown"));
        long sinceProcessStart = ProcessHandle.current().info().startInstant()
                .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L);
        out.printf("localcloud serving on %s (pid %d, data dir %s), ready in %d ms (%d ms after the process started)%n",
                cloud.endpoint(), pid, dataDir, (System.nanoTime() - started) / 1_000_000, sinceProcessStart);
        out.flush();
        Thread.currentThread().join();
        return 0;
    }

    // ---- start

    int start(Duration timeout) throws IOException, InterruptedException {
        if (alreadyRunning()) {
            return 0;
        }
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve(LOG_FILE);
        long logOffset = Files.exists(log) ? Files.size(log) : 0;
        List<String> command = serveCommand();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long t0 = System.nanoTime();
        Process child = builder.start();
        child.getOutputStream().close();
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                err.println("localcloud: the server exited with code " + child.exitValue() + " before it became healthy. "
                        + "Last lines of " + log + ":");
                err.println(tail(log, logOffset, 40));
                return 1;
            }
            Optional<Long> pid = readPid();
            if (pid.isPresent() && isSelfOrDescendant(child, pid.get())) {
                Optional<String> endpoint = readEndpoint();
                if (endpoint.isPresent() && health(endpoint.get()).isPresent()) {
                    out.printf("localcloud started on %s (pid %d) in %d ms; log: %s%n", endpoint.get(), pid.get(),
                            (System.nanoTime() - t0) / 1_000_000, log);
                    return 0;
                }
            }
            Thread.sleep(25);
        }
        child.destroy();
        err.println("localcloud: not healthy within " + timeout.toSeconds() + " s; stopped it. Last lines of " + log + ":");
        err.println(tail(log, logOffset, 40));
        return 1;
    }

    /** True, and says so, when this data directory's server runs and answers its health check. */
    private boolean alreadyRunning() {
        Optional<ProcessHandle> running = runningServer();
        if (running.isPresent()) {
            Optional<String> endpoint = readEndpoint();
            if (endpoint.isPresent() && health(endpoint.get()).isPresent()) {
                out.println("localcloud already running on " + endpoint.get() + " (pid " + running.get().pid() + ")");
                return true;
            }
        }
        return false;
    }

    /** {@code java -cp <this class path> Main serve …}, detached from the terminal with {@code setsid} where it exists. */
    private List<String> serveCommand() {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        // C1 only, as the Lambda workers: the local cloud's work comes in bursts of seconds, too short for C2's
        // compilations to pay back. Measured on 2 cores (BENCHMARKS.md, "The local cloud's JIT"): labs 01-04 used
        // 6.5-10.4 s of the server's CPU instead of 12.1-14.5 s, the 1,000,000-key Map Runs 4.1-4.4 s instead of
        // 4.2-5.4 (listing) and 1.6-1.7 s instead of 2.1-2.7 (inventory), lab 00 --full about the same (16-19 s).
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classPath.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        command.add(String.join(java.io.File.pathSeparator, classPath));
        command.add(Main.class.getName());
        command.addAll(List.of("serve", "--host", config.host(), "--port", String.valueOf(config.port()),
                "--data-dir", dataDir.toString(), "--wait-scale", String.valueOf(config.waitScale()),
                "--lambda-workers", String.valueOf(config.lambdaWorkers())));
        config.edge().allowedOrigins().forEach(origin -> command.addAll(List.of("--allow-origin", origin)));
        if (config.edge().verifySignatures()) {
            command.add("--verify-signatures");
        }
        return command;
    }

    private static boolean isSelfOrDescendant(Process child, long pid) {
        return child.pid() == pid || child.descendants().anyMatch(h -> h.pid() == pid);
    }

    // ---- stop, status, reset

    int stop() throws InterruptedException {
        Optional<Long> pid = readPid();
        if (pid.isEmpty()) {
            out.println("localcloud is not running (no " + PID_FILE + " in " + dataDir + ")");
            return 0;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.get()).filter(Lifecycle::running);
        if (handle.isEmpty()) {
            removeServerFiles();
            out.println("localcloud is not running (removed the stale " + PID_FILE + " of pid " + pid.get() + ")");
            return 0;
        }
        if (!looksLikeLocalCloud(handle.get())) {
            err.println("localcloud: pid " + pid.get() + " from " + dataDir.resolve(PID_FILE)
                    + " is not a local cloud; not stopping it. Delete the file if it is stale.");
            return 1;
        }
        handle.get().destroy();
        if (!waitForExit(handle.get(), Duration.ofSeconds(20))) {
            err.println("localcloud: pid " + pid.get() + " did not stop within 20 s; killing it");
            handle.get().destroyForcibly();
            waitForExit(handle.get(), Duration.ofSeconds(10));
        }
        removeServerFiles();
        out.println("localcloud stopped (pid " + pid.get() + ")");
        return 0;
    }

    int status() {
        Optional<ProcessHandle> running = runningServer();
        String endpoint = readEndpoint().orElse("http://" + config.host() + ":" + config.port());
        Optional<JsonNode> health = health(endpoint);
        if (running.isPresent() && health.isPresent()) {
            out.println("localcloud is running on " + endpoint + " (pid " + running.get().pid() + ", data dir " + dataDir + ")");
            Iterator<Map.Entry<String, JsonNode>> services = health.get().path("services").fields();
            while (services.hasNext()) {
                Map.Entry<String, JsonNode> service = services.next();
                out.println("  " + service.getKey() + ": " + service.getValue().asText());
            }
            return 0;
        }
        if (running.isPresent()) {
            out.println("localcloud process " + running.get().pid() + " is alive but " + endpoint + " does not answer (starting or hung)");
            return 1;
        }
        if (health.isPresent()) {
            out.println("localcloud is not running for " + dataDir + ", but a local cloud (pid " + health.get().path("pid").asText("?")
                    + ") answers on " + endpoint);
            return 3;
        }
        out.println("localcloud is not running (data dir " + dataDir + ")");
        return 3;
    }

    int reset(boolean force) throws InterruptedException, IOException {
        int stopped = stop();
        if (stopped != 0) {
            return stopped;
        }
        if (!Files.isDirectory(dataDir)) {
            out.println("nothing to reset: " + dataDir + " does not exist");
            return 0;
        }
        Set<String> foreign = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path entry : entries) {
                if (!OWN_ENTRIES.contains(entry.getFileName().toString())) {
                    foreign.add(entry.getFileName().toString());
                }
            }
        }
        if (!foreign.isEmpty() && !force) {
            err.println("localcloud: " + dataDir + " holds files the local cloud did not write " + foreign
                    + "; not deleting it (use --force if you are sure)");
            return 1;
        }
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        out.println("localcloud data deleted: " + dataDir);
        return 0;
    }

    // ---- helpers

    /** The live process named by the pid file, if any. */
    private Optional<ProcessHandle> runningServer() {
        return readPid().flatMap(ProcessHandle::of).filter(Lifecycle::running).filter(Lifecycle::looksLikeLocalCloud);
    }

    /**
     * Alive and not a zombie: a server killed with {@code kill -9} stays a zombie ({@code Z} in {@code /proc/<pid>/stat},
     * proc(5)) until its parent reaps it, and {@link ProcessHandle#isAlive} still says true; it serves nothing.
     */
    static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "stat"), StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return handle.isAlive(); // no /proc (macOS): trust the handle
        }
    }

    private static boolean looksLikeLocalCloud(ProcessHandle handle) {
        Optional<String> commandLine = handle.info().commandLine();
        return commandLine.isEmpty() || commandLine.get().contains(Main.class.getName())
                || commandLine.get().contains("localcloud");
    }

    private static boolean waitForExit(ProcessHandle handle, Duration timeout) throws InterruptedException {
        try {
            handle.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !handle.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        }
    }

    private Optional<Long> readPid() {
        return readLine(PID_FILE).flatMap(s -> {
            try {
                return Optional.of(Long.parseLong(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<String> readEndpoint() {
        return readLine(ENDPOINT_FILE);
    }

    private Optional<String> readLine(String file) {
        try {
            String text = Files.readString(dataDir.resolve(file), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void removeServerFiles() {
        deleteQuietly(dataDir.resolve(PID_FILE));
        deleteQuietly(dataDir.resolve(ENDPOINT_FILE));
    }

    private void writeAtomically(String file, String content) {
        AtomicFiles.write(dataDir.resolve(file), content);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** The health document, if a local cloud answers at {@code endpoint}. */
    static Optional<JsonNode> health(String endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint + EdgeServer.HEALTH_PATH).toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(5000);
            try (InputStream in = connection.getInputStream()) {
                if (connection.getResponseCode() != 200) {
                    return Optional.empty();
                }
                return Optional.of(Json.parse(in.readAllBytes()));
            } finally {
                connection.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The last {@code lines} lines written to {@code log} after {@code offset}. */
    private static String tail(Path log, long offset, int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(offset, file.length() - 64 * 1024);
            file.seek(start);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
