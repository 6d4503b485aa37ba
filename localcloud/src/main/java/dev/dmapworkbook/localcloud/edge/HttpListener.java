package dev.dmapworkbook.localcloud.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The edge's HTTP/1.1 server: one thread accepts, each connection gets a thread of its own for as long as it is
 * open, and a watchdog cuts clients that stopped reading. The JDK's {@code com.sun.net.httpserver} could not be
 * bounded this way: it reads request heads on its worker pool (300 slow clients held all 256 threads and the
 * health check timed out), closes the connection without a response on too many or too large headers, and has
 * no per-read timeout. Thread per connection keeps services' blocking reads simple; every wait has a deadline
 * ({@link HttpLimits}), so stalled clients cost a sleeping thread each, up to {@code maxConnections}.
 */
final class HttpListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpListener.class.getName());

    private final ServerSocket server;
    private final HttpLimits limits;
    private final ExecutorService connections;
    private final ScheduledExecutorService watchdog;
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private volatile Thread acceptor;

    HttpListener(String host, int port, HttpLimits limits) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(host, port), 1024);
        this.limits = limits;
        this.connections = Executors.newCachedThreadPool(daemon("edge"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("edge-watchdog"));
    }

    int port() {
        return server.getLocalPort();
    }

    /** Starts accepting; each request goes to {@code dispatch}, each HTTP-level refusal through {@code problems}. */
    void start(Function<EdgeRequest, EdgeResponse> dispatch,
               BiFunction<HttpProblem, Map<String, List<String>>, EdgeResponse> problems) {
        watchdog.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            open.forEach(connection -> connection.cutIfStalled(now));
        }, 1, 1, TimeUnit.SECONDS);
        acceptor = daemon("edge-accept").newThread(() -> accept(dispatch, problems));
        acceptor.start();
    }

    private void accept(Function<EdgeRequest, EdgeResponse> dispatch,
                        BiFunction<HttpProblem, Map<String, List<String>>, EdgeResponse> problems) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed", e);
                continue;
            }
            if (open.size() >= limits.maxConnections()) {
                busy(socket, problems);
                continue;
            }
            HttpConnection[] self = new HttpConnection[1];
            self[0] = new HttpConnection(socket, limits, dispatch, problems, () -> open.remove(self[0]));
            open.add(self[0]);
            try {
                connections.execute(self[0]);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                open.remove(self[0]);
                closeQuietly(socket);
            }
        }
    }

    /** Over the connection limit: S3's 503 SlowDown, written at once (it fits any socket buffer), then close. */
    private void busy(Socket socket, BiFunction<HttpProblem, Map<String, List<String>>, EdgeResponse> problems) {
        try (socket; OutputStream out = socket.getOutputStream()) {
            ResponseWriter.write(out, null, problems.apply(new HttpProblem(503, "SlowDown",
                    "Please reduce your request rate: the local cloud has " + limits.maxConnections()
                            + " connections open."), Map.of()), false);
        } catch (IOException ignored) {
            // the client is gone either way
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        watchdog.shutdownNow();
        connections.shutdownNow();
        open.forEach(HttpConnection::close);
    }
}
