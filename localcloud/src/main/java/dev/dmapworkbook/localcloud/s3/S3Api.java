package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.core.Xml;
import org.w3c.dom.Element;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 REST-XML operations (S3 API Reference): decodes each request, calls the {@link ObjectStore}, encodes
 * the answer. Operations the local cloud does not implement fail with {@code NotImplemented} naming them.
 */
final class S3Api {
    static final String OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
    static final String OWNER_NAME = "localcloud";
    private static final int MAX_KEYS = 1000;

    /** Subresources we do not implement, by query parameter: the noun of the operation's name. */
    private static final Map<String, String> BUCKET_SUBRESOURCES = Map.ofEntries(
            Map.entry("acl", "BucketAcl"), Map.entry("accelerate", "BucketAccelerateConfiguration"),
            Map.entry("analytics", "BucketAnalyticsConfiguration"), Map.entry("cors", "BucketCors"),
            Map.entry("encryption", "BucketEncryption"),
            Map.entry("intelligent-tiering", "BucketIntelligentTieringConfiguration"),
            Map.entry("lifecycle", "BucketLifecycleConfiguration"),
            Map.entry("logging", "BucketLogging"), Map.entry("metrics", "BucketMetricsConfiguration"),
            Map.entry("notification", "BucketNotificationConfiguration"), Map.entry("object-lock", "ObjectLockConfiguration"),
            Map.entry("ownershipControls", "BucketOwnershipControls"), Map.entry("policy", "BucketPolicy"),
            Map.entry("policyStatus", "BucketPolicyStatus"), Map.entry("publicAccessBlock", "PublicAccessBlock"),
            Map.entry("replication", "BucketReplication"), Map.entry("requestPayment", "BucketRequestPayment"),
            Map.entry("tagging", "BucketTagging"), Map.entry("website", "BucketWebsite"),
            Map.entry("metadataTable", "BucketMetadataTableConfiguration"), Map.entry("session", "Session"));
    private static final Map<String, String> OBJECT_SUBRESOURCES = Map.of(
            "acl", "ObjectAcl", "tagging", "ObjectTagging", "retention", "ObjectRetention",
            "legal-hold", "ObjectLegalHold", "attributes", "ObjectAttributes", "torrent", "ObjectTorrent",
            "restore", "RestoreObject", "select", "SelectObjectContent", "renameObject", "RenameObject");

    private final ObjectStore store;
    private final MultipartApi multipart;
    private final InventoryApi inventory;

    S3Api(ObjectStore store, InventoryConfigurations inventoryConfigurations) {
        this.store = store;
        this.multipart = new MultipartApi(store, new MultipartUploads(store));
        this.inventory = new InventoryApi(store, inventoryConfigurations);
    }

    EdgeResponse handle(EdgeRequest request) {
        S3Address address = S3Address.of(request);
        EdgeResponse response;
        try {
            if (address.bucket() == null) {
                response = serviceOperation(request);
            } else if (address.key() == null) {
                response = bucketOperation(request, address.bucket());
            } else {
                response = objectOperation(request, address.bucket(), address.key());
            }
        } catch (ServiceException e) {
            e.withHeader("x-amz-request-id", request.requestId());
            throw e;
        }
        return response.header("x-amz-request-id", request.requestId());
    }

    private EdgeResponse serviceOperation(EdgeRequest request) {
        if (request.method().equals("GET")) {
            return listBuckets();
        }
        throw S3Error.METHOD_NOT_ALLOWED.exception().with("Method", request.method()).with("ResourceType", "SERVICE");
    }

    private EdgeResponse bucketOperation(EdgeRequest r, String bucket) {
        String method = r.method();
        if (r.hasQuery("inventory")) {
            return inventory.handle(r, bucket);
        }
        switch (method) {
            case "PUT" -> {
                if (r.hasQuery("versioning")) {
                    return putBucketVersioning(r, bucket);
                }
                unsupported(r, BUCKET_SUBRESOURCES, "Put");
                return createBucket(r, bucket);
            }
            case "GET" -> {
                if (r.hasQuery("location")) {
                    return getBucketLocation(bucket);
                }
                if (r.hasQuery("versioning")) {
                    return getBucketVersioning(bucket);
                }
                if (r.hasQuery("versions")) {
                    return BucketListings.listObjectVersions(store, r, bucket);
                }
                if (r.hasQuery("uploads")) {
                    return multipart.listUploads(r, bucket);
                }
                unsupported(r, BUCKET_SUBRESOURCES, "Get");
                return r.query("list-type").orElse("1").equals("2")
                        ? BucketListings.listObjectsV2(store, r, bucket)
                        : BucketListings.listObjects(store, r, bucket);
            }
            case "HEAD" -> {
                return headBucket(bucket);
            }
            case "DELETE" -> {
                unsupported(r, BUCKET_SUBRESOURCES, "Delete");
                store.deleteBucket(bucket);
                return EdgeResponse.empty(204);
            }
            case "POST" -> {
                if (r.hasQuery("delete")) {
                    return ObjectApi.deleteObjects(store, r, bucket);
                }
                throw notImplemented(r, "POST on a bucket");
            }
            default -> throw S3Error.METHOD_NOT_ALLOWED.exception().with("Method", method).with("ResourceType", "BUCKET");
        }
    }

    private EdgeResponse objectOperation(EdgeRequest r, String bucket, String key) {
        String method = r.method();
        switch (method) {
            case "PUT" -> {
                unsupported(r, OBJECT_SUBRESOURCES, "Put");
                if (r.hasQuery("uploadId") || r.hasQuery("partNumber")) {
                    return multipart.uploadPart(r, bucket, key);
                }
                if (r.header("x-amz-copy-source").isPresent()) {
                    return ObjectApi.copyObject(store, r, bucket, key);
                }
                return ObjectApi.putObject(store, r, bucket, key);
            }
            case "GET", "HEAD" -> {
                if (method.equals("GET") && r.hasQuery("uploadId")) {
                    return multipart.listParts(r, bucket, key);
                }
                unsupported(r, OBJECT_SUBRESOURCES, "Get");
                return ObjectApi.getObject(store, r, bucket, key, method.equals("HEAD"));
            }
            case "DELETE" -> {
                unsupported(r, OBJECT_SUBRESOURCES, "Delete");
                if (r.hasQuery("uploadId")) {
                    return multipart.abort(r, bucket, key);
                }
                return ObjectApi.deleteObject(store, r, bucket, key);
            }
            case "POST" -> {
                if (r.hasQuery("uploads")) {
                    return multipart.create(r, bucket, key);
                }
                if (r.hasQuery("uploadId")) {
                    return multipart.complete(r, bucket, key);
                }
                unsupported(r, OBJECT_SUBRESOURCES, "");
                throw notImplemented(r, "POST on an object");
            }
            default -> throw S3Error.METHOD_NOT_ALLOWED.exception().with("Method", method).with("ResourceType", "OBJECT");
        }
    }

    private static void unsupported(EdgeRequest r, Map<String, String> subresources, String verb) {
        for (String parameter : r.queryParameters().keySet()) {
            String noun = subresources.get(parameter);
            if (noun != null) {
                String operation = noun.startsWith("Restore") || noun.startsWith("Select") || noun.startsWith("Rename")
                        ? noun : verb + noun;
                throw notImplemented(r, operation);
            }
        }
    }

    static ServiceException notImplemented(EdgeRequest r, String operation) {
        return S3Error.NOT_IMPLEMENTED.exception("The local cloud's S3 does not implement " + operation + " ("
                + r.method() + " " + r.rawPath() + (r.rawQuery() == null ? "" : "?" + r.rawQuery()) + ")");
    }

    // ---- buckets

    private EdgeResponse listBuckets() {
        Xml xml = new Xml().open("ListAllMyBucketsResult", S3Xml.NAMESPACE);
        owner(xml, "Owner");
        xml.open("Buckets");
        for (Bucket b : store.buckets()) {
            xml.open("Bucket").element("Name", b.name()).element("CreationDate", S3Xml.iso(b.settings().created()))
                    .element("BucketRegion", b.settings().region()).close("Bucket");
        }
        xml.close("Buckets").close("ListAllMyBucketsResult");
        return EdgeResponse.xml(200, xml.toString());
    }

    private EdgeResponse createBucket(EdgeRequest r, String bucket) {
        String region = r.region();
        byte[] body = r.bodyBytes();
        if (body.length > 0) {
            Element config = S3Xml.parse(body);
            if (!S3Xml.name(config).equals("CreateBucketConfiguration")) {
                throw S3Error.MALFORMED_XML.exception();
            }
            Optional<String> location = S3Xml.text(config, "LocationConstraint");
            if (location.isPresent() && !location.get().isEmpty()) {
                region = location.get();
            }
            for (Element child : S3Xml.children(config, "Bucket")) {
                throw notImplemented(r, "CreateBucket with CreateBucketConfiguration/" + S3Xml.name(child));
            }
        }
        for (String header : List.of("x-amz-bucket-object-lock-enabled", "x-amz-grant-full-control", "x-amz-grant-read",
                "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp")) {
            if (r.header(header).filter(v -> !v.equalsIgnoreCase("false")).isPresent()) {
                throw notImplemented(r, "CreateBucket with " + header);
            }
        }
        store.createBucket(bucket, region);
        return EdgeResponse.empty(200).header("Location", "/" + bucket);
    }

    private EdgeResponse headBucket(String bucket) {
        Bucket b = store.bucket(bucket);
        return EdgeResponse.empty(200).header("x-amz-bucket-region", b.settings().region());
    }

    private EdgeResponse getBucketLocation(String bucket) {
        String region = store.bucket(bucket).settings().region();
        String constraint = region.equals("us-east-1") ? "" : region;
        String xml = new Xml().open("LocationConstraint", S3Xml.NAMESPACE).close("LocationConstraint").toString()
                .replace("</LocationConstraint>", Xml.escape(constraint) + "</LocationConstraint>");
        return EdgeResponse.xml(200, xml);
    }

    private EdgeResponse getBucketVersioning(String bucket) {
        String status = store.bucket(bucket).settings().versioning();
        Xml xml = new Xml().open("VersioningConfiguration", S3Xml.NAMESPACE).element("Status", status)
                .close("VersioningConfiguration");
        return EdgeResponse.xml(200, xml.toString());
    }

    private EdgeResponse putBucketVersioning(EdgeRequest r, String bucket) {
        store.bucket(bucket);
        byte[] body = r.bodyBytes();
        RequestContent.verify(r, body, false);
        Element config = S3Xml.parse(body);
        if (!S3Xml.name(config).equals("VersioningConfiguration")) {
            throw S3Error.MALFORMED_XML.exception();
        }
        if (S3Xml.text(config, "MfaDelete").filter(v -> v.equals("Enabled")).isPresent()) {
            throw notImplemented(r, "PutBucketVersioning with MfaDelete Enabled");
        }
        String status = S3Xml.text(config, "Status").orElse("");
        if (!status.equals("Enabled") && !status.equals("Suspended")) {
            throw S3Error.MALFORMED_XML.exception();
        }
        store.setVersioning(bucket, status);
        return EdgeResponse.empty(200);
    }

    // ---- shared encoders

    static void owner(Xml xml, String element) {
        xml.open(element).element("ID", OWNER_ID).element("DisplayName", OWNER_NAME).close(element);
    }

    /** {@code encoding-type=url}: keys and prefixes percent-encoded as S3 does (spaces as {@code +}). */
    static String encode(String value, boolean url) {
        return value == null || !url ? value : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static int maxKeys(EdgeRequest r, String parameter) {
        Optional<String> value = r.query(parameter);
        if (value.isEmpty()) {
            return MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(value.get().trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, MAX_KEYS);
        } catch (NumberFormatException e) {
            throw S3Error.INVALID_ARGUMENT.exception("Provided " + parameter + " not an integer or within integer range")
                    .with("ArgumentName", parameter).with("ArgumentValue", value.get());
        }
    }

    /** The {@code partNumber} query parameter (UploadPart, GetObject, HeadObject): 1 to 10,000. */
    static int partNumber(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 10000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the error below
        }
        throw S3Error.INVALID_ARGUMENT.exception("Part number must be an integer between 1 and 10000, inclusive")
                .with("ArgumentName", "partNumber").with("ArgumentValue", value);
    }

    /** A body of {@code length} bytes of a version's content from {@code start}, opened when it is written. */
    static EdgeResponse.Body content(ObjectStore store, String bucket, ObjectVersion version, long start, long length) {
        return new EdgeResponse.Body() {
            public long length() {
                return length;
            }

            public void writeTo(OutputStream out) throws IOException {
                FileChannel channel = store.open(bucket, version);
                if (channel == null) {
                    throw new IOException("the object was replaced while it was being sent");
                }
                try (channel) {
                    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(256 * 1024, Math.max(1, length)));
                    long position = start;
                    long left = length;
                    while (left > 0) {
                        buf.clear().limit((int) Math.min(buf.capacity(), left));
                        int n = channel.read(buf, position);
                        if (n < 0) {
                            throw new IOException("the object's data ended early");
                        }
                        out.write(buf.array(), 0, n);
                        position += n;
                        left -= n;
                    }
                }
            }
        };
    }

    /** The stored {@code x-amz-meta-*} and system headers, as GET/HEAD return them. */
    static void objectHeaders(EdgeResponse response, ObjectVersion v) {
        response.header("ETag", v.quotedETag()).header("Last-Modified", S3Xml.httpDate(v.lastModified()));
        v.userMetadata().forEach((k, value) -> response.header("x-amz-meta-" + k, value));
        v.headers().forEach(response::header);
    }

    static Map<String, String> userMetadata(EdgeRequest r) {
        Map<String, String> meta = new LinkedHashMap<>();
        r.headers().forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith("x-amz-meta-") && !values.isEmpty()) {
                meta.put(name.substring("x-amz-meta-".length()).toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return meta;
    }

    /** System metadata stored with the object (aws-chunked is a transfer detail and is dropped). */
    static Map<String, String> storedHeaders(EdgeRequest r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : List.of("Cache-Control", "Content-Disposition", "Content-Language", "Expires")) {
            r.header(name).ifPresent(v -> headers.put(name, v));
        }
        r.header("Content-Encoding").ifPresent(v -> {
            String rest = String.join(",", java.util.Arrays.stream(v.split(","))
                    .map(String::trim).filter(s -> !s.isEmpty() && !s.equalsIgnoreCase("aws-chunked")).toList());
            if (!rest.isEmpty()) {
                headers.put("Content-Encoding", rest);
            }
        });
        return headers;
    }
}
