package dev.dmapworkbook.localcloud.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request line and header section as RFC 9112 §2-5 define them, read within {@link HttpLimits}: too long or too
 * many fields is 431, anything malformed 400, never a silent close. Field values are ISO-8859-1 (RFC 9110 §5.5).
 */
record RequestHead(String method, String rawPath, String rawQuery, String version, Map<String, List<String>> headers) {
    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    /** Reads the rest of a head whose first byte was {@code first}. */
    static RequestHead read(int first, InputStream in, HttpLimits limits) throws IOException {
        int[] budget = {limits.maxHeaderBytes(), limits.maxHeaderBytes()};
        String requestLine = line(first, in, budget);
        while (requestLine.isEmpty()) { // RFC 9112 §2.2: empty lines before the request line are ignored
            requestLine = line(-1, in, budget);
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw HttpProblem.badRequest("Malformed request line: expected 'METHOD target HTTP/1.1'");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw HttpProblem.badRequest("The local cloud speaks HTTP/1.1 and HTTP/1.0, not " + parts[2]);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int count = 0;
        for (String field = line(-1, in, budget); !field.isEmpty(); field = line(-1, in, budget)) {
            if (++count > limits.maxHeaders()) {
                throw HttpProblem.headersTooLarge("The request has more than " + limits.maxHeaders() + " header fields.");
            }
            int colon = field.indexOf(':');
            if (colon <= 0 || !isToken(field.substring(0, colon))) {
                throw HttpProblem.badRequest("Malformed header field (RFC 9112 §5: 'name: value', no space before the colon, "
                        + "no line folding)");
            }
            headers.computeIfAbsent(field.substring(0, colon), k -> new ArrayList<>()).add(field.substring(colon + 1).strip());
        }
        String target = targetPath(parts[1]);
        int q = target.indexOf('?');
        return new RequestHead(parts[0], q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
                parts[2], headers);
    }

    Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Origin form as is; absolute form ({@code http://host/path}, RFC 9112 §3.2.2) reduced to its path and query. */
    private static String targetPath(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        int scheme = target.indexOf("://");
        if (scheme > 0) {
            int slash = target.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : target.substring(slash);
        }
        if (target.equals("*")) {
            return "*";
        }
        throw HttpProblem.badRequest("Malformed request target '" + abbreviate(target) + "'");
    }

    /** One line without its CRLF (a bare LF is accepted too); counts against the head's size budget. */
    private static String line(int first, InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b = first >= 0 ? first : in.read();
        while (b != '\n') {
            if (b < 0) {
                throw HttpProblem.badRequest("The connection ended inside the request's header section");
            }
            if (--budget[0] < 0) {
                throw HttpProblem.headersTooLarge("The request line and header section exceed the local cloud's limit of "
                        + budget[1] + " bytes.");
            }
            if (b == 0 || (b < 0x20 && b != '\t' && b != '\r')) {
                throw HttpProblem.badRequest("A control character in the request's header section");
            }
            line.write(b);
            b = in.read();
        }
        budget[0]--;
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\r') {
                throw HttpProblem.badRequest("A bare CR in the request's header section");
            }
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || TOKEN_CHARS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
