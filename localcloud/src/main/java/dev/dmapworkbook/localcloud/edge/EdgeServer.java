package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.RequestIds;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one HTTP port of the local cloud ({@link HttpListener}). Every request goes through {@link #dispatch}: the
 * origin guard, the health check,
 * else route to a service, call it, and render any error with that service's protocol. A Java exception
 * never reaches the client as a stack trace: it becomes the protocol's internal-error shape and is logged.
 */
public final class EdgeServer implements AutoCloseable {
    public static final String HEALTH_PATH = "/_localcloud/health";
    private static final Logger LOG = Logger.getLogger(EdgeServer.class.getName());
    /** The local cloud's own endpoints (health, Lambda code downloads) and the console: not AWS APIs, never signed. */
    private static final String OWN_PATHS = "/_localcloud/";
    private static final String CONSOLE_PATHS = "/_console/";

    private final HttpListener server;
    private volatile ServiceRouter router = new ServiceRouter(List.of());
    private volatile List<Service> services = List.of();
    private final OriginGuard guard;
    private final SignatureCheck signatures;

    /** Binds the port at once (so services can learn it before they start); serves after {@link #start}. */
    public EdgeServer(String host, int port) throws IOException {
        this(host, port, EdgeSettings.defaults());
    }

    public EdgeServer(String host, int port, EdgeSettings settings) throws IOException {
        this(host, port, settings, HttpLimits.defaults());
    }

    EdgeServer(String host, int port, EdgeSettings settings, HttpLimits limits) throws IOException {
        this.server = new HttpListener(host, port, limits);
        this.guard = new OriginGuard(host, port(), settings.allowedOrigins());
        this.signatures = settings.verifySignatures() ? new SignatureCheck(SignatureCheck.KNOWN_CREDENTIALS) : null;
    }

    public void start(List<Service> services) {
        this.services = List.copyOf(services);
        this.router = new ServiceRouter(this.services);
        server.start(this::dispatch, (problem, headers) ->
                ServiceRouter.protocolOf(EdgeRequest.of("GET", "/", headers, new byte[0])).render(problem, RequestIds.next()));
    }

    public int port() {
        return server.port();
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
            ServiceRouter.checkRegion(request, protocol);
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

    @Override
    public void close() {
        server.close();
    }
}
