package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.RequestIds;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection, on its own thread: requests one after the other (RFC 9112 §9.3 persistence), each read
 * within {@link HttpLimits}, answered through the edge's dispatch, the unread rest of its body drained or the
 * connection closed. A request the HTTP layer refuses gets its error response and then the connection closes,
 * lingering long enough for the client to read the answer (RFC 9112 §9.6).
 */
final class HttpConnection implements Runnable {
    private static final Logger LOG = Logger.getLogger(HttpConnection.class.getName());
    private static final long MAX_DRAIN = 16L * 1024 * 1024;

    private final Socket socket;
    private final HttpLimits limits;
    private final Function<EdgeRequest, EdgeResponse> dispatch;
    private final BiFunction<HttpProblem, Map<String, java.util.List<String>>, EdgeResponse> problems;
    private final Runnable onClose;
    private final Deadlines deadlines = new Deadlines();
    /** When the response write last made progress, or 0 when not writing: the watchdog cuts a stalled reader. */
    volatile long writingSince;

    HttpConnection(Socket socket, HttpLimits limits, Function<EdgeRequest, EdgeResponse> dispatch,
                   BiFunction<HttpProblem, Map<String, java.util.List<String>>, EdgeResponse> problems, Runnable onClose) {
        this.socket = socket;
        this.limits = limits;
        this.dispatch = dispatch;
        this.problems = problems;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setTcpNoDelay(true); // else every SDK call waits ~40 ms for delayed ACKs
            InputStream in = new BufferedInputStream(new DeadlineInput(socket.getInputStream(), deadlines), 16 * 1024);
            OutputStream out = new ProgressOutput(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024), this);
            while (serveOne(in, out)) {
                // next request on the same connection
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away", e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "edge connection failed", e);
        } finally {
            onClose.run();
        }
    }

    /** Serves one request; false when the connection must close. */
    private boolean serveOne(InputStream in, OutputStream out) throws IOException {
        deadlines.idle(limits.idleTimeout().toMillis());
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException idle) {
            return false;
        }
        if (first < 0) {
            return false;
        }
        deadlines.until(System.nanoTime() + limits.headerTimeout().toNanos());
        RequestHead head;
        RequestBody body;
        try {
            head = RequestHead.read(first, in, limits);
            body = RequestBody.of(head, in);
        } catch (HttpProblem problem) {
            refuse(problem, Map.of(), in, out);
            return false;
        } catch (SocketTimeoutException slow) {
            refuse(HttpProblem.timeout(), Map.of(), in, out);
            return false;
        }
        deadlines.idle(limits.bodyIdleTimeout().toMillis());
        EdgeResponse response = answer(head, body, out);
        boolean keepAlive = keepAlive(head);
        try {
            keepAlive &= body.drain(MAX_DRAIN);
        } catch (HttpProblem problem) {
            keepAlive = false;
        }
        ResponseWriter.write(out, head, response, keepAlive);
        return keepAlive;
    }

    /** The service's answer to a request whose head was read (a client that expects it is told to send the body). */
    private EdgeResponse answer(RequestHead head, RequestBody body, OutputStream out) throws IOException {
        if (head.version().equals("HTTP/1.1") && head.header("Expect").orElse("").equalsIgnoreCase("100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        EdgeRequest request = new EdgeRequest(head.method(), head.rawPath(), head.rawQuery(), head.headers(), body,
                RequestIds.next());
        EdgeResponse response = dispatch.apply(request);
        if (response.headers().stream().noneMatch(h -> h.getKey().equalsIgnoreCase("x-amzn-RequestId"))) {
            response.header("x-amzn-RequestId", request.requestId()); // every AWS answer names its request
        }
        return response;
    }

    private static boolean keepAlive(RequestHead head) {
        String connection = head.header("Connection").orElse("").toLowerCase(java.util.Locale.ROOT);
        return head.version().equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
    }

    /** Answers a request the HTTP layer refused, then closes after reading (and dropping) what the client still sends. */
    private void refuse(HttpProblem problem, Map<String, java.util.List<String>> headers, InputStream in, OutputStream out)
            throws IOException {
        LOG.log(Level.FINE, "refused a request: " + problem.getMessage());
        ResponseWriter.write(out, null, problems.apply(problem, headers), false);
        socket.shutdownOutput();
        deadlines.until(System.nanoTime() + 2_000_000_000L);
        byte[] sink = new byte[64 * 1024];
        long left = MAX_DRAIN;
        try {
            for (int n = in.read(sink); n >= 0 && left > 0; n = in.read(sink)) {
                left -= n;
            }
        } catch (IOException done) {
            // the client stopped sending or the lingering time is up
        }
    }

    /** The read timeout for the next socket read: a fixed idle time, or what is left until a deadline. */
    private final class Deadlines {
        private long idleMillis;
        private long deadlineNanos;

        void idle(long millis) {
            idleMillis = millis;
            deadlineNanos = 0;
        }

        void until(long nanos) {
            deadlineNanos = nanos;
        }

        void apply() throws IOException {
            long millis = deadlineNanos == 0 ? idleMillis : (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (millis <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
        }
    }

    private static final class DeadlineInput extends FilterInputStream {
        private final Deadlines deadlines;

        DeadlineInput(InputStream in, Deadlines deadlines) {
            super(in);
            this.deadlines = deadlines;
        }

        @Override
        public int read() throws IOException {
            deadlines.apply();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            deadlines.apply();
            return super.read(b, off, len);
        }
    }

    /** Marks the connection as writing while bytes go out, so the watchdog can tell a client that stopped reading. */
    private static final class ProgressOutput extends FilterOutputStream {
        private final HttpConnection connection;

        ProgressOutput(OutputStream out, HttpConnection connection) {
            super(out);
            this.connection = connection;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int at = off; at < off + len; at += 16 * 1024) {
                connection.writingSince = System.nanoTime();
                out.write(b, at, Math.min(16 * 1024, off + len - at));
            }
            connection.writingSince = 0;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            connection.writingSince = System.nanoTime();
            out.flush();
            connection.writingSince = 0;
        }
    }

    /** Cuts the connection if its client has not read for longer than the write timeout (called by the watchdog). */
    void cutIfStalled(long now) {
        long since = writingSince;
        if (since != 0 && now - since > limits.writeTimeout().toNanos()) {
            LOG.log(Level.INFO, "closing a connection whose client stopped reading its response");
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    /** Closes the socket, ending whatever the connection's thread waits for (the edge is shutting down). */
    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    static String httpDate() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    }
}
