package dev.dmapworkbook.localcloud.edge;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes an {@link EdgeResponse} as an HTTP/1.1 response (RFC 9112 §4, §6): status line, fields, framed body. */
final class ResponseWriter {
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(100, "Continue"), Map.entry(200, "OK"),
            Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
            Map.entry(206, "Partial Content"), Map.entry(301, "Moved Permanently"), Map.entry(304, "Not Modified"),
            Map.entry(307, "Temporary Redirect"), Map.entry(400, "Bad Request"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(411, "Length Required"), Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Content Too Large"), Map.entry(416, "Range Not Satisfiable"), Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    private ResponseWriter() {
    }

    /** {@code head} is null for a request whose head could not be read (then the answer has a body and closes). */
    static void write(OutputStream out, RequestHead head, EdgeResponse response, boolean keepAlive) throws IOException {
        boolean isHead = head != null && head.method().equals("HEAD");
        int status = response.status();
        long length = response.body().length();
        boolean noBody = isHead || status == 204 || status == 304 || (status >= 100 && status < 200);
        boolean http10 = head != null && head.version().equals("HTTP/1.0");
        boolean chunked = !noBody && length < 0 && !http10;
        keepAlive &= !(length < 0 && http10 && !noBody); // HTTP/1.0 has no chunking: the close ends the body
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Status")).append("\r\n");
        appendHeaders(text, response);
        if (chunked) {
            text.append("Transfer-Encoding: chunked\r\n");
        } else if (length >= 0 && (isHead || !noBody)) {
            // HEAD reports the length a GET would have (RFC 9110 §9.3.2), which S3 clients read as the object's size.
            text.append("Content-Length: ").append(length).append("\r\n");
        }
        if (!keepAlive) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody && length != 0) {
            writeBody(out, response, chunked);
        }
        out.flush();
    }

    /** The response's own headers, except the framing ones (this writer's job), and a Date when it has none. */
    private static void appendHeaders(StringBuilder text, EdgeResponse response) {
        boolean hasDate = false;
        for (Map.Entry<String, String> header : response.headers()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) {
                continue; // framing is this writer's job
            }
            hasDate |= name.equalsIgnoreCase("Date");
            text.append(name).append(": ").append(clean(header.getValue())).append("\r\n");
        }
        if (!hasDate) {
            text.append("Date: ").append(HttpConnection.httpDate()).append("\r\n");
        }
    }

    private static void writeBody(OutputStream out, EdgeResponse response, boolean chunked) throws IOException {
        if (chunked) {
            ChunkedOutput chunks = new ChunkedOutput(out);
            response.body().writeTo(chunks);
            chunks.finish();
        } else {
            response.body().writeTo(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() {
                    // the connection outlives the body
                }
            });
        }
    }

    /** Header values never carry CR or LF (response splitting). */
    private static String clean(String value) {
        return value.indexOf('\r') < 0 && value.indexOf('\n') < 0 ? value : value.replace('\r', ' ').replace('\n', ' ');
    }

    private static final class ChunkedOutput extends FilterOutputStream {
        ChunkedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b, off, len);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }

        @Override
        public void close() {
            // finish() ends the body; the connection stays open
        }

        void finish() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
