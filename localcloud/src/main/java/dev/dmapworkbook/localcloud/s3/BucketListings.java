package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.Xml;

import java.util.Optional;

/** ListObjectsV2, ListObjects (v1) and ListObjectVersions: the store's listings as S3's XML. */
final class BucketListings {
    private BucketListings() {
    }

    static EdgeResponse listObjectsV2(ObjectStore store, EdgeRequest r, String bucket) {
        store.bucket(bucket);
        boolean url = encodingType(r);
        String prefix = r.query("prefix").orElse("");
        String delimiter = r.query("delimiter").orElse(null);
        int maxKeys = S3Api.maxKeys(r, "max-keys");
        Optional<String> token = r.query("continuation-token");
        Optional<String> startAfter = r.query("start-after");
        boolean fetchOwner = r.query("fetch-owner").map(Boolean::parseBoolean).orElse(false);
        String after = token.map(ContinuationTokens::decode).orElse(startAfter.orElse(null));
        ObjectStore.Listing listing = store.list(bucket, prefix, delimiter, after, maxKeys);

        Xml xml = new Xml().open("ListBucketResult", S3Xml.NAMESPACE)
                .element("Name", bucket)
                .element("Prefix", S3Api.encode(prefix, url))
                .element("Delimiter", S3Api.encode(delimiter, url))
                .element("MaxKeys", maxKeys)
                .element("EncodingType", url ? "url" : null)
                .element("KeyCount", listing.contents().size() + listing.commonPrefixes().size())
                .element("IsTruncated", listing.truncated())
                .element("ContinuationToken", token.orElse(null))
                .element("NextContinuationToken", listing.truncated() ? ContinuationTokens.encode(listing.lastReturned()) : null)
                .element("StartAfter", startAfter.map(s -> S3Api.encode(s, url)).orElse(null));
        contents(xml, listing, url, fetchOwner);
        return EdgeResponse.xml(200, xml.close("ListBucketResult").toString());
    }

    static EdgeResponse listObjects(ObjectStore store, EdgeRequest r, String bucket) {
        store.bucket(bucket);
        boolean url = encodingType(r);
        String prefix = r.query("prefix").orElse("");
        String delimiter = r.query("delimiter").orElse(null);
        String marker = r.query("marker").orElse("");
        int maxKeys = S3Api.maxKeys(r, "max-keys");
        ObjectStore.Listing listing = store.list(bucket, prefix, delimiter, marker.isEmpty() ? null : marker, maxKeys);
        Xml xml = new Xml().open("ListBucketResult", S3Xml.NAMESPACE)
                .element("Name", bucket)
                .element("Prefix", S3Api.encode(prefix, url))
                .element("Marker", S3Api.encode(marker, url))
                .element("NextMarker", listing.truncated() && delimiter != null ? S3Api.encode(listing.lastReturned(), url) : null)
                .element("MaxKeys", maxKeys)
                .element("Delimiter", S3Api.encode(delimiter, url))
                .element("EncodingType", url ? "url" : null)
                .element("IsTruncated", listing.truncated());
        contents(xml, listing, url, true);
        return EdgeResponse.xml(200, xml.close("ListBucketResult").toString());
    }

    private static void contents(Xml xml, ObjectStore.Listing listing, boolean url, boolean owner) {
        for (ObjectVersion v : listing.contents()) {
            xml.open("Contents").element("Key", S3Api.encode(v.key(), url))
                    .element("LastModified", S3Xml.iso(v.lastModified()))
                    .element("ETag", v.quotedETag());
            v.checksums().keySet().forEach(a -> xml.element("ChecksumAlgorithm", a));
            xml.element("ChecksumType", v.checksums().isEmpty() ? null : v.checksumType())
                    .element("Size", v.size())
                    .element("StorageClass", ObjectStore.DEFAULT_STORAGE_CLASS);
            if (owner) {
                S3Api.owner(xml, "Owner");
            }
            xml.close("Contents");
        }
        for (String p : listing.commonPrefixes()) {
            xml.open("CommonPrefixes").element("Prefix", S3Api.encode(p, url)).close("CommonPrefixes");
        }
    }

    static EdgeResponse listObjectVersions(ObjectStore store, EdgeRequest r, String bucket) {
        store.bucket(bucket);
        boolean url = encodingType(r);
        String prefix = r.query("prefix").orElse("");
        String delimiter = r.query("delimiter").orElse(null);
        String keyMarker = r.query("key-marker").orElse("");
        String versionIdMarker = r.query("version-id-marker").orElse("");
        int maxKeys = S3Api.maxKeys(r, "max-keys");
        ObjectStore.VersionListing listing = store.listVersions(bucket, prefix, delimiter,
                keyMarker.isEmpty() ? null : keyMarker, versionIdMarker.isEmpty() ? null : versionIdMarker, maxKeys);
        Xml xml = new Xml().open("ListVersionsResult", S3Xml.NAMESPACE)
                .element("Name", bucket)
                .element("Prefix", S3Api.encode(prefix, url))
                .element("KeyMarker", S3Api.encode(keyMarker, url))
                .element("VersionIdMarker", versionIdMarker)
                .element("NextKeyMarker", S3Api.encode(listing.nextKeyMarker(), url))
                .element("NextVersionIdMarker", listing.nextVersionIdMarker())
                .element("MaxKeys", maxKeys)
                .element("Delimiter", S3Api.encode(delimiter, url))
                .element("EncodingType", url ? "url" : null)
                .element("IsTruncated", listing.truncated());
        for (ObjectVersion v : listing.versions()) {
            String element = v.deleteMarker() ? "DeleteMarker" : "Version";
            xml.open(element).element("Key", S3Api.encode(v.key(), url)).element("VersionId", v.versionId())
                    .element("IsLatest", listing.latest().get(v)).element("LastModified", S3Xml.iso(v.lastModified()));
            if (!v.deleteMarker()) {
                xml.element("ETag", v.quotedETag()).element("Size", v.size());
                v.checksums().keySet().forEach(a -> xml.element("ChecksumAlgorithm", a));
                xml.element("ChecksumType", v.checksums().isEmpty() ? null : v.checksumType())
                        .element("StorageClass", ObjectStore.DEFAULT_STORAGE_CLASS);
            }
            S3Api.owner(xml, "Owner");
            xml.close(element);
        }
        for (String p : listing.commonPrefixes()) {
            xml.open("CommonPrefixes").element("Prefix", S3Api.encode(p, url)).close("CommonPrefixes");
        }
        return EdgeResponse.xml(200, xml.close("ListVersionsResult").toString());
    }

    private static boolean encodingType(EdgeRequest r) {
        Optional<String> type = r.query("encoding-type");
        if (type.isPresent() && !type.get().equals("url")) {
            throw S3Error.INVALID_ARGUMENT.exception("Invalid Encoding Method specified in Request")
                    .with("ArgumentName", "encoding-type").with("ArgumentValue", type.get());
        }
        return type.isPresent();
    }
}
