package dev.dmapworkbook.localcloud.edge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge bounded under abuse: stalled clients do not starve it, and oversized or slow requests get an HTTP
 * answer (431, 408, 400) instead of a silent close. The edge runs alone here (no services), with short timeouts.
 */
class EdgeLimitsTest {
    private static final HttpLimits LIMITS = new HttpLimits(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(2), Duration.ofSeconds(5), 64 * 1024, 200, 1024);

    private EdgeServer edge;
    private final List<Socket> stalled = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        edge = new EdgeServer("127.0.0.1", 0, EdgeSettings.defaults(), LIMITS);
        edge.start(List.of());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : stalled) {
            socket.close();
        }
        edge.close();
    }

    @Test
    void threeHundredStalledClientsDoNotStarveTheHealthCheck() throws Exception {
        for (int i = 0; i < 300; i++) {
            Socket socket = new Socket("127.0.0.1", edge.port());
            String partial = i % 2 == 0 ? "GET /_localcloud/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    : "PUT /bucket/key HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nfirst bytes";
            socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            stalled.add(socket);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + edge.port() + EdgeServer.HEALTH_PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"running\""), health.body());
        int stillOpen = 0;
        for (Socket socket : stalled) {
            stillOpen += socket.isClosed() ? 0 : 1;
        }
        assertEquals(300, stillOpen, "the stalled clients were still connected while the health check answered");
    }

    @Test
    void aClientThatStallsInItsHeadersGets408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", edge.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 408 "), response);
            assertTrue(response.contains("<Code>RequestTimeout</Code>"), response);
        }
    }

    @Test
    void aOneMegabyteHeaderGets431() throws Exception {
        String response = raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(1024 * 1024) + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 431 "), response);
        assertTrue(response.contains("RequestHeaderSectionTooLarge"), response);
    }

    @Test
    void fiveThousandHeadersGet431() throws Exception {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 5000; i++) {
            request.append("X-H").append(i).append(": v\r\n");
        }
        String response = raw(request.append("\r\n").toString());
        assertTrue(response.startsWith("HTTP/1.1 431 "), response);
    }

    @Test
    void malformedFramingIsA400() throws Exception {
        for (String request : List.of("GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n",
                "GET / HTTP/1.1\r\n folded: x\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 12abc\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")) {
            String response = raw(request);
            assertTrue(response.startsWith("HTTP/1.1 400 "), request + " -> " + response);
        }
        assertTrue(raw("GET / HTTP/2.0\r\n\r\n").startsWith("HTTP/1.1 400 "));
    }

    @Test
    void keptAliveConnectionsCarrySeveralRequestsAndChunkedBodies() throws Exception {
        String two = "GET /_localcloud/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                + "POST /_localcloud/health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n"
                + "GET /_localcloud/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        String responses = raw(two);
        assertEquals(3, responses.split("HTTP/1.1 200 ", -1).length - 1, responses);
    }

    private String raw(String request) throws IOException {
        return EdgeHttp.raw(edge.port(), request);
    }
}
