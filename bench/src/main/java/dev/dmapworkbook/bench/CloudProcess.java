package dev.dmapworkbook.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local cloud as its own process on a free port and a fresh data dir, started as the labs start it:
 * {@code java -jar localcloud.jar start} (which runs {@code serve} detached, with the JVM options the learner gets,
 * and returns once healthy; its pid comes from the health check) and stopped with {@code stop}. The cold start
 * times {@code java -jar localcloud.jar serve} itself. Until localcloud.jar can run on its own, {@link ServeLocalCloud}
 * runs the same {@code LocalCloud} from the suite's class path, and the output says so. Peak RSS from
 * {@code /proc/<pid>/status}, heap from {@code jstat} and a GC log ({@code -Xlog:gc}, given through
 * {@code JAVA_TOOL_OPTIONS} when asked for, with the suite's {@code BENCH_CLOUD_JAVA_OPTIONS} when set: a profiler's
 * options, e.g. {@code -XX:StartFlightRecording:filename=DIR/}).
 */
final class CloudProcess implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    final Project project;
    final Path dir;
    final Path dataDir;
    final int port;
    final ProcessHandle handle;
    /** Set when this suite runs the server process itself (serve); null when {@code start} did. */
    private final Process process;
    final double secondsToHealthy;
    private HeapSampler heap;

    private CloudProcess(Project project, Path dir, Path dataDir, int port, ProcessHandle handle, Process process,
                         double secondsToHealthy) {
        this.project = project;
        this.dir = dir;
        this.dataDir = dataDir;
        this.port = port;
        this.handle = handle;
        this.process = process;
        this.secondsToHealthy = secondsToHealthy;
    }

    /** As the labs start it, on a fresh data dir in a new temporary folder. */
    static CloudProcess start(Project project) throws Exception {
        return start(project, false);
    }

    /** {@code gcLog}: also write a GC log (for {@link #sampleHeap}). */
    static CloudProcess start(Project project, boolean gcLog) throws Exception {
        Path dir = Files.createTempDirectory("bench-cloud");
        return start(project, dir, dir.resolve("data"), gcLog);
    }

    static CloudProcess start(Project project, Path dir, Path dataDir, boolean gcLog) throws Exception {
        if (!project.localCloudRunnable()) {
            return serve(project, dir, dataDir, gcLog);
        }
        int port = freePort();
        Path log = dir.resolve("start.log");
        ProcessBuilder pb = new ProcessBuilder(Project.java(), "-jar", project.localCloudJar().toString(), "start",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString())
                .directory(project.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        if (gcLog) {
            pb.environment().put("JAVA_TOOL_OPTIONS", ("-Xlog:gc:file=" + dir.resolve("gc-%p.log") + " "
                    + System.getenv().getOrDefault("BENCH_CLOUD_JAVA_OPTIONS", "")).trim());
        }
        long t0 = System.nanoTime();
        Process start = pb.start();
        if (!start.waitFor(180, TimeUnit.SECONDS)) {
            start.destroyForcibly();
            throw new NotMeasured("localcloud.jar start did not return within 180 s: " + tail(log));
        }
        if (start.exitValue() != 0) {
            throw new NotMeasured("localcloud.jar start exited " + start.exitValue() + ": " + tail(log));
        }
        String health = null;
        while ((health = health(port)) == null) {
            if (System.nanoTime() - t0 > 240e9) {
                throw new NotMeasured("localcloud.jar start returned, but nothing is healthy on port " + port + ": " + tail(log));
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long pid = JSON.readTree(health).path("pid").asLong(-1);
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new NotMeasured("the health check names no live pid"));
        return new CloudProcess(project, dir, dataDir, port, handle, null, seconds);
    }

    /** {@code java -jar localcloud.jar serve} run by this suite, timed from the command to the first healthy answer. */
    static CloudProcess serve(Project project, Path dir, Path dataDir, boolean gcLog) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Project.java()));
        if (gcLog) {
            command.add("-Xlog:gc:file=" + dir.resolve("gc-%p.log"));
        }
        command.addAll(serveCommand(project, port, dataDir));
        Path log = dir.resolve("localcloud.log");
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(project.root().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        while (health(port) == null) {
            if (!process.isAlive()) {
                throw new NotMeasured("the local cloud exited with " + process.exitValue() + " before it was healthy: " + tail(log));
            }
            if (System.nanoTime() - t0 > 120e9) {
                process.destroyForcibly();
                throw new NotMeasured("the local cloud was not healthy after 120 s: " + tail(log));
            }
            Thread.sleep(10);
        }
        return new CloudProcess(project, dir, dataDir, port, process.toHandle(), process, (System.nanoTime() - t0) / 1e9);
    }

    /** The arguments after {@code java [jvm options]}. */
    static List<String> serveCommand(Project project, int port, Path dataDir) {
        if (project.localCloudRunnable()) {
            return List.of("-jar", project.localCloudJar().toString(), "serve", "--port", Integer.toString(port),
                    "--data-dir", dataDir.toString());
        }
        return List.of("-cp", project.benchJar().toString(), ServeLocalCloud.class.getName(), Integer.toString(port),
                dataDir.toString());
    }

    static String launcherNote(Project project) {
        return project.localCloudRunnable() ? "java -jar localcloud/target/localcloud.jar start, as the labs start it"
                : "the suite's own launcher (localcloud.jar has no Main-Class, so no serve command, on this checkout)";
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return handle.pid();
    }

    /** The health document, or null while nothing answers 200. */
    static String health(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/_localcloud/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Peak resident set size so far (VmHWM), MiB. */
    double peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmHWM in /proc/" + pid() + "/status");
    }

    /** Starts sampling the heap in use (jstat every 100 ms; the GC log's before-collection sizes fill the gaps). */
    void sampleHeap() throws IOException {
        heap = new HeapSampler(pid(), dir.resolve("gc-" + pid() + ".log"));
    }

    /** Peak heap in use since {@link #sampleHeap}, MiB. */
    double peakHeapMiB() throws InterruptedException {
        return heap.stop();
    }

    /** The largest heap left after a collection (the live data at its peak), MiB; NaN without a GC log. */
    double peakHeapAfterGcMiB() throws InterruptedException {
        heap.stop();
        return heap.peakAfterGcMiB();
    }

    @Override
    public void close() throws Exception {
        if (heap != null) {
            heap.stop();
        }
        List<ProcessHandle> children = handle.descendants().toList();
        if (process != null) {
            process.destroy();
        } else {
            new ProcessBuilder(Project.java(), "-jar", project.localCloudJar().toString(), "stop", "--port", Integer.toString(port),
                    "--data-dir", dataDir.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(60, TimeUnit.SECONDS);
        }
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            handle.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        deleteLater(dir);
    }

    /**
     * Removes a temporary folder in the background ({@code rm -rf}, left to finish on its own): a store of 100,000
     * objects takes minutes to delete on a busy disk, and no figure waits for it.
     */
    static void deleteLater(Path dir) throws IOException {
        try {
            new ProcessBuilder("rm", "-rf", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteTree(dir);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" ⏎ ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
