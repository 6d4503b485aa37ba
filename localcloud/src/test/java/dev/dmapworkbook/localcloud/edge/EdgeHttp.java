package dev.dmapworkbook.localcloud.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Plain HTTP to the edge, for the requests no SDK sends: through {@link HttpClient}, or byte for byte over a socket. */
public final class EdgeHttp {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;

    EdgeHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    HttpRequest.Builder at(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends {@code request} as it is (ISO-8859-1) to {@code 127.0.0.1:port} and returns all the edge answers until it
     * closes. The request is written on its own thread: the edge may answer and close before it has read it all.
     */
    public static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException refusedMidway) {
                    // the edge answered and closed before the whole request was sent
                }
            });
            writer.start();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
