package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.ServerProcess;
import dev.dmapworkbook.localcloud.SdkClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety: {@code kill -9} of a real server process in the middle of uploading 1,000 objects; after a
 * restart every listed object is whole (size and MD5), every acknowledged upload is there, nothing partial shows.
 */
class S3CrashSafetyTest {
    private static final int OBJECTS = 1_000;

    @TempDir
    Path work;

    private final List<ServerProcess> servers = new ArrayList<>();

    @AfterEach
    void killServers() throws InterruptedException {
        for (ServerProcess server : servers) {
            server.kill();
        }
    }

    @Test
    void killMinus9DuringUploadsLeavesEachObjectWholeOrAbsent() throws Exception {
        Path dataDir = work.resolve("data");
        ServerProcess first = serve(dataDir, "first");
        URI endpoint = first.endpoint();

        AtomicInteger acknowledged = new AtomicInteger();
        Thread uploader = new Thread(() -> {
            try (S3Client s3 = client(endpoint)) {
                s3.createBucket(b -> b.bucket("crash"));
                for (int i = 0; i < OBJECTS; i++) {
                    int n = i;
                    s3.putObject(b -> b.bucket("crash").key(key(n)), RequestBody.fromBytes(content(n)));
                    acknowledged.incrementAndGet();
                }
            } catch (RuntimeException expected) {
                // the server was killed under us
            }
        }, "uploader");
        uploader.start();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (acknowledged.get() < 300 && uploader.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        first.kill(); // SIGKILL: no shutdown hook, no flush, mid-request
        uploader.join();
        int acked = acknowledged.get();
        assertTrue(acked >= 300 && acked < OBJECTS, "the kill landed mid-way (" + acked + " acknowledged)");

        URI restarted = serve(dataDir, "second").endpoint();
        try (S3Client s3 = client(restarted)) {
            List<S3Object> listed = s3.listObjectsV2Paginator(b -> b.bucket("crash")).contents().stream().toList();
            Set<Integer> present = new TreeSet<>();
            for (S3Object object : listed) {
                assertTrue(object.key().matches("object-\\d{4}"), "unexpected key " + object.key());
                int n = Integer.parseInt(object.key().substring("object-".length()));
                byte[] expected = content(n);
                assertEquals(expected.length, object.size(), object.key());
                byte[] stored = s3.getObjectAsBytes(b -> b.bucket("crash").key(object.key())).asByteArray();
                assertEquals(S3ContractTest.md5Hex(expected), S3ContractTest.md5Hex(stored), object.key() + " is whole");
                assertEquals("\"" + S3ContractTest.md5Hex(expected) + "\"", object.eTag());
                present.add(n);
            }
            for (int i = 0; i < acked; i++) {
                assertTrue(present.contains(i), "acknowledged upload " + key(i) + " survived the kill");
            }
        }
        try (Stream<Path> files = Files.walk(dataDir.resolve("s3"))) {
            List<Path> leftovers = files.filter(p -> p.toString().endsWith(".part") || p.toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), leftovers, "temporary files are cleared once the bucket is loaded");
        }
    }

    private static String key(int n) {
        return String.format("object-%04d", n);
    }

    private static byte[] content(int n) {
        return S3ContractTest.randomBytes(1 + (n * 7919) % 120_000, n);
    }

    private static S3Client client(URI endpoint) {
        return SdkClients.client(S3Client.builder()
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())), endpoint);
    }

    private ServerProcess serve(Path dataDir, String name) throws Exception {
        ServerProcess server = ServerProcess.serve(dataDir, work.resolve(name + ".log"));
        servers.add(server);
        return server;
    }
}
