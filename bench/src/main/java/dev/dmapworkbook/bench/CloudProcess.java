package dev.dmapworkbook.bench;

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
 * The local cloud as its own process on a free port and a fresh data dir: {@code java -jar localcloud.jar serve}
 * (until that command exists on main, {@link ServeLocalCloud} runs the same {@code LocalCloud} from the suite's
 * class path, and the output says so). Being its parent, the suite knows its pid: peak RSS from
 * {@code /proc/<pid>/status}, heap from {@code jstat} and a GC log.
 */
final class CloudProcess implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dir;
    final Path dataDir;
    final int port;
    final Process process;
    final double secondsToHealthy;
    private HeapSampler heap;

    private CloudProcess(Path dir, Path dataDir, int port, Process process, double secondsToHealthy) {
        this.dir = dir;
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
        this.secondsToHealthy = secondsToHealthy;
    }

    /** A fresh data dir in a new temporary folder. */
    static CloudProcess start(Project project) throws Exception {
        Path dir = Files.createTempDirectory("bench-cloud");
        return start(project, dir, dir.resolve("data"), true);
    }

    /**
     * Starts the local cloud on {@code dataDir}; {@code gcLog} adds {@code -Xlog:gc} (for the peak heap) — the cold
     * start leaves it out so that it times exactly the learner's command.
     */
    static CloudProcess start(Project project, Path dir, Path dataDir, boolean gcLog) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Project.java()));
        if (gcLog) {
            command.add("-Xlog:gc:file=" + dir.resolve("gc.log"));
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
        return new CloudProcess(dir, dataDir, port, process, (System.nanoTime() - t0) / 1e9);
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
        return project.localCloudRunnable() ? "java -jar localcloud/target/localcloud.jar serve"
                : "the suite's own launcher (localcloud.jar has no Main-Class, so no serve command, on this checkout)";
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
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
        heap = new HeapSampler(pid(), dir.resolve("gc.log"));
    }

    /** Peak heap in use since {@link #sampleHeap}, MiB. */
    double peakHeapMiB() throws InterruptedException {
        return heap.stop();
    }

    @Override
    public void close() throws Exception {
        if (heap != null) {
            heap.stop();
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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
