package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.EdgeRequest;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bucket and key of a request. Virtual-host style names the bucket in the host ({@code bucket.localhost:4566},
 * {@code bucket.s3.localhost…}, {@code bucket.s3.us-east-1.localhost…}); otherwise the first path segment is
 * the bucket (path style, what SDKs use for an IP-address endpoint). The key is the rest of the path, decoded.
 *
 * @param bucket null for the service root (ListBuckets)
 * @param key    null for a bucket-level request
 */
record S3Address(String bucket, String key) {
    private static final Pattern S3_HOST = Pattern.compile("(.+)\\.s3(?:[.-][a-z0-9-]+)?");
    private static final Pattern BARE_S3 = Pattern.compile("s3(?:[.-][a-z0-9-]+)?");

    static S3Address of(EdgeRequest request) {
        String bucket = virtualHostBucket(request.header("Host").orElse(""));
        String raw = request.rawPath();
        String path = raw.startsWith("/") ? raw.substring(1) : raw;
        if (bucket != null) {
            return new S3Address(bucket, path.isEmpty() ? null : EdgeRequest.decodePath(path));
        }
        if (path.isEmpty()) {
            return new S3Address(null, null);
        }
        int slash = path.indexOf('/');
        String first = EdgeRequest.decodePath(slash < 0 ? path : path.substring(0, slash));
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        return new S3Address(first, rest.isEmpty() ? null : EdgeRequest.decodePath(rest));
    }

    /** The bucket a {@code Host} header names, or null for path-style hosts (IP addresses, {@code localhost}). */
    static String virtualHostBucket(String hostHeader) {
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return null; // IPv6 literal
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (!host.endsWith(".localhost")) {
            return null;
        }
        String rest = host.substring(0, host.length() - ".localhost".length());
        if (BARE_S3.matcher(rest).matches()) {
            return null;
        }
        Matcher m = S3_HOST.matcher(rest);
        return m.matches() ? m.group(1) : rest;
    }
}
