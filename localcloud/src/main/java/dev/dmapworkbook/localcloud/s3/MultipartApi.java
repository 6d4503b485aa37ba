package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.Xml;
import org.w3c.dom.Element;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CreateMultipartUpload, UploadPart(Copy), CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads. */
final class MultipartApi {
    private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final ObjectStore store;
    private final MultipartUploads uploads;

    MultipartApi(ObjectStore store, MultipartUploads uploads) {
        this.store = store;
        this.uploads = uploads;
    }

    EdgeResponse create(EdgeRequest r, String bucket, String key) {
        Keys.validateKey(key);
        store.bucket(bucket);
        ObjectApi.rejectUnsupportedHeaders(r, "CreateMultipartUpload");
        Optional<ChecksumAlgorithm> algorithm = r.header("x-amz-checksum-algorithm").map(name ->
                ChecksumAlgorithm.fromName(name).orElseThrow(() ->
                        S3Error.INVALID_REQUEST.exception("Value for x-amz-checksum-algorithm header is invalid.")));
        String type = r.header("x-amz-checksum-type").map(t -> t.toUpperCase(Locale.ROOT))
                .orElse(algorithm.map(a -> a == ChecksumAlgorithm.CRC64NVME ? "FULL_OBJECT" : "COMPOSITE").orElse("FULL_OBJECT"));
        if (!type.equals("FULL_OBJECT") && !type.equals("COMPOSITE")) {
            throw S3Error.INVALID_REQUEST.exception("Value for x-amz-checksum-type header is invalid.");
        }
        if (algorithm.isEmpty() && r.header("x-amz-checksum-type").isPresent()) {
            throw S3Error.INVALID_REQUEST.exception("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }
        if (algorithm.isPresent() && (type.equals("FULL_OBJECT") && !algorithm.get().isCrc()
                || type.equals("COMPOSITE") && algorithm.get() == ChecksumAlgorithm.CRC64NVME)) {
            throw S3Error.INVALID_REQUEST.exception("The " + type + " checksum type cannot be used with the "
                    + algorithm.get().name().toLowerCase(Locale.ROOT) + " checksum algorithm.");
        }
        MultipartUploads.Upload upload = uploads.create(bucket, key,
                new ObjectStore.Attributes(r.header("Content-Type").orElse(null), S3Api.userMetadata(r), S3Api.storedHeaders(r)),
                algorithm, type);
        Xml xml = new Xml().open("InitiateMultipartUploadResult", S3Xml.NAMESPACE).element("Bucket", bucket)
                .element("Key", key).element("UploadId", upload.uploadId()).close("InitiateMultipartUploadResult");
        EdgeResponse response = EdgeResponse.xml(200, xml.toString());
        algorithm.ifPresent(a -> response.header("x-amz-checksum-algorithm", a.name()).header("x-amz-checksum-type", type));
        return response;
    }

    EdgeResponse uploadPart(EdgeRequest r, String bucket, String key) {
        store.bucket(bucket);
        int partNumber = S3Api.partNumber(r.query("partNumber").orElse(""));
        MultipartUploads.Upload upload = uploads.upload(bucket, key, r.query("uploadId").orElse(null));
        if (r.header("x-amz-copy-source").isPresent()) {
            return uploadPartCopy(r, bucket, upload, partNumber);
        }
        StagedData data = RequestContent.stage(store, bucket, r, upload.algorithm());
        MultipartUploads.Part part = uploads.putPart(bucket, upload, partNumber, data);
        EdgeResponse response = EdgeResponse.empty(200).header("ETag", "\"" + part.eTag() + "\"");
        upload.algorithm().ifPresent(a -> response.header(a.headerName(), part.checksums().get(a.name())));
        if (upload.algorithm().isEmpty()) {
            part.checksums().forEach((a, v) -> {
                if (r.header("x-amz-checksum-" + a.toLowerCase(Locale.ROOT)).isPresent()
                        || r.header("x-amz-trailer").isPresent() || r.header("x-amz-sdk-checksum-algorithm").isPresent()) {
                    response.header("x-amz-checksum-" + a.toLowerCase(Locale.ROOT), v);
                }
            });
        }
        return response;
    }

    private EdgeResponse uploadPartCopy(EdgeRequest r, String bucket, MultipartUploads.Upload upload, int partNumber) {
        CopySource source = CopySource.parse(r.header("x-amz-copy-source").get());
        ObjectVersion v = source.resolve(store, r);
        long start = 0;
        long length = v.size();
        Optional<String> range = r.header("x-amz-copy-source-range");
        if (range.isPresent()) {
            Matcher m = COPY_RANGE.matcher(range.get().trim());
            if (!m.matches()) {
                throw S3Error.INVALID_ARGUMENT.exception("The x-amz-copy-source-range value must be of the form bytes=first-last "
                        + "where first and last are the zero-based offsets of the first and last bytes to copy")
                        .with("ArgumentName", "x-amz-copy-source-range").with("ArgumentValue", range.get());
            }
            start = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (last < start || last >= v.size()) {
                throw S3Error.INVALID_RANGE.exception().with("RangeRequested", range.get())
                        .with("ActualObjectSize", String.valueOf(v.size()));
            }
            length = last - start + 1;
        }
        StagedData data;
        try (InputStream in = ObjectApi.open(store, source.bucket(), v, start, length)) {
            data = store.stage(bucket, in, upload.algorithm().map(Set::of).orElse(Set.of(ChecksumAlgorithm.CRC64NVME)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MultipartUploads.Part part = uploads.putPart(bucket, upload, partNumber, data);
        Xml xml = new Xml().open("CopyPartResult", S3Xml.NAMESPACE).element("ETag", "\"" + part.eTag() + "\"")
                .element("LastModified", S3Xml.iso(part.lastModified()));
        upload.algorithm().ifPresent(a -> xml.element(a.xmlElement(), part.checksums().get(a.name())));
        return EdgeResponse.xml(200, xml.close("CopyPartResult").toString());
    }

    EdgeResponse complete(EdgeRequest r, String bucket, String key) {
        store.bucket(bucket);
        MultipartUploads.Upload upload = uploads.upload(bucket, key, r.query("uploadId").orElse(null));
        byte[] body = r.bodyBytes();
        Element root = S3Xml.parse(body);
        if (!S3Xml.name(root).equals("CompleteMultipartUpload")) {
            throw S3Error.MALFORMED_XML.exception();
        }
        List<MultipartUploads.CompletedPart> parts = new ArrayList<>();
        for (Element part : S3Xml.children(root, "Part")) {
            String number = S3Xml.text(part, "PartNumber").orElseThrow(S3Error.MALFORMED_XML::exception);
            String eTag = S3Xml.text(part, "ETag").orElseThrow(S3Error.MALFORMED_XML::exception);
            Map<ChecksumAlgorithm, String> checksums = new EnumMap<>(ChecksumAlgorithm.class);
            for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
                S3Xml.text(part, a.xmlElement()).ifPresent(v -> checksums.put(a, v));
            }
            int n;
            try {
                n = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                throw S3Error.MALFORMED_XML.exception();
            }
            parts.add(new MultipartUploads.CompletedPart(n, eTag, checksums));
        }
        Optional<String> fullObject = upload.algorithm().flatMap(a -> r.header(a.headerName()))
                .filter(v -> "FULL_OBJECT".equals(upload.checksumType()));
        ObjectVersion v = uploads.complete(bucket, upload, parts, fullObject);
        Xml xml = new Xml().open("CompleteMultipartUploadResult", S3Xml.NAMESPACE)
                .element("Location", "/" + bucket + "/" + key).element("Bucket", bucket).element("Key", key)
                .element("ETag", v.quotedETag());
        v.checksums().forEach((a, value) -> xml.element("Checksum" + a, value));
        xml.element("ChecksumType", v.checksumType());
        EdgeResponse response = EdgeResponse.xml(200, xml.close("CompleteMultipartUploadResult").toString());
        ObjectApi.versionHeader(store, bucket, v, response);
        return response;
    }

    EdgeResponse abort(EdgeRequest r, String bucket, String key) {
        MultipartUploads.Upload upload = uploads.upload(bucket, key, r.query("uploadId").orElse(null));
        uploads.abort(bucket, upload);
        return EdgeResponse.empty(204);
    }

    EdgeResponse listParts(EdgeRequest r, String bucket, String key) {
        MultipartUploads.Upload upload = uploads.upload(bucket, key, r.query("uploadId").orElse(null));
        int maxParts = S3Api.maxKeys(r, "max-parts");
        int marker = r.query("part-number-marker").map(m -> {
            try {
                return Integer.parseInt(m);
            } catch (NumberFormatException e) {
                throw S3Error.INVALID_ARGUMENT.exception("Invalid part-number-marker").with("ArgumentName", "part-number-marker");
            }
        }).orElse(0);
        List<MultipartUploads.Part> all = uploads.parts(bucket, upload).stream().filter(p -> p.partNumber() > marker).toList();
        List<MultipartUploads.Part> page = all.subList(0, Math.min(maxParts, all.size()));
        boolean truncated = all.size() > page.size();
        Xml xml = new Xml().open("ListPartsResult", S3Xml.NAMESPACE).element("Bucket", bucket).element("Key", key)
                .element("UploadId", upload.uploadId()).element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.isEmpty() ? null : page.get(page.size() - 1).partNumber())
                .element("MaxParts", maxParts).element("IsTruncated", truncated);
        for (MultipartUploads.Part p : page) {
            xml.open("Part").element("PartNumber", p.partNumber()).element("LastModified", S3Xml.iso(p.lastModified()))
                    .element("ETag", "\"" + p.eTag() + "\"").element("Size", p.size());
            upload.algorithm().ifPresent(a -> xml.element(a.xmlElement(), p.checksums().get(a.name())));
            xml.close("Part");
        }
        S3Api.owner(xml, "Initiator");
        S3Api.owner(xml, "Owner");
        xml.element("StorageClass", ObjectStore.DEFAULT_STORAGE_CLASS).element("ChecksumAlgorithm", upload.checksumAlgorithm())
                .element("ChecksumType", upload.checksumAlgorithm() == null ? null : upload.checksumType());
        return EdgeResponse.xml(200, xml.close("ListPartsResult").toString());
    }

    EdgeResponse listUploads(EdgeRequest r, String bucket) {
        store.bucket(bucket);
        String prefix = r.query("prefix").orElse("");
        int maxUploads = S3Api.maxKeys(r, "max-uploads");
        List<MultipartUploads.Upload> all = uploads.uploads(bucket).stream().filter(u -> u.key().startsWith(prefix)).toList();
        if (r.query("delimiter").isPresent() || r.query("key-marker").isPresent()) {
            throw S3Api.notImplemented(r, "ListMultipartUploads with delimiter or key-marker");
        }
        List<MultipartUploads.Upload> page = all.subList(0, Math.min(maxUploads, all.size()));
        Xml xml = new Xml().open("ListMultipartUploadsResult", S3Xml.NAMESPACE).element("Bucket", bucket)
                .element("KeyMarker", "").element("UploadIdMarker", "")
                .element("NextKeyMarker", page.size() < all.size() ? page.get(page.size() - 1).key() : null)
                .element("NextUploadIdMarker", page.size() < all.size() ? page.get(page.size() - 1).uploadId() : null)
                .element("Prefix", prefix).element("MaxUploads", maxUploads).element("IsTruncated", page.size() < all.size());
        for (MultipartUploads.Upload u : page) {
            xml.open("Upload").element("Key", u.key()).element("UploadId", u.uploadId());
            S3Api.owner(xml, "Initiator");
            S3Api.owner(xml, "Owner");
            xml.element("StorageClass", ObjectStore.DEFAULT_STORAGE_CLASS).element("Initiated", S3Xml.iso(u.initiated()))
                    .element("ChecksumAlgorithm", u.checksumAlgorithm()).close("Upload");
        }
        return EdgeResponse.xml(200, xml.close("ListMultipartUploadsResult").toString());
    }
}
