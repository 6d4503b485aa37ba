package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.core.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-process contract other services use (ItemReader, ResultWriter, Lambda code, CloudFormation). */
class S3ObjectsTest {
    @TempDir
    Path dir;

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void putGetHeadListAndDelete() throws Exception {
        S3Objects s3 = new S3Service(dir).objects();
        s3.createBucket("data", "us-east-1");
        assertTrue(s3.bucketExists("data"));
        var summary = s3.putObject("data", "csv/a.csv", text("hello"), "text/csv", Map.of("owner", "me"));
        assertEquals("\"5d41402abc4b2a76b9719d911017c592\"", summary.eTag());
        assertEquals(5, summary.size());
        try (InputStream in = s3.getObject("data", "csv/a.csv")) {
            assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(5, s3.headObject("data", "csv/a.csv").size());
        s3.deleteObject("data", "csv/a.csv");
        ServiceException e = assertThrows(ServiceException.class, () -> s3.headObject("data", "csv/a.csv"));
        assertEquals("NoSuchKey", e.code());
        s3.deleteBucket("data");
        assertFalse(s3.bucketExists("data"));
    }

    @Test
    void listsPastOneThousandKeysInUtf8OrderWithContinuationTokens() {
        S3Objects s3 = new S3Service(dir).objects();
        s3.createBucket("many", "us-east-1");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2345; i++) {
            keys.add(String.format("p/%05d", i));
        }
        keys.add("p/\uFF21"); // U+FF21 sorts before U+1F600 in UTF-8, after it in UTF-16
        keys.add("p/\uD83D\uDE00");
        for (String key : keys) {
            s3.putObject("many", key, text(key), null, Map.of());
        }
        s3.putObject("many", "q/outside", text("x"), null, Map.of());
        List<String> listed = new ArrayList<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            S3Objects.ListPage page = s3.listObjectsV2("many", "p/", token.orElse(null), 1000);
            page.contents().forEach(o -> listed.add(o.key()));
            token = page.nextContinuationToken();
            pages++;
        } while (token.isPresent());
        assertEquals(3, pages);
        assertEquals(keys, listed);
    }

    @Test
    void errorsCarryS3Codes() {
        S3Objects s3 = new S3Service(dir).objects();
        assertEquals("NoSuchBucket", assertThrows(ServiceException.class, () -> s3.headObject("nope", "k")).code());
        assertEquals("InvalidBucketName", assertThrows(ServiceException.class, () -> s3.createBucket("Bad_Name", "us-east-1")).code());
        s3.createBucket("bucket-one", "us-east-1");
        assertEquals("BucketAlreadyOwnedByYou", assertThrows(ServiceException.class, () -> s3.createBucket("bucket-one", "us-east-1")).code());
        s3.putObject("bucket-one", "k", text("v"), null, Map.of());
        assertEquals("BucketNotEmpty", assertThrows(ServiceException.class, () -> s3.deleteBucket("bucket-one")).code());
        assertEquals("KeyTooLongError", assertThrows(ServiceException.class,
                () -> s3.putObject("bucket-one", "k".repeat(1025), text("v"), null, Map.of())).code());
        assertEquals("InvalidArgument", assertThrows(ServiceException.class,
                () -> s3.putObject("bucket-one", "nul\0key", text("v"), null, Map.of())).code());
    }

    @Test
    void versionedBucketEmptiesCompletely() {
        S3Objects s3 = new S3Service(dir).objects();
        s3.createBucket("versioned", "us-east-1");
        s3.setVersioning("versioned", true);
        s3.putObject("versioned", "k", text("1"), null, Map.of());
        s3.putObject("versioned", "k", text("2"), null, Map.of());
        s3.deleteObject("versioned", "k");
        assertTrue(s3.listObjectsV2("versioned", "", null, 1000).contents().isEmpty());
        assertEquals("BucketNotEmpty", assertThrows(ServiceException.class, () -> s3.deleteBucket("versioned")).code());
        s3.emptyBucket("versioned");
        s3.deleteBucket("versioned");
    }

    @Test
    void aCleanShutdownSnapshotIsTrustedOnlyUntilTheNextChange() throws Exception {
        Path root = dir.resolve("s3");
        S3Service first = new S3Service(root);
        first.objects().createBucket("snap", "us-east-1");
        first.objects().putObject("snap", "a", text("1"), null, Map.of());
        first.objects().putObject("snap", "b", text("2"), null, Map.of());
        first.close();
        Path snapshot = root.resolve("buckets/snap/index.snapshot");
        assertTrue(Files.exists(snapshot));

        S3Service second = new S3Service(root); // and then a crash: never closed
        assertEquals(List.of("a", "b"), keys(second.objects()));
        second.objects().putObject("snap", "c", text("3"), null, Map.of());
        assertFalse(Files.exists(snapshot), "the first change removes the snapshot");
        second.objects().deleteObject("snap", "a");

        S3Service third = new S3Service(root);
        assertEquals(List.of("b", "c"), keys(third.objects()));
        try (InputStream in = third.objects().getObject("snap", "c")) {
            assertEquals("3", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> keys(S3Objects s3) {
        return s3.listObjectsV2("snap", "", null, 1000).contents().stream().map(S3Objects.ObjectSummary::key).toList();
    }

    @Test
    void keysNeverBecomePathsAndSurviveARestart() throws Exception {
        S3Objects s3 = new S3Service(dir.resolve("s3")).objects();
        s3.createBucket("safe", "us-east-1");
        s3.putObject("safe", "../../../escape", text("inside"), null, Map.of());
        s3.putObject("safe", "/absolute/path", text("inside"), null, Map.of());
        try (Stream<Path> all = Files.walk(dir)) {
            assertTrue(all.filter(p -> !p.equals(dir)).allMatch(p -> p.startsWith(dir.resolve("s3"))));
        }
        S3Objects reopened = new S3Service(dir.resolve("s3")).objects();
        try (InputStream in = reopened.getObject("safe", "../../../escape")) {
            assertEquals("inside", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of("../../../escape", "/absolute/path"),
                reopened.listObjectsV2("safe", "", null, 10).contents().stream().map(S3Objects.ObjectSummary::key).toList());
    }
}
