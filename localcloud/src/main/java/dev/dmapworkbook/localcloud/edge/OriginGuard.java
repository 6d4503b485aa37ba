package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.ServiceException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps other web sites out. A browser page may send requests to any address, the loopback included, and
 * tells where it comes from in {@code Origin} (Fetch Standard §3.1; every POST carries it) or, for a GET
 * without one, in {@code Sec-Fetch-Site} and {@code Referer}. The local cloud answers only its own origin
 * and the origins allowed with {@code --allow-origin}; SDKs, the AWS CLI and the labs send none of these
 * headers and are unaffected. {@code Host} must name this machine's loopback (or the configured host), so a
 * page whose DNS name was rebound to 127.0.0.1 is refused as well (RFC 6761 §6.3: {@code *.localhost} is
 * always the loopback, which is why S3's virtual-host names {@code bucket.localhost} are safe). The edge and every
 * other port the local cloud opens on the loopback (a Lambda worker's Runtime API) apply this one rule.
 */
public final class OriginGuard {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-f:.]+]");
    /** Navigations other pages may make: a link to the console opens it (it then calls same-origin). */
    private static final String CONSOLE_PREFIX = "/_console/";

    private final Set<String> own = new LinkedHashSet<>();
    private final Set<String> allowed = new LinkedHashSet<>();
    private final String configuredHost;
    private final boolean wildcardBind;

    OriginGuard(String host, int port, List<String> extraOrigins) {
        this.configuredHost = host.toLowerCase(Locale.ROOT);
        this.wildcardBind = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        for (String loopback : List.of("127.0.0.1", "localhost", "[::1]", hostForUrl(configuredHost))) {
            own.add(normalize("http://" + loopback + ":" + port)
                    .orElseThrow(() -> new IllegalArgumentException("cannot form an origin for host " + host)));
        }
        allowed.addAll(own);
        for (String origin : extraOrigins) {
            allowed.add(normalize(origin).orElseThrow(() -> new IllegalArgumentException("--allow-origin '" + origin
                    + "' is not a web origin; write it as scheme://host[:port], e.g. http://localhost:8888")));
        }
    }

    /** The guard of a loopback port other than the edge's (a Lambda worker's Runtime API): no other origin allowed. */
    public static OriginGuard forLoopbackPort(int port) {
        return new OriginGuard("127.0.0.1", port, List.of());
    }

    /** {@link #refusal(EdgeRequest)} for a server that is not the edge: the request's method, path and headers. */
    public Optional<String> refusal(String method, String rawPath, Map<String, List<String>> headers) {
        return refusal(EdgeRequest.of(method, rawPath, headers, new byte[0]));
    }

    /** The local cloud's own origin, as a browser on its console sends it. */
    String ownOrigin() {
        return own.iterator().next();
    }

    /** Why the request is refused (403, said as a sentence), or empty when it may go on to a service. */
    Optional<String> refusal(EdgeRequest request) {
        Optional<String> host = request.header("Host");
        if (host.isPresent() && !hostAllowed(host.get())) {
            return Optional.of("the Host '" + host.get() + "' is not this machine's loopback or the configured "
                    + "host (a web page whose DNS name points here must not reach the local cloud)");
        }
        Optional<String> origin = request.header("Origin");
        if (origin.isPresent()) {
            return allowedOrigin(origin.get()) ? Optional.empty()
                    : Optional.of("requests from the web origin '" + origin.get() + "' are refused; only "
                    + String.join(", ", allowed) + " may call it (allow more with --allow-origin)");
        }
        String site = request.header("Sec-Fetch-Site").orElse("none").toLowerCase(Locale.ROOT);
        if (site.equals("none") || site.equals("same-origin")) {
            return Optional.empty();
        }
        Optional<String> referer = request.header("Referer").flatMap(OriginGuard::normalize);
        if (referer.isPresent() && allowed.contains(referer.get())) {
            return Optional.empty();
        }
        boolean consoleNavigation = request.method().equals("GET") && request.rawPath().startsWith(CONSOLE_PREFIX)
                && request.header("Sec-Fetch-Mode").orElse("").equalsIgnoreCase("navigate");
        return consoleNavigation ? Optional.empty()
                : Optional.of("a " + site + " request from another web page is refused (allow its origin with --allow-origin)");
    }

    boolean allowedOrigin(String origin) {
        return normalize(origin).filter(allowed::contains).isPresent();
    }

    /**
     * The answer to a CORS preflight (Fetch Standard §3.2.2): for an allowed origin, the methods and the headers
     * it asked for; S3's answer to a preflight without {@code Origin} otherwise. Refused origins never get here.
     */
    EdgeResponse preflight(EdgeRequest request) {
        Optional<String> origin = request.header("Origin");
        if (origin.isEmpty()) {
            throw new ServiceException(400, "BadRequest", "Insufficient information. Origin request header needed.");
        }
        EdgeResponse response = EdgeResponse.empty(200)
                .header("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, HEAD")
                .header("Access-Control-Max-Age", "600");
        request.header("Access-Control-Request-Headers")
                .ifPresent(headers -> response.header("Access-Control-Allow-Headers", headers));
        return withCors(request, response);
    }

    /** Adds the CORS response headers an allowed cross-origin caller needs to read the answer. */
    EdgeResponse withCors(EdgeRequest request, EdgeResponse response) {
        Optional<String> origin = request.header("Origin");
        if (origin.isPresent() && allowedOrigin(origin.get())) {
            response.header("Access-Control-Allow-Origin", origin.get())
                    .header("Access-Control-Expose-Headers",
                            "ETag, x-amz-request-id, x-amzn-RequestId, x-amz-version-id, X-Amzn-ErrorType")
                    .header("Vary", "Origin");
        }
        return response;
    }

    boolean hostAllowed(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(0, end + 1);
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // "localhost." is the same name, fully qualified
        }
        return host.equals("localhost") || host.endsWith(".localhost") || host.equals("[::1]")
                || IPV4_LOOPBACK.matcher(host).matches() || host.equals(hostForUrl(configuredHost))
                || (wildcardBind && IP_LITERAL.matcher(host).matches());
    }

    /** {@code scheme://host:port} in lower case with the scheme's default port spelled out, or empty if not an origin. */
    static Optional<String> normalize(String origin) {
        try {
            URI uri = new URI(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
