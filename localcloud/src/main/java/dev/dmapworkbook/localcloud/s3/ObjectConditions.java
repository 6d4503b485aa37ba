package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.core.ServiceException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conditional requests and ranges on objects (RFC 9110 sections 13 and 14, as S3 applies them): If-Match,
 * If-None-Match, If-Modified-Since and If-Unmodified-Since on reads (and their x-amz-copy-source forms), the
 * If-Match/If-None-Match of conditional writes, and a single {@code bytes=} range.
 */
final class ObjectConditions {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private ObjectConditions() {
    }

    /**
     * RFC 9110 §13.2.2 evaluation as S3 documents it: If-Match/If-Unmodified-Since fail with 412; If-None-Match/
     * If-Modified-Since give 304 (true returned). An If-Match that holds overrides If-Unmodified-Since, and a
     * failing If-None-Match overrides If-Modified-Since.
     */
    static boolean checkReadConditions(EdgeRequest r, ObjectVersion v, String ifMatchHeader, String ifNoneMatchHeader,
                                       String ifModifiedSinceHeader, String ifUnmodifiedSinceHeader) {
        Instant modified = Instant.ofEpochMilli(v.lastModified() / 1000 * 1000);
        Optional<String> ifMatch = r.header(ifMatchHeader);
        if (ifMatch.isPresent()) {
            if (!eTagMatches(ifMatch.get(), v)) {
                throw S3Error.PRECONDITION_FAILED.exception().with("Condition", ifMatchHeader);
            }
        } else {
            Optional<Instant> since = r.header(ifUnmodifiedSinceHeader).flatMap(S3Xml::parseHttpDate);
            if (since.isPresent() && modified.isAfter(since.get())) {
                throw S3Error.PRECONDITION_FAILED.exception().with("Condition", ifUnmodifiedSinceHeader);
            }
        }
        Optional<String> ifNoneMatch = r.header(ifNoneMatchHeader);
        if (ifNoneMatch.isPresent()) {
            return eTagMatches(ifNoneMatch.get(), v);
        }
        Optional<Instant> since = r.header(ifModifiedSinceHeader).flatMap(S3Xml::parseHttpDate);
        return since.isPresent() && !modified.isAfter(since.get());
    }

    private static boolean eTagMatches(String condition, ObjectVersion v) {
        for (String tag : condition.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.replace("\"", "").equals(v.eTag())) {
                return true;
            }
        }
        return false;
    }

    /** Conditional writes: {@code If-None-Match: *} (only if absent) and {@code If-Match} (only if unchanged). */
    static void checkWriteConditions(ObjectStore store, EdgeRequest r, String bucket, String key) {
        Optional<String> ifNoneMatch = r.header("If-None-Match");
        Optional<String> ifMatch = r.header("If-Match");
        if (ifNoneMatch.isEmpty() && ifMatch.isEmpty()) {
            return;
        }
        Optional<ObjectVersion> current = store.current(bucket, key).filter(v -> !v.deleteMarker());
        if (ifNoneMatch.isPresent()) {
            if (!ifNoneMatch.get().trim().equals("*")) {
                throw S3Error.NOT_IMPLEMENTED.exception("If-None-Match on a write supports only '*'");
            }
            if (current.isPresent()) {
                throw S3Error.PRECONDITION_FAILED.exception().with("Condition", "If-None-Match");
            }
        }
        if (ifMatch.isPresent()) {
            ObjectVersion v = current.orElseThrow(() -> S3Error.noSuchKey(key));
            if (!eTagMatches(ifMatch.get(), v)) {
                throw S3Error.PRECONDITION_FAILED.exception().with("Condition", "If-Match");
            }
        }
    }

    /** {@code [first, last]} of a single satisfiable byte range; null to ignore the header (RFC 9110 §14.2). */
    /** The bytes a GET or HEAD returns: all of them, one part ({@code partNumber}) or one range; {@code contentRange} is null for all. */
    record Span(long start, long length, String contentRange) {
    }

    static Span span(EdgeRequest r, ObjectVersion v) {
        long size = v.size();
        Optional<String> partNumber = r.query("partNumber");
        Optional<String> range = r.header("Range");
        if (partNumber.isPresent()) {
            if (range.isPresent()) {
                throw S3Error.INVALID_REQUEST.exception("Cannot specify both Range header and partNumber query parameter");
            }
            int part = S3Api.partNumber(partNumber.get());
            List<Long> parts = v.partSizes().isEmpty() ? List.of(size) : v.partSizes();
            if (part > parts.size()) {
                throw S3Error.INVALID_PART_NUMBER.exception().with("PartNumberRequested", String.valueOf(part))
                        .with("ActualPartCount", String.valueOf(parts.size()));
            }
            long start = 0;
            for (int i = 0; i < part - 1; i++) {
                start += parts.get(i);
            }
            long length = parts.get(part - 1);
            // a part of a single-part object is the whole object, answered as such (200, no Content-Range)
            return new Span(start, length, v.partSizes().isEmpty() ? null : "bytes " + start + "-" + (start + length - 1) + "/" + size);
        }
        long[] span = range.isPresent() ? range(range.get().trim(), size) : null;
        return span == null ? new Span(0, size, null) : new Span(span[0], span[1] - span[0] + 1, "bytes " + span[0] + "-" + span[1] + "/" + size);
    }

    private static long[] range(String header, long size) {
        Matcher m = RANGE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw invalidRange(header, size);
                }
                return new long[]{Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
            if (last < first) {
                return null;
            }
            if (first >= size) {
                throw invalidRange(header, size);
            }
            return new long[]{first, Math.min(last, size - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ServiceException invalidRange(String header, long size) {
        return S3Error.INVALID_RANGE.exception().with("RangeRequested", header).with("ActualObjectSize", String.valueOf(size))
                .withHeader("Content-Range", "bytes */" + size);
    }
}
