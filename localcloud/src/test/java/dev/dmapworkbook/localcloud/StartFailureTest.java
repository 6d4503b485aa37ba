package dev.dmapworkbook.localcloud;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start that fails after the edge port is bound (a service's folder in the data dir is a file) gives back everything
 * it took: the port at once (not when the garbage collector happens to close the socket) and the data dir, so the
 * learner can fix the cause and start again on the same port.
 */
class StartFailureTest {
    @TempDir
    Path work;

    @Test
    void aFailedStartFreesItsPortAtOnce() throws Exception {
        int port = freePort();
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("s3"), "a file where the S3 folder belongs");
        assertThrows(RuntimeException.class, () -> LocalCloud.start(LocalCloudConfig.forTests(data).withPort(port)).close());
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(again.isBound());
        } catch (IOException e) {
            throw new AssertionError("the failed start still holds port " + port + ": " + e.getMessage(), e);
        }
    }

    @Test
    void aStartThatFailedLateCanBeRetriedOnTheSamePortAndDataDir() throws Exception {
        int port = freePort();
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("states"), "a file where the Step Functions folder belongs");
        LocalCloudConfig config = LocalCloudConfig.forTests(data).withPort(port);
        RuntimeException failed = assertThrows(RuntimeException.class, () -> LocalCloud.start(config).close());
        assertTrue(String.valueOf(failed.getCause()).contains("Not a directory"), String.valueOf(failed));

        Files.delete(data.resolve("states"));
        try (LocalCloud again = LocalCloud.start(config);
             S3Client s3 = SdkClients.client(S3Client.builder(), again.endpoint())) {
            assertEquals(port, again.port());
            s3.createBucket(b -> b.bucket("after-the-failure"));
            assertEquals("after-the-failure", s3.listBuckets().buckets().get(0).name());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
