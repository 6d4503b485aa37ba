package dev.dmapworkbook.localcloud.edge;

import java.util.List;

/**
 * What the edge lets in besides the local cloud's own tools.
 *
 * @param allowedOrigins     web origins ({@code http://localhost:8888}) that may call the local cloud from a browser,
 *                           besides its own origin; from {@code --allow-origin}
 * @param verifySignatures   check each request's SigV4 signature against the credentials the local cloud knows
 *                           ({@code --verify-signatures}); off by default, as the labs sign with {@code test/test}
 */
public record EdgeSettings(List<String> allowedOrigins, boolean verifySignatures) {
    public EdgeSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public static EdgeSettings defaults() {
        return new EdgeSettings(List.of(), false);
    }
}
