package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.RequestIds;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one HTTP port of the local cloud. Every request goes through {@link #dispatch}: the health check,
 * else route to a service, call it, and render any error with that service's protocol. A Java exception
 * never reaches the client as a stack trace: it becomes the protocol's internal-error shape and is logged.
 */
public final class EdgeServer implements AutoCloseable {
    public static final String HEALTH_PATH = "/_localcloud/health";
    private static final Logger LOG = Logger.getLogger(EdgeServer.class.getName());
    private static final long MAX_DRAIN = 16L * 1024 * 1024;
    /** The local cloud's own endpoints (health, Lambda code downloads) and the console: not AWS APIs, never signed. */
    private static final String OWN_PATHS = "/_localcloud/";
    private static final String CONSOLE_PATHS = "/_console/";

    static {
        // Without TCP_NODELAY every SDK call waits ~40 ms for delayed ACKs (measured: 45 ms vs 1.8 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private volatile ServiceRouter router = new ServiceRouter(List.of());
    private volatile List<Service> services = List.of();
    private final OriginGuard guard;
    private final SignatureCheck signatures;

    /** Binds the port at once (so services can learn it before they start); serves after {@link #start}. */
    public EdgeServer(String host, int port) throws IOException {
        this(host, port, EdgeSettings.defaults());
    }

    public EdgeServer(String host, int port, EdgeSettings settings) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
        this.guard = new OriginGuard(host, port(), settings.allowedOrigins());
        this.signatures = settings.verifySignatures() ? new SignatureCheck(SignatureCheck.KNOWN_CREDENTIALS) : null;
        this.executor = new ThreadPoolExecutor(256, 256, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "edge");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
    }

    public void start(List<Service> services) {
        this.services = List.copyOf(services);
        this.router = new ServiceRouter(this.services);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            EdgeRequest request = new EdgeRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), exchange.getRequestBody(),
                    RequestIds.next());
            EdgeResponse response = dispatch(request);
            if (!drained(exchange.getRequestBody())) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            write(exchange, request, response);
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away", e);
        } catch (RuntimeException e) {
            // A body writer failed after the status line went out: all that is left is to cut the connection.
            LOG.log(Level.WARNING, "failed while sending a response to " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getRawPath(), e);
        }
    }

    /**
     * Reads what the service left of the request body before the response goes out. A client that sent
     * {@code Expect: 100-continue} (the SDK's PutObject) is still writing the body when an early error is ready;
     * answering first made the JDK's HttpURLConnection lose the response on a kept-alive connection and wait
     * for its read timeout. False when the rest is too large to be worth reading (then the connection closes).
     */
    private static boolean drained(InputStream body) {
        try {
            long left = MAX_DRAIN;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                left -= n;
                if (left < 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Answers one request; public so in-process callers and tests go through the same path as HTTP. Other web
     * sites are refused before anything else looks at the request ({@link OriginGuard}).
     */
    public EdgeResponse dispatch(EdgeRequest request) {
        AwsProtocol protocol = ServiceRouter.protocolOf(request);
        Optional<String> refusal = guard.refusal(request);
        if (refusal.isPresent()) {
            LOG.log(Level.WARNING, "refused " + request.method() + " " + request.rawPath() + ": " + refusal.get());
            protocol = router.protocolFor(request).orElse(protocol);
            return protocol.render(new ServiceException(403, protocol.isJson() ? "AccessDeniedException" : "AccessDenied",
                    "The local cloud refused this request: " + refusal.get() + "."), request.requestId());
        }
        return guard.withCors(request, answer(request, protocol));
    }

    private EdgeResponse answer(EdgeRequest request, AwsProtocol protocol) {
        try {
            if (request.method().equals("OPTIONS")) {
                return guard.preflight(request);
            }
            if (request.rawPath().equals(HEALTH_PATH)) {
                return EdgeResponse.json(200, health());
            }
            Service service = router.route(request);
            protocol = service.protocol();
            if (signatures != null && !request.rawPath().startsWith(OWN_PATHS) && !request.rawPath().startsWith(CONSOLE_PATHS)) {
                signatures.verify(request, protocol);
            }
            return service.handle(request);
        } catch (ServiceException e) {
            return protocol.render(e, request.requestId());
        } catch (Exception | StackOverflowError e) {
            LOG.log(Level.SEVERE, "internal error in " + request.service() + " for " + request.method() + " "
                    + request.rawPath(), e);
            ServiceException internal = new ServiceException(500,
                    protocol == AwsProtocol.REST_XML ? "InternalError" : "InternalFailure",
                    "The local cloud failed to handle this request (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage())
                            + "); details are in the local cloud's log");
            return protocol.render(internal, request.requestId());
        }
    }

    public ObjectNode health() {
        ObjectNode services = Json.MAPPER.createObjectNode();
        for (Service service : this.services) {
            services.put(service.signingName(), service.state());
        }
        ObjectNode health = Json.object("status", "running", "port", port(), "pid", ProcessHandle.current().pid());
        health.set("services", services);
        return health;
    }

    private static void write(HttpExchange exchange, EdgeRequest request, EdgeResponse response) throws IOException {
        var headers = exchange.getResponseHeaders();
        for (Map.Entry<String, String> header : response.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        headers.putIfAbsent("x-amzn-RequestId", List.of(request.requestId()));
        long length = response.body().length();
        boolean noBody = request.method().equals("HEAD") || response.status() == 204 || response.status() == 304;
        if (noBody) {
            // HttpServer sends no Content-Length for HEAD unless it is set by hand; HEAD must report the
            // length a GET would have (RFC 9110 §9.3.2), which S3 clients read as the object's size.
            if (request.method().equals("HEAD") && length >= 0 && response.status() != 304) {
                headers.set("Content-Length", Long.toString(length));
            }
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length < 0 ? 0 : length);
        if (length != 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                response.body().writeTo(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
