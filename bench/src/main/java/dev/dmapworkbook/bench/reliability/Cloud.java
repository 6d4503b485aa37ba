package dev.dmapworkbook.bench.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A local cloud as its own process ({@code Main serve} from this JVM's class path) on 127.0.0.1, a free port and a
 * data dir that outlives it: {@link #kill9} ends it as a crash would, {@link #restart} serves the same data again.
 */
public final class Cloud implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dataDir;
    final int port;
    private Process process;

    private Cloud(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static Cloud start(Path dataDir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Cloud cloud = new Cloud(dataDir, port);
        cloud.launch();
        return cloud;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private void launch() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.dmapworkbook.localcloud.Main", "serve",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()))
                .start();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!healthy(true)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the local cloud did not become healthy (log: " + dataDir + ".log)");
            }
            Thread.sleep(50);
        }
    }

    /** True when the health check answers 200 (and, if asked, every service says running). */
    boolean healthy(boolean allRunning) {
        try {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint() + "/_localcloud/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && (!allRunning || !health.body().matches("(?s).*\"(starting|failed[^\"]*)\".*"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, as a crash or a closed laptop lid with a dead battery would; waits until the process is gone. */
    public void kill9() throws Exception {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroyForcibly();
        process.waitFor();
        workers.forEach(ProcessHandle::destroyForcibly); // Lambda workers die with their parent on a real crash too
    }

    public void restart() throws Exception {
        launch();
    }

    @Override
    public void close() throws Exception {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
    }
}
