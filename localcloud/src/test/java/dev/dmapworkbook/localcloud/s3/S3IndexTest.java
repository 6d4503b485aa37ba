package dev.dmapworkbook.localcloud.s3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bucket index's compact versions: nothing a version file says is lost, and data dirs of any age are served. */
class S3IndexTest {
    private static final String MD5 = "5d41402abc4b2a76b9719d911017c592";
    private static final String NONCE = "0123456789abcdef00ff00ff00ff00ff";

    @TempDir
    Path dir;

    private static VersionFile file(String key, String versionId, String dataFile, String eTag,
                                    Map<String, String> checksums, String checksumType, List<Long> parts) {
        return new VersionFile(key, versionId, 1_790_000_000_000_000L, false, dataFile, 5, eTag, 1_790_000_000_000L,
                "text/plain", Map.of(), Map.of(), checksums, checksumType, parts);
    }

    private static String stored(String key, String versionId) {
        return Keys.fileStem(key) + "." + versionId + "." + NONCE + ".bin";
    }

    @Test
    void everyFieldOfAVersionFileComesBackFromItsCompactForm() {
        Map<String, String> twoMeta = new LinkedHashMap<>();
        twoMeta.put("zeta", "1");
        twoMeta.put("alpha", "2");
        Map<String, String> twoChecksums = new LinkedHashMap<>();
        twoChecksums.put("CRC32", "NhCmhg==");
        twoChecksums.put("SHA256", "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=");
        List<VersionFile> files = List.of(
                file("keys/0000001", "null", stored("keys/0000001", "null"), MD5, Map.of("CRC64NVME", "Lb1nAmRU5LE="),
                        "FULL_OBJECT", List.of()),
                file("a/b c", "null", stored("a/b c", "null"), MD5, Map.of("CRC32", "NhCmhg=="), "FULL_OBJECT", List.of()),
                file("a/b c", "null", stored("a/b c", "null"), MD5, Map.of("CRC32C", "AAAAAA=="), "FULL_OBJECT", List.of()),
                file("multi", "3f2a9c0e4b6d8f1a2c3e5f7a9b0c1d2e", stored("multi", "3f2a9c0e4b6d8f1a2c3e5f7a9b0c1d2e"),
                        MD5 + "-3", Map.of("SHA256", "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=-3"), "COMPOSITE",
                        List.of(5_242_880L, 5_242_880L, 17L)),
                file("two", "null", stored("two", "null"), MD5 + "-10000", twoChecksums, "FULL_OBJECT", List.of()),
                file("foreign name", "null", "legacy-content.bin", MD5, Map.of(), null, List.of()),
                file("another key's stem", "null", stored("keys/0000001", "null"), MD5, Map.of(), null, List.of()),
                file("short nonce", "null", Keys.fileStem("short nonce") + ".null.0123.bin", MD5, Map.of(), null, List.of()),
                file("upper", "null", stored("upper", "null").replace("abcdef", "ABCDEF"), MD5.toUpperCase(),
                        Map.of("CRC32", "not base64!"), "FULL_OBJECT", List.of()),
                file("odd etags", "null", stored("odd etags", "null"), MD5 + "-0", Map.of("CRC64NVME", "NhCmhg=="),
                        "FULL_OBJECT", List.of()),
                file("odd etags", "null", stored("odd etags", "null"), MD5 + "-01", Map.of("crc32", "NhCmhg=="), null,
                        List.of()),
                file("odd etags", "null", stored("odd etags", "null"), "abc", Map.of("CRC32", "NhCmhg"), null, List.of()),
                new VersionFile("meta", "null", 7, false, stored("meta", "null"), 0, MD5, 8, "application/x-odd",
                        twoMeta, Map.of("Content-Encoding", "gzip"), Map.of(), null, List.of()),
                new VersionFile("gone", "3f2a9c0e4b6d8f1a2c3e5f7a9b0c1d2e", 9, true, null, 0, null, 10, null, Map.of(),
                        Map.of(), Map.of(), null, List.of()));
        for (VersionFile f : files) {
            ObjectVersion v = f.toVersion();
            assertEquals(f, VersionFile.of(v));
            assertEquals(List.copyOf(f.userMetadata().keySet()), List.copyOf(v.userMetadata().keySet()), "order kept");
            assertEquals(List.copyOf(f.checksums().keySet()), List.copyOf(v.checksums().keySet()), "order kept");
            assertEquals(f.dataFile(), v.dataFile(Keys.fileStem(f.key())));
        }
    }

    @Test
    void aDataDirThatNamesItsDataFilesAnyWayLoadsAndIsServedFromFilesAndFromASnapshot() throws Exception {
        Path root = dir.resolve("s3");
        S3Service first = new S3Service(root);
        first.objects().createBucket("old", "us-east-1");
        first.objects().putObject("old", "made-here", text("new"), null, Map.of());
        first.close();
        Files.delete(root.resolve("buckets/old/index.snapshot"));
        String stem = Keys.fileStem("legacy");
        Path shard = root.resolve("buckets/old/objects").resolve(stem.substring(0, 2));
        Files.createDirectories(shard);
        Files.writeString(shard.resolve("legacy-content.bin"), "hello");
        Files.write(shard.resolve(stem + ".null.json"), StoreFiles.json(new VersionFile("legacy", "null", 5, false,
                "legacy-content.bin", 5, MD5, 1_790_000_000_000L, "text/plain", Map.of("owner", "me"), Map.of(),
                Map.of(), null, List.of())));

        S3Service second = new S3Service(root);
        assertServed(second.objects());
        second.close();
        assertTrue(Files.exists(root.resolve("buckets/old/index.snapshot")));
        S3Service third = new S3Service(root);
        assertServed(third.objects());

        third.objects().putObject("old", "legacy", text("replaced"), null, Map.of());
        assertFalse(Files.exists(shard.resolve("legacy-content.bin")), "the replaced version's data file is removed");
        assertEquals("replaced", read(new S3Service(root).objects(), "legacy"));
    }

    @Test
    void listObjectVersionsPagesThroughVersionsDeleteMarkersAndCommonPrefixesInOrder() {
        ObjectStore store = new ObjectStore(dir.resolve("s3"));
        store.createBucket("versions", "us-east-1");
        store.setVersioning("versions", true);
        for (String key : List.of("a", "a", "a", "b/x", "b/y", "c", "d")) {
            store.putObject("versions", key, text(key), null, Map.of());
        }
        store.deleteObject("versions", "c");
        List<String> expected = new ArrayList<>();
        ObjectStore.VersionListing all = store.listVersions("versions", "", "/", null, null, 1000);
        all.versions().forEach(v -> expected.add(v.key() + (v.deleteMarker() ? " marker" : "") + (all.latest().get(v) ? " latest" : "")));
        expected.addAll(all.commonPrefixes());
        assertEquals(List.of("a latest", "a", "a", "c marker latest", "c", "d latest", "b/"), expected);

        List<String> paged = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        int pages = 0;
        while (true) {
            ObjectStore.VersionListing page = store.listVersions("versions", "", "/", keyMarker, versionMarker, 2);
            assertTrue(page.versions().size() + page.commonPrefixes().size() <= 2);
            page.versions().forEach(v -> paged.add(v.key() + (v.deleteMarker() ? " marker" : "") + (page.latest().get(v) ? " latest" : "")));
            prefixes.addAll(page.commonPrefixes());
            pages++;
            if (!page.truncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        paged.addAll(prefixes);
        assertEquals(List.of("a latest", "a", "a", "b/", "c marker latest", "c", "d latest"), paged.stream()
                .sorted(java.util.Comparator.comparing((String e) -> e.charAt(0))).toList());
        assertEquals(4, pages);
    }

    private static void assertServed(S3Objects s3) throws Exception {
        assertEquals("hello", read(s3, "legacy"));
        assertEquals("new", read(s3, "made-here"));
        assertEquals("\"" + MD5 + "\"", s3.headObject("old", "legacy").eTag());
        assertEquals(List.of("legacy", "made-here"),
                s3.listObjectsV2("old", "", null, 10).contents().stream().map(S3Objects.ObjectSummary::key).toList());
    }

    private static String read(S3Objects s3, String key) throws Exception {
        try (InputStream in = s3.getObject("old", key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
