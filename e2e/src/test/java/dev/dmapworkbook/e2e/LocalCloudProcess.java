package dev.dmapworkbook.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The local cloud as the labs meet it: {@code java -jar localcloud.jar start} on a free port and a temporary data dir. */
final class LocalCloudProcess implements AutoCloseable {
    private final Path root;
    private final Path dataDir;
    private final int port;
    private final String startOutput;

    private LocalCloudProcess(Path root, Path dataDir, int port, String startOutput) {
        this.root = root;
        this.dataDir = dataDir;
        this.port = port;
        this.startOutput = startOutput;
    }

    static LocalCloudProcess start(Path root, Path dataDir) throws Exception {
        int port = freePort();
        Path jar = root.resolve("localcloud/target/localcloud.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -pl localcloud -am package");
        }
        Process process = new ProcessBuilder(java(), "-jar", jar.toString(), "start", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString()).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        LocalCloudProcess cloud = new LocalCloudProcess(root, dataDir, port, output);
        Instant deadline = Instant.now().plusSeconds(60);
        while (cloud.health() == null) {
            if (Instant.now().isAfter(deadline) || (!process.isAlive() && process.exitValue() != 0 && cloud.health() == null)) {
                throw new IllegalStateException("the local cloud did not start (exit " + (process.isAlive() ? "?" : process.exitValue())
                        + "): " + output.strip());
            }
            Thread.sleep(200);
        }
        return cloud;
    }

    int port() {
        return port;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    Path dataDir() {
        return dataDir;
    }

    String startOutput() {
        return startOutput;
    }

    /** The health document, or null when nothing answers. */
    String health() {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create(endpoint() + "/_localcloud/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        Process stop = new ProcessBuilder(java(), "-jar", root.resolve("localcloud/target/localcloud.jar").toString(), "stop",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        stop.waitFor(60, TimeUnit.SECONDS);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static List<String> missingServices(String health, List<String> wanted) {
        return wanted.stream().filter(s -> !health.contains("\"" + s + "\"")).toList();
    }
}
