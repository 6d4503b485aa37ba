package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.EdgeRequest;

/** {@code x-amz-copy-source}: {@code [/]bucket/key[?versionId=…]}, URL-encoded. */
record CopySource(String bucket, String key, String versionId) {
    static CopySource parse(String header) {
        String value = header.startsWith("/") ? header.substring(1) : header;
        String versionId = null;
        int q = value.indexOf('?');
        if (q >= 0) {
            String query = value.substring(q + 1);
            value = value.substring(0, q);
            for (String pair : query.split("&")) {
                if (pair.startsWith("versionId=")) {
                    versionId = EdgeRequest.decodePath(pair.substring("versionId=".length()));
                }
            }
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw S3Error.INVALID_ARGUMENT.exception("Invalid copy source object key").with("ArgumentName", "x-amz-copy-source")
                    .with("ArgumentValue", header);
        }
        return new CopySource(EdgeRequest.decodePath(value.substring(0, slash)),
                EdgeRequest.decodePath(value.substring(slash + 1)), versionId);
    }

    /** The source version, checked against the {@code x-amz-copy-source-if-*} conditions. */
    ObjectVersion resolve(ObjectStore store, EdgeRequest r) {
        store.bucket(bucket);
        ObjectVersion v = ObjectApi.resolve(store, bucket, key, versionId);
        if (ObjectConditions.checkReadConditions(r, v, "x-amz-copy-source-if-match", "x-amz-copy-source-if-none-match",
                "x-amz-copy-source-if-modified-since", "x-amz-copy-source-if-unmodified-since")) {
            throw S3Error.PRECONDITION_FAILED.exception().with("Condition", "x-amz-copy-source-if-none-match");
        }
        return v;
    }
}
