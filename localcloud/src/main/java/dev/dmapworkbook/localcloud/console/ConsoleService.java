package dev.dmapworkbook.localcloud.console;

import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.edge.AwsProtocol;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.edge.Service;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console on the edge port, under {@code /_console/}: it is same-origin with the API, so the edge's origin
 * guard lets its pages' own requests through and nobody else's. Pages are rendered on the server from the services'
 * in-process APIs; the only writes are Start execution and Stop execution (POST, answered by a redirect).
 */
public final class ConsoleService implements Service {
    static final String PREFIX = "/_console/";
    private static final Logger LOG = Logger.getLogger(ConsoleService.class.getName());
    /** No inline script runs, whatever a page shows; styles inline only for the graph's own SVG stylesheet. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Backends backends;

    /** {@code services}: the others, in-process (Step Functions, Lambda, Logs, S3, DynamoDB, CloudFormation). */
    public ConsoleService(List<Service> services) {
        this.backends = new Backends(services);
    }

    @Override
    public String signingName() {
        return "console";
    }

    @Override
    public AwsProtocol protocol() {
        return AwsProtocol.REST_XML;
    }

    @Override
    public boolean ownsPath(String path) {
        return path.startsWith(PREFIX) || path.equals("/_console");
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        if (request.rawPath().equals("/_console")) {
            return redirect(PREFIX);
        }
        String[] parts = request.rawPath().substring(PREFIX.length()).split("/", -1);
        String[] segments = Arrays.stream(parts).map(EdgeRequest::decodePath).toArray(String[]::new);
        try {
            return route(request, segments);
        } catch (ServiceException e) {
            return page(status(e),
                    ErrorPage.render(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "console page " + request.rawPath() + " failed", e);
            return page(500, ErrorPage.render("InternalError", e.toString()));
        }
    }

    private EdgeResponse route(EdgeRequest request, String[] s) {
        String kind = s[0];
        boolean post = request.method().equals("POST");
        if (!post && !request.method().equals("GET") && !request.method().equals("HEAD")) {
            return page(405, ErrorPage.render("MethodNotAllowed", "The console answers GET, and POST for its two actions."));
        }
        if (s.length == 1 && kind.isEmpty()) {
            return page(200, HomePage.render(backends));
        }
        if (kind.equals("assets") && s.length == 2) {
            return asset(s[1]);
        }
        if (kind.equals("search") && s.length == 1) {
            return redirect(Search.target(backends, request.query("arn").orElse("").trim()));
        }
        if (s.length == 3 && post && kind.equals("state-machines") && s[2].equals("start")) {
            return redirect(Actions.start(backends, s[1], request.form()));
        }
        if (s.length == 3 && post && kind.equals("executions") && s[2].equals("stop")) {
            return redirect(Actions.stop(backends, s[1]));
        }
        if (s.length == 3 && kind.equals("live")) {
            return LiveData.answer(backends, s[1], s[2]);
        }
        if (s.length != 2 || post || s[1].isEmpty()) {
            return page(404, ErrorPage.render("NotFound", "The console has no page " + request.path()));
        }
        String id = s[1];
        return switch (kind) {
            case "state-machines" -> page(200, StateMachinePage.render(backends, id));
            case "executions" -> page(200, ExecutionPage.render(backends, id));
            case "map-runs" -> page(200, MapRunPage.render(backends, id, request.query("status").orElse(""),
                    request.query("page").orElse(null)));
            case "functions" -> page(200, FunctionPage.render(backends, id));
            case "s3" -> page(200, S3Page.render(backends, id, request.query("prefix").orElse(""),
                    request.query("key").orElse(null), request.query("after").orElse(null)));
            case "dynamodb" -> page(200, DynamoDbPage.render(backends, id, request.query("start").orElse(null)));
            default -> page(404, ErrorPage.render("NotFound", "The console has no page " + request.path()));
        };
    }

    /** A missing resource is a 404 page, whatever status the API gives it (Step Functions says 400). */
    private static int status(ServiceException e) {
        boolean missing = e.code().contains("NotFound") || e.code().contains("DoesNotExist") || e.code().startsWith("NoSuch");
        return missing ? 404 : e.status() >= 500 ? 500 : e.status();
    }

    static EdgeResponse page(int status, String html) {
        return secured(EdgeResponse.bytes(status, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8"));
    }

    static EdgeResponse secured(EdgeResponse response) {
        return response.header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store").header("Referrer-Policy", "same-origin");
    }

    private static EdgeResponse redirect(String location) {
        return secured(EdgeResponse.empty(303).header("Location", location));
    }

    private static EdgeResponse asset(String name) {
        String type = name.equals("console.css") ? "text/css; charset=utf-8"
                : name.equals("console.js") ? "text/javascript; charset=utf-8" : null;
        if (type == null) {
            return page(404, ErrorPage.render("NotFound", "No console asset " + name));
        }
        try (InputStream in = ConsoleService.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the console asset " + name + " is missing from the jar");
            }
            return secured(EdgeResponse.bytes(200, in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
