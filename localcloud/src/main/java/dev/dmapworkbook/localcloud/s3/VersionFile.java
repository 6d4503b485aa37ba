package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * An {@link ObjectVersion} as its version file ({@code objects/<hh>/<sha256(key)>.<versionId>.json}) and each line of
 * a bucket's {@code index.snapshot} hold it: every field by name, the data file's too (files written before the
 * compact index, with 128-bit nonces, load and are served as they are). See {@link ObjectVersion#of} for the fields.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record VersionFile(String key, String versionId, long seq, boolean deleteMarker, String dataFile, long size,
                   String eTag, long lastModified, String contentType, Map<String, String> userMetadata,
                   Map<String, String> headers, Map<String, String> checksums, String checksumType,
                   List<Long> partSizes) {

    static VersionFile of(ObjectVersion v) {
        return new VersionFile(v.key(), v.versionId(), v.seq(), v.deleteMarker(), v.dataFile(), v.size(), v.eTag(),
                v.lastModified(), v.contentType(), v.userMetadata(), v.headers(), v.checksums(), v.checksumType(),
                v.partSizes());
    }

    ObjectVersion toVersion() {
        return ObjectVersion.of(key, versionId, seq, deleteMarker, dataFile, size, eTag, lastModified, contentType,
                userMetadata, headers, checksums, checksumType, partSizes);
    }
}
