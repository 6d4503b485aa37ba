package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.RequestIds;
import dev.dmapworkbook.localcloud.core.ServiceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as a service sees it: method, decoded path and query, case-insensitive headers, the
 * body as a stream (read it once) or as bytes, and what the edge learnt from the signature: service, region.
 */
public final class EdgeRequest {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> query;
    private InputStream body;
    private byte[] bodyBytes;
    private Map<String, String> form;
    private String region = "us-east-1";
    private String service;
    private final String requestId;

    public EdgeRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                       InputStream body, String requestId) {
        this.method = method;
        this.rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        this.rawQuery = rawQuery;
        TreeMap<String, List<String>> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(headers);
        this.headers = Collections.unmodifiableMap(ci);
        this.query = parseQuery(rawQuery);
        this.body = body;
        this.requestId = requestId;
    }

    /** A request with a fixed body, for tests and in-process calls. */
    public static EdgeRequest of(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        return new EdgeRequest(method, path, query, headers, new ByteArrayInputStream(body), RequestIds.next());
    }

    public String method() {
        return method;
    }

    /** The path as sent, still percent-encoded (S3 keys need the raw form to keep {@code %2F} apart from {@code /}). */
    public String rawPath() {
        return rawPath;
    }

    /** The path with percent-escapes decoded ({@code +} stays a plus sign, as in a URI path). */
    public String path() {
        return decodePath(rawPath);
    }

    public String rawQuery() {
        return rawQuery;
    }

    /** Query parameters, decoded; a parameter without {@code =} maps to the empty string. */
    public Map<String, List<String>> queryParameters() {
        return query;
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean hasQuery(String name) {
        return query.containsKey(name);
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as a stream; read it once, or call {@link #bodyBytes()} instead. */
    public InputStream body() {
        return bodyBytes != null ? new ByteArrayInputStream(bodyBytes) : body;
    }

    /** The whole body (buffered; fine for the JSON and Query protocols, not for large S3 objects). */
    public byte[] bodyBytes() {
        if (bodyBytes == null) {
            try (InputStream in = body) {
                bodyBytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bodyBytes;
    }

    public String bodyText() {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /** Query-protocol parameters: the form-encoded body merged over the URL query. */
    public Map<String, String> form() {
        if (form == null) {
            Map<String, String> merged = new LinkedHashMap<>();
            query.forEach((k, v) -> merged.put(k, v.isEmpty() ? "" : v.get(0)));
            String contentType = header("Content-Type").orElse("");
            if (contentType.startsWith("application/x-www-form-urlencoded")) {
                parseQuery(bodyText()).forEach((k, v) -> merged.put(k, v.isEmpty() ? "" : v.get(0)));
            }
            form = Collections.unmodifiableMap(merged);
        }
        return form;
    }

    public String region() {
        return region;
    }

    /** The service id the edge routed this request to ({@code s3}, {@code dynamodb}, …). */
    public String service() {
        return service;
    }

    void routedTo(String service, String region) {
        this.service = service;
        if (region != null && !region.isEmpty()) {
            this.region = region;
        }
    }

    public String requestId() {
        return requestId;
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = lenientDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : lenientDecode(pair.substring(eq + 1));
            result.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
        }
        return result;
    }

    /** A malformed escape ({@code %zz}) is kept as sent rather than failing the whole request. */
    private static String lenientDecode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    /**
     * Percent-decoding for a URI path: unlike form decoding, {@code +} is a literal plus. A malformed escape is
     * a client error ({@code 400 InvalidURI}, S3's code), never a server failure.
     */
    public static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(400, "InvalidURI", "Couldn't parse the specified URI.");
        }
    }
}
