package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of one key as stored beside its data file: an object or a delete marker.
 *
 * @param versionId    {@code null} (the string) when versioning was never enabled or is suspended
 * @param seq          store-wide increasing number; orders a key's versions, newest first
 * @param dataFile     file name of the content in the same folder; null for a delete marker
 * @param eTag         hex MD5 (multipart: MD5 of the parts' MD5s, then {@code -N}), unquoted
 * @param headers      stored system metadata: Content-Encoding, Content-Disposition, Cache-Control, …
 * @param checksums    algorithm name ({@code CRC32}, …) to base64 value
 * @param checksumType {@code FULL_OBJECT} or {@code COMPOSITE}
 * @param partSizes    sizes of the parts of a multipart object; empty otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ObjectVersion(String key, String versionId, long seq, boolean deleteMarker, String dataFile, long size,
                     String eTag, long lastModified, String contentType, Map<String, String> userMetadata,
                     Map<String, String> headers, Map<String, String> checksums, String checksumType,
                     List<Long> partSizes) {
    static final String NULL_VERSION = "null";

    /**
     * A bucket's index holds one of these per key (a million keys: a million versions), so the values many versions
     * share are shared, and the usual maps of none or one entry take the smallest form.
     */
    ObjectVersion {
        versionId = NULL_VERSION.equals(versionId) ? NULL_VERSION : versionId;
        contentType = contentType == null ? null : contentType.intern();
        checksumType = checksumType == null ? null : checksumType.intern();
        userMetadata = compact(userMetadata);
        headers = compact(headers);
        checksums = compact(checksums);
        partSizes = partSizes == null ? List.of() : partSizes;
    }

    private static Map<String, String> compact(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        if (map.size() == 1) {
            Map.Entry<String, String> only = map.entrySet().iterator().next();
            if (only.getKey() != null && only.getValue() != null) {
                return Map.of(only.getKey().intern(), only.getValue());
            }
        }
        return map;
    }

    String quotedETag() {
        return "\"" + eTag + "\"";
    }

    Instant lastModifiedInstant() {
        return Instant.ofEpochMilli(lastModified);
    }

    S3Objects.ObjectSummary summary() {
        return new S3Objects.ObjectSummary(key, quotedETag(), size, lastModifiedInstant(), "STANDARD");
    }
}
