package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless chromium driven over the Chrome DevTools Protocol (its websocket, with java.net.http): open a
 * page, wait for its load event, evaluate JavaScript, take a full-page screenshot. Tests that use it skip, with a
 * message, when {@code /usr/bin/chromium} (or {@code -Dchromium=PATH}) is absent.
 */
final class Chromium implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Every event the page sent (method names), e.g. Page.javascriptDialogOpening. */
    final List<String> events = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private Chromium(Process process, Path profile, WebSocket.Builder builder, URI page) {
        this.process = process;
        this.profile = profile;
        this.socket = builder.buildAsync(page, new Listener()).join();
    }

    /** Starts chromium with a fresh profile under {@code profile}, or skips the calling test when there is none. */
    static Chromium start(Path profile) throws IOException, InterruptedException {
        Path binary = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
        Assumptions.assumeTrue(Files.isExecutable(binary), binary + " is absent: the browser tests skip "
                + "(install Debian's chromium, as .ci/run does, to run them)");
        Files.createDirectories(profile);
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not start; its log: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        String port = Files.readAllLines(portFile).get(0).trim();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode target = Json.parse(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body());
        Chromium chromium = new Chromium(process, profile, http.newWebSocketBuilder(), URI.create(target.path("webSocketDebuggerUrl").asText()));
        chromium.call("Page.enable", Json.object());
        chromium.call("Runtime.enable", Json.object());
        chromium.call("Emulation.setDeviceMetricsOverride", Json.object("width", 1280, "height", 900,
                "deviceScaleFactor", 1, "mobile", false));
        return chromium;
    }

    /** Opens {@code url} and returns once the page's load event fired. */
    void open(String url) {
        loaded = new CompletableFuture<>();
        JsonNode result = call("Page.navigate", Json.object("url", url));
        if (result.has("errorText")) {
            throw new IllegalStateException("chromium could not open " + url + ": " + result.path("errorText").asText());
        }
        awaitLoad();
    }

    /** Runs {@code action} (JavaScript that navigates, e.g. a click on a link or a form submit) and waits for the new page. */
    void navigateBy(String action) {
        loaded = new CompletableFuture<>();
        eval(action);
        awaitLoad();
    }

    private void awaitLoad() {
        try {
            loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the page did not load", e);
        }
    }

    /** The value of a JavaScript expression (JSON-serialisable), evaluated in the page. */
    JsonNode eval(String expression) {
        JsonNode result = call("Runtime.evaluate", Json.object("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    String text(String expression) {
        return eval(expression).asText();
    }

    /** A PNG of the whole page (not only the viewport) written to {@code file}. */
    void screenshot(Path file) throws IOException {
        JsonNode shot = call("Page.captureScreenshot", Json.object("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private JsonNode call(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(Json.write(Json.object("id", id, "method", method, "params", params)), true).join();
        try {
            JsonNode message = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (message.has("error")) {
                throw new IllegalStateException(method + " failed: " + message.path("error"));
            }
            return message.path("result");
        } catch (Exception e) {
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException(method + " got no answer", e);
        } finally {
            pending.remove(id);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode message = Json.parse(partial.toString());
                partial.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> answer = pending.get(message.path("id").asLong());
                    if (answer != null) {
                        answer.complete(message);
                    }
                } else {
                    String method = message.path("method").asText();
                    events.add(method);
                    if (method.equals("Page.loadEventFired")) {
                        loaded.complete(null);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        // chromium's renderer, GPU and utility processes write into the profile too: they must be gone before the
        // test's temporary folder is removed, or its deletion fails on files still being written
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle handle : all) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
                handle.onExit().join();
            }
        }
        removeSingletonFolder();
    }

    /** The folder chromium made in /tmp for its singleton socket (the profile links to it); it outlives a killed chromium. */
    private void removeSingletonFolder() {
        try {
            Path link = profile.resolve("SingletonSocket");
            if (Files.isSymbolicLink(link)) {
                Path folder = Files.readSymbolicLink(link).getParent();
                if (folder != null && folder.getFileName().toString().startsWith("org.chromium.Chromium.")) {
                    try (var files = Files.walk(folder)) {
                        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // best effort: a leftover folder in /tmp is harmless
        }
    }

    static List<String> lines(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
