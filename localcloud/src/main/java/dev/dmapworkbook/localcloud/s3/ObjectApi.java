package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.core.Xml;
import org.w3c.dom.Element;

import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** PutObject, GetObject/HeadObject (ranges, conditions, checksums), DeleteObject(s) and CopyObject. */
final class ObjectApi {
    private static final int MAX_DELETE_OBJECTS = 1000;

    private ObjectApi() {
    }

    static EdgeResponse putObject(ObjectStore store, EdgeRequest r, String bucket, String key) {
        Keys.validateKey(key);
        store.bucket(bucket);
        rejectUnsupportedHeaders(r, "PutObject");
        ObjectConditions.checkWriteConditions(store, r, bucket, key);
        StagedData data = RequestContent.stage(store, bucket, r, Optional.empty());
        ObjectVersion v = store.commit(bucket, key, data,
                new ObjectStore.Attributes(r.header("Content-Type").orElse(null), S3Api.userMetadata(r), S3Api.storedHeaders(r)));
        EdgeResponse response = EdgeResponse.empty(200).header("ETag", v.quotedETag());
        versionHeader(store, bucket, v, response);
        checksumHeaders(v, response);
        return response;
    }

    static EdgeResponse getObject(ObjectStore store, EdgeRequest r, String bucket, String key, boolean head) {
        store.bucket(bucket);
        Keys.validateKey(key);
        ObjectVersion v = resolve(store, bucket, key, r.query("versionId").orElse(null));
        if (ObjectConditions.checkReadConditions(r, v, "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since")) {
            EdgeResponse notModified = EdgeResponse.empty(304).header("ETag", v.quotedETag())
                    .header("Last-Modified", S3Xml.httpDate(v.lastModified()));
            return notModified;
        }
        ObjectConditions.Span span = ObjectConditions.span(r, v);
        int status = span.contentRange() == null ? 200 : 206;
        EdgeResponse.Body body = head || span.length() == 0 ? sizeOnly(span.length())
                : S3Api.content(store, bucket, v, span.start(), span.length());
        EdgeResponse response = new EdgeResponse(status, body);
        response.header("Content-Type", r.query("response-content-type").orElse(v.contentType()));
        response.header("Accept-Ranges", "bytes");
        S3Api.objectHeaders(response, v);
        overrides(r, response);
        if (span.contentRange() != null) {
            response.header("Content-Range", span.contentRange());
        }
        if (!v.partSizes().isEmpty()) {
            response.header("x-amz-mp-parts-count", String.valueOf(v.partSizes().size()));
        }
        versionHeader(store, bucket, v, response);
        if (status == 200 && r.header("x-amz-checksum-mode").filter(m -> m.equalsIgnoreCase("ENABLED")).isPresent()) {
            checksumHeaders(v, response);
        }
        return response;
    }

    /** The version to read: by id, or the current one; the errors S3 gives for missing versions and delete markers. */
    static ObjectVersion resolve(ObjectStore store, String bucket, String key, String versionId) {
        if (versionId != null) {
            ObjectVersion v = store.version(bucket, key, versionId).orElseThrow(() ->
                    (versionId.equals(ObjectVersion.NULL_VERSION) ? S3Error.noSuchKey(key)
                            : S3Error.NO_SUCH_VERSION.exception().with("Key", key)).with("VersionId", versionId));
            if (v.deleteMarker()) {
                throw S3Error.METHOD_NOT_ALLOWED.exception().with("Method", "GET").with("ResourceType", "DeleteMarker")
                        .withHeader("x-amz-delete-marker", "true").withHeader("x-amz-version-id", v.versionId())
                        .withHeader("Last-Modified", S3Xml.httpDate(v.lastModified()));
            }
            return v;
        }
        ObjectVersion v = store.current(bucket, key).orElseThrow(() -> S3Error.noSuchKey(key));
        if (v.deleteMarker()) {
            throw S3Error.noSuchKey(key).withHeader("x-amz-delete-marker", "true").withHeader("x-amz-version-id", v.versionId());
        }
        return v;
    }

    private static EdgeResponse.Body sizeOnly(long length) {
        return new EdgeResponse.Body() {
            public long length() {
                return length;
            }

            public void writeTo(java.io.OutputStream out) {
            }
        };
    }

    /** GetObject's {@code response-*} query parameters override stored headers (S3 API Reference, GetObject). */
    private static void overrides(EdgeRequest r, EdgeResponse response) {
        Map<String, String> overrides = Map.of("response-cache-control", "Cache-Control",
                "response-content-disposition", "Content-Disposition", "response-content-encoding", "Content-Encoding",
                "response-content-language", "Content-Language", "response-expires", "Expires");
        overrides.forEach((parameter, header) -> r.query(parameter).ifPresent(v -> response.header(header, v)));
    }

    static void versionHeader(ObjectStore store, String bucket, ObjectVersion v, EdgeResponse response) {
        if (!v.versionId().equals(ObjectVersion.NULL_VERSION) || store.bucket(bucket).settings().versioning() != null) {
            response.header("x-amz-version-id", v.versionId());
        }
    }

    static void checksumHeaders(ObjectVersion v, EdgeResponse response) {
        v.checksums().forEach((algorithm, value) ->
                response.header("x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT), value));
        if (!v.checksums().isEmpty() && v.checksumType() != null) {
            response.header("x-amz-checksum-type", v.checksumType());
        }
    }

    /**
     * Request headers that would change what is stored in ways the local cloud does not model fail loudly rather
     * than being dropped. The values that describe what it does anyway are accepted: STANDARD storage, a private
     * ACL, SSE-S3 (AES256) encryption, which S3 applies to every object.
     */
    static void rejectUnsupportedHeaders(EdgeRequest r, String operation) {
        for (String header : List.of("x-amz-server-side-encryption-customer-algorithm", "x-amz-object-lock-mode",
                "x-amz-object-lock-legal-hold", "x-amz-website-redirect-location", "x-amz-write-offset-bytes",
                "x-amz-tagging", "x-amz-grant-full-control", "x-amz-grant-read", "x-amz-grant-read-acp",
                "x-amz-grant-write-acp", "x-amz-server-side-encryption-aws-kms-key-id")) {
            if (r.header(header).isPresent()) {
                throw S3Api.notImplemented(r, operation + " with " + header);
            }
        }
        Map<String, String> accepted = Map.of("x-amz-storage-class", "STANDARD", "x-amz-acl", "private",
                "x-amz-server-side-encryption", "AES256");
        accepted.forEach((header, value) -> r.header(header).filter(v -> !v.trim().equals(value)).ifPresent(v -> {
            throw S3Api.notImplemented(r, operation + " with " + header + ": " + v + " (only " + value + ")");
        }));
    }

    // ---- deletes

    static EdgeResponse deleteObject(ObjectStore store, EdgeRequest r, String bucket, String key) {
        store.bucket(bucket);
        Keys.validateKey(key);
        ObjectStore.DeleteOutcome outcome = store.delete(bucket, key, r.query("versionId").orElse(null));
        EdgeResponse response = EdgeResponse.empty(204);
        if (outcome.deleteMarker()) {
            response.header("x-amz-delete-marker", "true");
        }
        if (outcome.versionId() != null) {
            response.header("x-amz-version-id", outcome.versionId());
        }
        return response;
    }

    static EdgeResponse deleteObjects(ObjectStore store, EdgeRequest r, String bucket) {
        store.bucket(bucket);
        byte[] body = r.bodyBytes();
        RequestContent.verify(r, body, true);
        Element delete = S3Xml.parse(body);
        if (!S3Xml.name(delete).equals("Delete")) {
            throw S3Error.MALFORMED_XML.exception();
        }
        boolean quiet = S3Xml.text(delete, "Quiet").map(Boolean::parseBoolean).orElse(false);
        List<Element> objects = S3Xml.children(delete, "Object");
        if (objects.isEmpty() || objects.size() > MAX_DELETE_OBJECTS) {
            throw S3Error.MALFORMED_XML.exception();
        }
        Xml xml = new Xml().open("DeleteResult", S3Xml.NAMESPACE);
        for (Element object : objects) {
            String key = S3Xml.children(object, "Key").isEmpty() ? null : S3Xml.children(object, "Key").get(0).getTextContent();
            if (key == null) {
                throw S3Error.MALFORMED_XML.exception();
            }
            String versionId = S3Xml.text(object, "VersionId").orElse(null);
            try {
                Keys.validateKey(key);
                ObjectStore.DeleteOutcome outcome = store.delete(bucket, key, versionId);
                if (!quiet) {
                    xml.open("Deleted").element("Key", key).element("VersionId", versionId);
                    if (outcome.deleteMarker()) {
                        xml.element("DeleteMarker", "true")
                                .element("DeleteMarkerVersionId", outcome.versionId());
                    }
                    xml.close("Deleted");
                }
            } catch (ServiceException e) {
                xml.open("Error").element("Key", key).element("VersionId", versionId).element("Code", e.code())
                        .element("Message", e.getMessage()).close("Error");
            }
        }
        return EdgeResponse.xml(200, xml.close("DeleteResult").toString());
    }

    // ---- copy

    static EdgeResponse copyObject(ObjectStore store, EdgeRequest r, String bucket, String key) {
        Keys.validateKey(key);
        store.bucket(bucket);
        rejectUnsupportedHeaders(r, "CopyObject");
        CopySource source = CopySource.parse(r.header("x-amz-copy-source").orElseThrow());
        ObjectVersion v = source.resolve(store, r);
        String directive = r.header("x-amz-metadata-directive").orElse("COPY").toUpperCase(Locale.ROOT);
        if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
            throw S3Error.INVALID_ARGUMENT.exception("Unknown metadata directive.").with("ArgumentName", "x-amz-metadata-directive")
                    .with("ArgumentValue", directive);
        }
        if (r.header("x-amz-tagging-directive").isPresent()) {
            throw S3Api.notImplemented(r, "CopyObject with x-amz-tagging-directive");
        }
        if (source.bucket().equals(bucket) && source.key().equals(key) && source.versionId() == null
                && directive.equals("COPY") && r.header("x-amz-checksum-algorithm").isEmpty()
                && r.header("x-amz-storage-class").isEmpty()) {
            throw S3Error.INVALID_REQUEST.exception("This copy request is illegal because it is trying to copy an object to "
                    + "itself without changing the object's metadata, storage class, website redirect location or "
                    + "encryption attributes.");
        }
        ChecksumAlgorithm algorithm = r.header("x-amz-checksum-algorithm")
                .map(name -> ChecksumAlgorithm.fromName(name).orElseThrow(() ->
                        S3Error.INVALID_REQUEST.exception("Value for x-amz-checksum-algorithm header is invalid.")))
                .orElseGet(() -> sourceAlgorithm(v));
        StagedData data;
        try (InputStream in = open(store, source.bucket(), v, 0, v.size())) {
            data = store.stage(bucket, in, Set.of(algorithm));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ObjectStore.Attributes attributes = directive.equals("COPY")
                ? new ObjectStore.Attributes(v.contentType(), v.userMetadata(), v.headers())
                : new ObjectStore.Attributes(r.header("Content-Type").orElse(null), S3Api.userMetadata(r), S3Api.storedHeaders(r));
        ObjectVersion copy = store.commit(bucket, key, data, attributes);
        Xml xml = new Xml().open("CopyObjectResult", S3Xml.NAMESPACE).element("ETag", copy.quotedETag())
                .element("LastModified", S3Xml.iso(copy.lastModified()));
        copy.checksums().forEach((a, value) -> xml.element("Checksum" + a, value));
        xml.element("ChecksumType", copy.checksumType()).close("CopyObjectResult");
        EdgeResponse response = EdgeResponse.xml(200, xml.toString());
        versionHeader(store, bucket, copy, response);
        if (!v.versionId().equals(ObjectVersion.NULL_VERSION) || store.bucket(source.bucket()).settings().versioning() != null) {
            response.header("x-amz-copy-source-version-id", v.versionId());
        }
        return response;
    }

    /** The source's full-object checksum algorithm, which a copy keeps; CRC64NVME otherwise (S3's default). */
    private static ChecksumAlgorithm sourceAlgorithm(ObjectVersion v) {
        if ("FULL_OBJECT".equals(v.checksumType())) {
            for (String name : v.checksums().keySet()) {
                Optional<ChecksumAlgorithm> a = ChecksumAlgorithm.fromName(name);
                if (a.isPresent()) {
                    return a.get();
                }
            }
        }
        return ChecksumAlgorithm.CRC64NVME;
    }

    /** A stream over part of a version's content (for copies). */
    static InputStream open(ObjectStore store, String bucket, ObjectVersion v, long start, long length) {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        FileChannel channel = store.open(bucket, v);
        if (channel == null) {
            throw S3Error.noSuchKey(v.key());
        }
        try {
            channel.position(start);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        InputStream in = Channels.newInputStream(channel);
        return new java.io.FilterInputStream(in) {
            long left = length;

            @Override
            public int read() throws java.io.IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }
}
