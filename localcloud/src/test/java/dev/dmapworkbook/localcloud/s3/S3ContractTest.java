package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3 through the real SDK v2 client against the local cloud on port 0. */
class S3ContractTest {
    @TempDir
    Path dataDir;

    private LocalCloud cloud;
    private S3Client s3;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
        s3 = client(cloud.endpoint());
    }

    @AfterEach
    void stop() {
        s3.close();
        cloud.close();
    }

    static S3Client client(URI endpoint) {
        return SdkClients.client(S3Client.builder(), endpoint);
    }

    static String md5Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void bucketsAreCreatedListedLocatedAndDeleted() {
        s3.createBucket(b -> b.bucket("alpha"));
        s3.createBucket(b -> b.bucket("beta-bucket-2"));
        assertEquals(List.of("alpha", "beta-bucket-2"), s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
        s3.headBucket(b -> b.bucket("alpha"));
        assertEquals("", s3.getBucketLocation(b -> b.bucket("alpha")).locationConstraintAsString());
        s3.deleteBucket(b -> b.bucket("alpha"));
        assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket("alpha")));
        assertEquals(List.of("beta-bucket-2"), s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
    }

    @Test
    void bucketErrorsHaveS3Codes() {
        s3.createBucket(b -> b.bucket("taken"));
        assertEquals("BucketAlreadyOwnedByYou", code(() -> s3.createBucket(b -> b.bucket("taken"))));
        // The SDK refuses most bad names itself; these pass its check and are S3's to reject.
        assertEquals("InvalidBucketName", code(() -> s3.createBucket(b -> b.bucket("xn--punycode-prefix"))));
        assertEquals("InvalidBucketName", code(() -> s3.createBucket(b -> b.bucket("reserved-suffix-s3alias"))));
        s3.putObject(b -> b.bucket("taken").key("k"), RequestBody.fromString("v"));
        assertEquals("BucketNotEmpty", code(() -> s3.deleteBucket(b -> b.bucket("taken"))));
        NoSuchBucketException missing = assertThrows(NoSuchBucketException.class,
                () -> s3.getObject(b -> b.bucket("missing").key("k")));
        assertEquals("NoSuchBucket", missing.awsErrorDetails().errorCode());
        assertEquals(404, missing.statusCode());
    }

    @Test
    void objectsRoundTripWithMetadataContentTypeAndQuotedMd5ETag() throws Exception {
        s3.createBucket(b -> b.bucket("data"));
        byte[] body = "ID,DATE,ELEMENT,DATA_VALUE\nX,20200101,PRCP,12\n".getBytes(StandardCharsets.UTF_8);
        var put = s3.putObject(b -> b.bucket("data").key("csv/by_station/X.csv").contentType("text/csv")
                .metadata(Map.of("station", "X", "source", "noaa")).cacheControl("max-age=60"), RequestBody.fromBytes(body));
        assertEquals("\"" + md5Hex(body) + "\"", put.eTag());

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("data").key("csv/by_station/X.csv"));
        assertArrayEquals(body, got.asByteArray());
        assertEquals("text/csv", got.response().contentType());
        assertEquals(Map.of("station", "X", "source", "noaa"), got.response().metadata());
        assertEquals("max-age=60", got.response().cacheControl());
        assertEquals(put.eTag(), got.response().eTag());

        HeadObjectResponse head = s3.headObject(b -> b.bucket("data").key("csv/by_station/X.csv"));
        assertEquals(body.length, head.contentLength());
        assertEquals("text/csv", head.contentType());
        assertEquals(Map.of("station", "X", "source", "noaa"), head.metadata());

        s3.putObject(b -> b.bucket("data").key("empty"), RequestBody.empty());
        assertEquals(0, s3.getObjectAsBytes(b -> b.bucket("data").key("empty")).asByteArray().length);
        assertEquals(0L, s3.headObject(b -> b.bucket("data").key("empty")).contentLength());
    }

    @Test
    void awkwardKeysRoundTripAndBadKeysAreRejected() {
        s3.createBucket(b -> b.bucket("keys"));
        List<String> keys = List.of("a b+c", "ü/ñ/日本", "../../etc/passwd", "/leading/slash", "x%2Fy", "q?a=1&b=#frag",
                "dir/", "emoji \uD83D\uDE00", "k".repeat(1024));
        for (String key : keys) {
            s3.putObject(b -> b.bucket("keys").key(key), RequestBody.fromString("value of " + key));
        }
        for (String key : keys) {
            assertEquals("value of " + key, s3.getObjectAsBytes(b -> b.bucket("keys").key(key)).asUtf8String(), key);
        }
        List<String> listed = s3.listObjectsV2Paginator(b -> b.bucket("keys")).contents().stream().map(S3Object::key).toList();
        assertEquals(keys.stream().sorted(Keys.UTF8_ORDER).toList(), listed);
        assertEquals("KeyTooLongError", code(() -> s3.putObject(b -> b.bucket("keys").key("k".repeat(1025)),
                RequestBody.fromString("x"))));
        assertEquals("InvalidArgument", code(() -> s3.putObject(b -> b.bucket("keys").key("nul\0inside"),
                RequestBody.fromString("x"))));
    }

    @Test
    void listObjectsV2PagesWellPastOneThousandKeys() {
        s3.createBucket(b -> b.bucket("many"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2_345; i++) {
            String key = String.format("csv/by_station/ST%05d.csv", i);
            expected.add(key);
            s3.putObject(b -> b.bucket("many").key(key), RequestBody.fromString(key));
        }
        s3.putObject(b -> b.bucket("many").key("other/file"), RequestBody.fromString("x"));

        List<ListObjectsV2Response> pages = s3.listObjectsV2Paginator(b -> b.bucket("many").prefix("csv/by_station")).stream().toList();
        assertEquals(3, pages.size());
        assertEquals(1000, pages.get(0).keyCount());
        assertTrue(pages.get(0).isTruncated());
        assertFalse(pages.get(2).isTruncated());
        assertEquals(expected, pages.stream().flatMap(p -> p.contents().stream()).map(S3Object::key).toList());

        ListObjectsV2Response small = s3.listObjectsV2(b -> b.bucket("many").maxKeys(10).startAfter("csv/by_station/ST00100.csv"));
        assertEquals("csv/by_station/ST00101.csv", small.contents().get(0).key());
        assertEquals(10, small.contents().size());
        assertNotNull(small.nextContinuationToken());
    }

    @Test
    void delimiterRollsKeysUpIntoCommonPrefixes() {
        s3.createBucket(b -> b.bucket("tree"));
        for (String key : List.of("a/1", "a/2", "b/1", "b/c/2", "top", "z/9")) {
            s3.putObject(b -> b.bucket("tree").key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response root = s3.listObjectsV2(b -> b.bucket("tree").delimiter("/"));
        assertEquals(List.of("a/", "b/", "z/"), root.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(List.of("top"), root.contents().stream().map(S3Object::key).toList());
        assertEquals(4, root.keyCount());

        List<String> paged = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket("tree").delimiter("/").maxKeys(1)).forEach(page -> {
            page.commonPrefixes().forEach(p -> paged.add(p.prefix()));
            page.contents().forEach(o -> paged.add(o.key()));
        });
        assertEquals(List.of("a/", "b/", "top", "z/"), paged);

        ListObjectsV2Response b = s3.listObjectsV2(r -> r.bucket("tree").prefix("b/").delimiter("/"));
        assertEquals(List.of("b/1"), b.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("b/c/"), b.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
    }

    @Test
    void rangeGetsReturnPartialContent() {
        s3.createBucket(b -> b.bucket("ranges"));
        s3.putObject(b -> b.bucket("ranges").key("digits"), RequestBody.fromString("0123456789"));

        var first = s3.getObjectAsBytes(b -> b.bucket("ranges").key("digits").range("bytes=2-5"));
        assertEquals("2345", first.asUtf8String());
        assertEquals("bytes 2-5/10", first.response().contentRange());
        assertEquals(4L, first.response().contentLength());
        assertEquals("789", s3.getObjectAsBytes(b -> b.bucket("ranges").key("digits").range("bytes=-3")).asUtf8String());
        assertEquals("89", s3.getObjectAsBytes(b -> b.bucket("ranges").key("digits").range("bytes=8-")).asUtf8String());
        assertEquals("89", s3.getObjectAsBytes(b -> b.bucket("ranges").key("digits").range("bytes=8-100")).asUtf8String());

        S3Exception beyond = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(b -> b.bucket("ranges").key("digits").range("bytes=10-")));
        assertEquals(416, beyond.statusCode());
        assertEquals("InvalidRange", beyond.awsErrorDetails().errorCode());
    }

    @Test
    void defaultAndExplicitChecksumsAreVerifiedStoredAndReturned() {
        s3.createBucket(b -> b.bucket("sums"));
        byte[] body = randomBytes(300_000, 1);
        CRC32 crc = new CRC32();
        crc.update(body);
        String crc32 = java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());

        // The SDK's default: CRC32 in an aws-chunked trailer.
        var put = s3.putObject(b -> b.bucket("sums").key("default"), RequestBody.fromBytes(body));
        assertEquals(crc32, put.checksumCRC32());
        var got = s3.getObjectAsBytes(b -> b.bucket("sums").key("default").checksumMode(ChecksumMode.ENABLED));
        assertArrayEquals(body, got.asByteArray());
        assertEquals(crc32, got.response().checksumCRC32());

        // No checksum from the client: S3 computes CRC64NVME (the SDK validates it only with the CRT present).
        try (S3Client plain = SdkClients.client(S3Client.builder()
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED), cloud.endpoint())) {
            plain.putObject(b -> b.bucket("sums").key("no-checksum"), RequestBody.fromBytes(body));
            HeadObjectResponse head = plain.headObject(b -> b.bucket("sums").key("no-checksum").checksumMode(ChecksumMode.ENABLED));
            assertEquals(ChecksumAlgorithmValues.of(ChecksumAlgorithm.CRC64_NVME, body), head.checksumCRC64NVME());
            assertEquals("FULL_OBJECT", head.checksumTypeAsString());
        }

        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256)) {
            String key = "explicit-" + algorithm;
            s3.putObject(b -> b.bucket("sums").key(key).checksumAlgorithm(algorithm), RequestBody.fromBytes(body));
            HeadObjectResponse head = s3.headObject(b -> b.bucket("sums").key(key).checksumMode(ChecksumMode.ENABLED));
            String returned = switch (algorithm) {
                case CRC32_C -> head.checksumCRC32C();
                case SHA1 -> head.checksumSHA1();
                default -> head.checksumSHA256();
            };
            assertEquals(ChecksumAlgorithmValues.of(algorithm, body), returned, algorithm.toString());
            assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket("sums").key(key).checksumMode(ChecksumMode.ENABLED)).asByteArray());
        }

        S3Exception wrong = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("sums").key("wrong")
                .checksumCRC32("AAAAAA=="), RequestBody.fromBytes(body)));
        assertEquals("BadDigest", wrong.awsErrorDetails().errorCode());
        S3Exception wrongMd5 = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("sums").key("wrong")
                .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromBytes(body)));
        assertEquals("BadDigest", wrongMd5.awsErrorDetails().errorCode());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("sums").key("wrong")));
    }

    @Test
    void multipartUploadsConcatenatePartsWithMd5OfMd5sETag() throws Exception {
        s3.createBucket(b -> b.bucket("multi"));
        byte[] part1 = randomBytes(5 * 1024 * 1024, 1);
        byte[] part2 = randomBytes(5 * 1024 * 1024, 2);
        byte[] part3 = randomBytes(1234, 3);
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multi").key("big.bin").contentType("application/x-test")
                .metadata(Map.of("kind", "multipart")).checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[][] all = {part1, part2, part3};
        for (int i = 0; i < all.length; i++) {
            int n = i + 1;
            byte[] bytes = all[i];
            var uploaded = s3.uploadPart(b -> b.bucket("multi").key("big.bin").uploadId(uploadId).partNumber(n)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(bytes));
            parts.add(CompletedPart.builder().partNumber(n).eTag(uploaded.eTag()).checksumCRC32(uploaded.checksumCRC32()).build());
        }
        assertEquals(3, s3.listParts(b -> b.bucket("multi").key("big.bin").uploadId(uploadId)).parts().size());
        var done = s3.completeMultipartUpload(b -> b.bucket("multi").key("big.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));

        MessageDigest md5s = MessageDigest.getInstance("MD5");
        for (byte[] p : all) {
            md5s.update(MessageDigest.getInstance("MD5").digest(p));
        }
        assertEquals("\"" + HexFormat.of().formatHex(md5s.digest()) + "-3\"", done.eTag());
        assertTrue(done.checksumCRC32().endsWith("-3"), done.checksumCRC32());

        var got = s3.getObjectAsBytes(b -> b.bucket("multi").key("big.bin").checksumMode(ChecksumMode.ENABLED));
        byte[] whole = got.asByteArray();
        assertEquals(part1.length + part2.length + part3.length, whole.length);
        assertArrayEquals(part3, java.util.Arrays.copyOfRange(whole, part1.length + part2.length, whole.length));
        assertEquals("application/x-test", got.response().contentType());
        assertEquals(Map.of("kind", "multipart"), got.response().metadata());
        assertEquals(done.eTag(), got.response().eTag());

        var second = s3.getObjectAsBytes(b -> b.bucket("multi").key("big.bin").partNumber(2));
        assertArrayEquals(part2, second.asByteArray());
        assertEquals(3, second.response().partsCount());
        assertEquals(0, s3.listMultipartUploads(b -> b.bucket("multi")).uploads().size());
    }

    @Test
    void multipartErrorsHaveS3Codes() {
        s3.createBucket(b -> b.bucket("multi"));
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multi").key("k")).uploadId();
        var small = s3.uploadPart(b -> b.bucket("multi").key("k").uploadId(uploadId).partNumber(1), RequestBody.fromString("tiny"));
        s3.uploadPart(b -> b.bucket("multi").key("k").uploadId(uploadId).partNumber(2), RequestBody.fromString("tiny"));
        assertEquals("InvalidPart", code(() -> s3.completeMultipartUpload(b -> b.bucket("multi").key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag("\"0123\"").build())))));
        assertEquals("InvalidPartOrder", code(() -> s3.completeMultipartUpload(b -> b.bucket("multi").key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(2).eTag(small.eTag()).build(),
                        CompletedPart.builder().partNumber(1).eTag(small.eTag()).build())))));
        assertEquals("EntityTooSmall", code(() -> s3.completeMultipartUpload(b -> b.bucket("multi").key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(small.eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(small.eTag()).build())))));
        s3.abortMultipartUpload(b -> b.bucket("multi").key("k").uploadId(uploadId));
        assertThrows(NoSuchUploadException.class, () -> s3.uploadPart(b -> b.bucket("multi").key("k").uploadId(uploadId)
                .partNumber(3), RequestBody.fromString("late")));
        assertThrows(NoSuchUploadException.class, () -> s3.abortMultipartUpload(b -> b.bucket("multi").key("k")
                .uploadId("../../../../etc")));
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("multi").key("k")));
    }

    @Test
    void versioningKeepsVersionsAndDeleteMarkers() {
        s3.createBucket(b -> b.bucket("versioned"));
        s3.putBucketVersioning(b -> b.bucket("versioned").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(b -> b.bucket("versioned")).status());
        String v1 = s3.putObject(b -> b.bucket("versioned").key("k"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(b -> b.bucket("versioned").key("k"), RequestBody.fromString("two")).versionId();
        assertNotNull(v1);
        assertFalse(v1.equals(v2));
        assertEquals("two", s3.getObjectAsBytes(b -> b.bucket("versioned").key("k")).asUtf8String());
        assertEquals("one", s3.getObjectAsBytes(b -> b.bucket("versioned").key("k").versionId(v1)).asUtf8String());

        var deleted = s3.deleteObject(b -> b.bucket("versioned").key("k"));
        assertTrue(deleted.deleteMarker());
        NoSuchKeyException gone = assertThrows(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket("versioned").key("k")));
        assertEquals("NoSuchKey", gone.awsErrorDetails().errorCode());
        assertTrue(s3.listObjectsV2(b -> b.bucket("versioned")).contents().isEmpty());

        ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket("versioned"));
        assertEquals(List.of(v2, v1), versions.versions().stream().map(ObjectVersion::versionId).toList());
        assertEquals(List.of(deleted.versionId()), versions.deleteMarkers().stream().map(DeleteMarkerEntry::versionId).toList());
        assertTrue(versions.deleteMarkers().get(0).isLatest());
        assertFalse(versions.versions().get(0).isLatest());

        // Removing the marker brings the object back; deleting a version removes it for good.
        s3.deleteObject(b -> b.bucket("versioned").key("k").versionId(deleted.versionId()));
        assertEquals("two", s3.getObjectAsBytes(b -> b.bucket("versioned").key("k")).asUtf8String());
        s3.deleteObject(b -> b.bucket("versioned").key("k").versionId(v2));
        assertEquals("one", s3.getObjectAsBytes(b -> b.bucket("versioned").key("k")).asUtf8String());
        assertEquals("NoSuchVersion", code(() -> s3.getObject(b -> b.bucket("versioned").key("k").versionId(v2))));

        // Lab 05's cleanup: every version and marker through DeleteObjects, then the bucket.
        s3.deleteObject(b -> b.bucket("versioned").key("k"));
        s3.putObject(b -> b.bucket("versioned").key("other"), RequestBody.fromString("x"));
        var everything = s3.listObjectVersions(b -> b.bucket("versioned"));
        List<ObjectIdentifier> ids = new ArrayList<>();
        everything.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
        everything.deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
        assertEquals(3, ids.size());
        var result = s3.deleteObjects(b -> b.bucket("versioned").delete(d -> d.objects(ids).quiet(true)));
        assertTrue(result.deleted().isEmpty());
        assertTrue(result.errors().isEmpty());
        s3.deleteBucket(b -> b.bucket("versioned"));
    }

    @Test
    void listObjectVersionsPagesWithMarkers() {
        s3.createBucket(b -> b.bucket("pages"));
        s3.putBucketVersioning(b -> b.bucket("pages").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        for (int i = 0; i < 5; i++) {
            for (int v = 0; v < 3; v++) {
                s3.putObject(b -> b.bucket("pages").key("key" + 0), RequestBody.fromString("v"));
            }
        }
        for (int i = 1; i < 4; i++) {
            int n = i;
            s3.putObject(b -> b.bucket("pages").key("key" + n), RequestBody.fromString("v"));
        }
        List<String> seen = new ArrayList<>();
        s3.listObjectVersionsPaginator(b -> b.bucket("pages").maxKeys(4))
                .forEach(p -> p.versions().forEach(v -> seen.add(v.key() + "@" + v.versionId())));
        assertEquals(18, seen.size());
        assertEquals(18, seen.stream().distinct().count());
    }

    @Test
    void deleteObjectsReportsEachKeyUnlessQuiet() {
        s3.createBucket(b -> b.bucket("bulk"));
        for (String key : List.of("a", "b", "c")) {
            s3.putObject(b -> b.bucket("bulk").key(key), RequestBody.fromString(key));
        }
        var result = s3.deleteObjects(b -> b.bucket("bulk").delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").build(), ObjectIdentifier.builder().key("b").build(),
                ObjectIdentifier.builder().key("never-existed").build())));
        assertEquals(List.of("a", "b", "never-existed"), result.deleted().stream().map(d -> d.key()).toList());
        assertEquals(List.of("c"), s3.listObjectsV2(b -> b.bucket("bulk")).contents().stream().map(S3Object::key).toList());
    }

    @Test
    void copyObjectKeepsOrReplacesMetadata() {
        s3.createBucket(b -> b.bucket("src"));
        s3.createBucket(b -> b.bucket("dst"));
        var original = s3.putObject(b -> b.bucket("src").key("a").contentType("text/plain").metadata(Map.of("m", "1")),
                RequestBody.fromString("payload"));
        var copied = s3.copyObject(b -> b.sourceBucket("src").sourceKey("a").destinationBucket("dst").destinationKey("b/c d"));
        assertEquals(original.eTag(), copied.copyObjectResult().eTag());
        var got = s3.getObjectAsBytes(b -> b.bucket("dst").key("b/c d"));
        assertEquals("payload", got.asUtf8String());
        assertEquals("text/plain", got.response().contentType());
        assertEquals(Map.of("m", "1"), got.response().metadata());

        s3.copyObject(b -> b.sourceBucket("src").sourceKey("a").destinationBucket("src").destinationKey("a")
                .metadataDirective(MetadataDirective.REPLACE).contentType("application/json").metadata(Map.of("m", "2")));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket("src").key("a"));
        assertEquals("application/json", replaced.contentType());
        assertEquals(Map.of("m", "2"), replaced.metadata());

        assertEquals("InvalidRequest", code(() -> s3.copyObject(b -> b.sourceBucket("src").sourceKey("a")
                .destinationBucket("src").destinationKey("a"))));
        assertThrows(NoSuchKeyException.class, () -> s3.copyObject(b -> b.sourceBucket("src").sourceKey("missing")
                .destinationBucket("dst").destinationKey("x")));
    }

    @Test
    void conditionalGetsAnswer304And412() {
        s3.createBucket(b -> b.bucket("cond"));
        String eTag = s3.putObject(b -> b.bucket("cond").key("k"), RequestBody.fromString("v")).eTag();
        assertEquals("v", s3.getObjectAsBytes(b -> b.bucket("cond").key("k").ifMatch(eTag)).asUtf8String());
        S3Exception notModified = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(b -> b.bucket("cond").key("k").ifNoneMatch(eTag)));
        assertEquals(304, notModified.statusCode());
        S3Exception failed = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(b -> b.bucket("cond").key("k").ifMatch("\"other\"")));
        assertEquals(412, failed.statusCode());
        assertEquals("PreconditionFailed", failed.awsErrorDetails().errorCode());
        assertEquals("PreconditionFailed", code(() -> s3.putObject(b -> b.bucket("cond").key("k").ifNoneMatch("*"),
                RequestBody.fromString("again"))));
    }

    @Test
    void errorsNameTheKeyAndUnimplementedOperations() {
        s3.createBucket(b -> b.bucket("errors"));
        NoSuchKeyException missing = assertThrows(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket("errors").key("no/such")));
        assertEquals("NoSuchKey", missing.awsErrorDetails().errorCode());
        assertTrue(missing.awsErrorDetails().rawResponse().asUtf8String().contains("<Key>no/such</Key>"));
        S3Exception tagging = assertThrows(S3Exception.class, () -> s3.putBucketTagging(b -> b.bucket("errors")
                .tagging(t -> t.tagSet(s -> s.key("a").value("b")))));
        assertEquals("NotImplemented", tagging.awsErrorDetails().errorCode());
        assertEquals(501, tagging.statusCode());
        assertTrue(tagging.getMessage().contains("PutBucketTagging"), tagging.getMessage());
        S3Exception objectTags = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("errors").key("tagged")
                .tagging("a=b"), RequestBody.fromString("x")));
        assertTrue(objectTags.getMessage().contains("x-amz-tagging"), objectTags.getMessage());
        assertEquals("NotImplemented", code(() -> s3.putObject(b -> b.bucket("errors").key("glacier")
                .storageClass(software.amazon.awssdk.services.s3.model.StorageClass.GLACIER), RequestBody.fromString("x"))));
        s3.putObject(b -> b.bucket("errors").key("standard").storageClass(software.amazon.awssdk.services.s3.model.StorageClass.STANDARD)
                .serverSideEncryption(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256), RequestBody.fromString("x"));
    }

    @Test
    void malformedRequestBodiesAreMalformedXml() throws Exception {
        s3.createBucket(b -> b.bucket("xml"));
        // No SDK sends a broken body, so this one request is built by hand.
        byte[] body = "<Delete><Object><Key>a</Key></Object>".getBytes(StandardCharsets.UTF_8);
        String md5 = java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        var request = java.net.http.HttpRequest.newBuilder(cloud.endpoint().resolve("/xml?delete"))
                .header("Content-MD5", md5).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("<Code>MalformedXML</Code>"), response.body());
    }

    @Test
    void dataSurvivesARestart() {
        s3.createBucket(b -> b.bucket("durable"));
        s3.putBucketVersioning(b -> b.bucket("durable").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String v1 = s3.putObject(b -> b.bucket("durable").key("k").metadata(Map.of("a", "b")), RequestBody.fromString("one")).versionId();
        s3.putObject(b -> b.bucket("durable").key("k"), RequestBody.fromString("two"));
        s3.createBucket(b -> b.bucket("plain"));
        for (int i = 0; i < 1_200; i++) {
            int n = i;
            s3.putObject(b -> b.bucket("plain").key("k" + n), RequestBody.fromString("v" + n));
        }
        s3.close();
        cloud.close();

        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
        s3 = client(cloud.endpoint());
        assertEquals(List.of("durable", "plain"), s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(b -> b.bucket("durable")).status());
        assertEquals("two", s3.getObjectAsBytes(b -> b.bucket("durable").key("k")).asUtf8String());
        var old = s3.getObjectAsBytes(b -> b.bucket("durable").key("k").versionId(v1));
        assertEquals("one", old.asUtf8String());
        assertEquals(Map.of("a", "b"), old.response().metadata());
        assertEquals(1_200, s3.listObjectsV2Paginator(b -> b.bucket("plain")).contents().stream().count());
        assertEquals("v777", s3.getObjectAsBytes(b -> b.bucket("plain").key("k777")).asUtf8String());
    }

    @Test
    void virtualHostStyleAddressingNamesTheBucketInTheHost() {
        s3.createBucket(b -> b.bucket("vhost"));
        s3.putObject(b -> b.bucket("vhost").key("path/style"), RequestBody.fromString("written path-style"));
        // *.localhost does not resolve everywhere: send every host name to the loopback address.
        for (String host : List.of("localhost", "s3.localhost", "s3.us-east-1.localhost")) {
            URI endpoint = URI.create("http://" + host + ":" + cloud.port());
            List<String> sentTo = new ArrayList<>();
            try (S3Client virtual = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                        @Override
                        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                            sentTo.add(context.httpRequest().host() + " " + context.httpRequest().encodedPath());
                        }
                    }))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(ApacheHttpClient.builder()
                            .dnsResolver(name -> new java.net.InetAddress[]{java.net.InetAddress.getLoopbackAddress()}).build())
                    .build()) {
                String key = "virtual/" + host;
                var put = virtual.putObject(b -> b.bucket("vhost").key(key), RequestBody.fromString(host));
                assertEquals(host, virtual.getObjectAsBytes(b -> b.bucket("vhost").key(key)).asUtf8String());
                assertEquals(put.eTag(), s3.headObject(b -> b.bucket("vhost").key(key)).eTag(), "stored in the same bucket");
                assertEquals("written path-style", virtual.getObjectAsBytes(b -> b.bucket("vhost").key("path/style")).asUtf8String());
                assertTrue(virtual.listObjectsV2(b -> b.bucket("vhost").prefix("virtual/")).contents().stream()
                        .anyMatch(o -> o.key().equals(key)));
            }
            assertEquals("vhost." + host + " /" + "virtual/" + host, sentTo.get(0), "the SDK addressed the bucket by host name");
        }
        assertEquals(List.of("vhost"), s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
    }

    static String code(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(S3Exception.class, call).awsErrorDetails().errorCode();
    }
}
