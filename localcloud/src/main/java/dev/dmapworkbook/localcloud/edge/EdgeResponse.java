package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One HTTP response: status, headers (in order, repeatable) and a body written straight to the socket. */
public final class EdgeResponse {
    /** Writes a body of a known length; {@code length} -1 means chunked. */
    public interface Body {
        long length();

        void writeTo(OutputStream out) throws IOException;
    }

    private static final Body EMPTY = new Body() {
        public long length() {
            return 0;
        }

        public void writeTo(OutputStream out) {
        }
    };

    private final int status;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final Body body;

    public EdgeResponse(int status, Body body) {
        this.status = status;
        this.body = body;
    }

    public static EdgeResponse empty(int status) {
        return new EdgeResponse(status, EMPTY);
    }

    public static EdgeResponse bytes(int status, byte[] bytes, String contentType) {
        return new EdgeResponse(status, new Body() {
            public long length() {
                return bytes.length;
            }

            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }
        }).header("Content-Type", contentType);
    }

    public static EdgeResponse json(int status, JsonNode node) {
        return bytes(status, Json.writeBytes(node), "application/json");
    }

    public static EdgeResponse xml(int status, String xml) {
        return bytes(status, xml.getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    /** Sets a header, replacing an earlier one of the same name (case-insensitive). */
    public EdgeResponse header(String name, String value) {
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        if (value != null) {
            headers.add(Map.entry(name, value));
        }
        return this;
    }

    /** Adds a header, keeping earlier ones of the same name. */
    public EdgeResponse addHeader(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    public int status() {
        return status;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    public Body body() {
        return body;
    }
}
