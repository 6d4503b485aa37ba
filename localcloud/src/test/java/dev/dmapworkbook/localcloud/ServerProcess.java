package dev.dmapworkbook.localcloud;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A local cloud as a real child process ({@code java -cp <test class path> Main serve --port 0 --data-dir …}), for
 * tests that kill it: {@link #kill()} is {@code kill -9} (no shutdown hook, no flush), {@link #stop()} SIGTERM.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final URI endpoint;

    private ServerProcess(Process process, Path log, URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
    }

    /** Starts a server on {@code dataDir} with the extra {@code options} and waits until it answers its health check. */
    public static ServerProcess serve(Path dataDir, Path log, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0",
                "--data-dir", dataDir.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            return new ServerProcess(process, log, awaitHealthy(process, dataDir, log));
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits until the process is gone (so a restart finds no live owner of the data dir). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the shutdown hook runs, as when the learner stops the local cloud. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Waits until the pid file names this process and its endpoint answers the health check. */
    private static URI awaitHealthy(Process process, Path dataDir, Path log) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server died: " + Files.readString(log));
            }
            try {
                long pid = Long.parseLong(Files.readString(dataDir.resolve("localcloud.pid")).trim());
                if (pid == process.pid()) {
                    URI endpoint = URI.create(Files.readString(dataDir.resolve("localcloud.endpoint")).trim());
                    HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/_localcloud/health").toURL().openConnection();
                    if (c.getResponseCode() == 200) {
                        return endpoint;
                    }
                }
            } catch (IOException | NumberFormatException notYet) {
                // keep waiting
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server did not become healthy: " + Files.readString(log));
    }
}
