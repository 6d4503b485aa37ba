package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.core.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The aws-chunked encodings the SDKs and the CLI send: signed and unsigned chunks, with and without trailers. */
class AwsChunkedBodyTest {
    /** CRC32 of "hello world", base64 of its big-endian bytes. */
    private static final String CRC32_HELLO_WORLD = ChecksumAlgorithm.CRC32.of("hello world".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesSignedChunksWithASignedTrailer() throws Exception {
        String body = "6;chunk-signature=aaaa\r\nhello \r\n5;chunk-signature=bbbb\r\nworld\r\n0;chunk-signature=cccc\r\n"
                + "x-amz-checksum-crc32:" + CRC32_HELLO_WORLD + "\r\nx-amz-trailer-signature:dddd\r\n\r\n";
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(bytes(body)));
        assertEquals("hello world", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(CRC32_HELLO_WORLD, in.trailers().get("x-amz-checksum-crc32"));
    }

    @Test
    void decodesUnsignedChunksWithATrailer() throws Exception {
        String body = "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:" + CRC32_HELLO_WORLD + "\r\n\r\n";
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(bytes(body)));
        assertEquals("hello world", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(CRC32_HELLO_WORLD, in.trailers().get("x-amz-checksum-crc32"));
    }

    @Test
    void aTruncatedBodyIsAnIncompleteBody() {
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(bytes("b\r\nhello")));
        assertEquals("IncompleteBody", assertThrows(ServiceException.class, in::readAllBytes).code());
    }

    @Test
    void trailingChecksumsAreVerifiedBeforeAnythingIsStored() {
        ObjectStore store = new ObjectStore(dir);
        store.createBucket("chunked", "us-east-1");
        String wrong = ChecksumAlgorithm.CRC32.of(bytes("something else"));
        for (String trailer : List.of(CRC32_HELLO_WORLD, wrong)) {
            String body = "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:" + trailer + "\r\n\r\n";
            EdgeRequest request = EdgeRequest.of("PUT", "/chunked/k", Map.of(
                    "x-amz-content-sha256", List.of("STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
                    "Content-Encoding", List.of("aws-chunked"),
                    "x-amz-decoded-content-length", List.of("11"),
                    "x-amz-trailer", List.of("x-amz-checksum-crc32")), bytes(body));
            if (trailer.equals(wrong)) {
                assertEquals("BadDigest", assertThrows(ServiceException.class,
                        () -> RequestContent.stage(store, "chunked", request, Optional.empty())).code());
            } else {
                StagedData staged = RequestContent.stage(store, "chunked", request, Optional.empty());
                assertEquals(11, staged.size());
                assertEquals(Map.of(ChecksumAlgorithm.CRC32, CRC32_HELLO_WORLD), staged.checksums());
                staged.discard();
            }
        }
        assertEquals(List.of(), listing(dir.resolve("buckets/chunked/tmp")), "nothing staged is left behind");
    }

    @Test
    void aDecodedLengthThatDisagreesIsAnIncompleteBody() {
        ObjectStore store = new ObjectStore(dir);
        store.createBucket("chunked", "us-east-1");
        EdgeRequest request = EdgeRequest.of("PUT", "/chunked/k", Map.of(
                "x-amz-content-sha256", List.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
                "x-amz-decoded-content-length", List.of("12")),
                bytes("b;chunk-signature=aa\r\nhello world\r\n0;chunk-signature=bb\r\n\r\n"));
        assertEquals("IncompleteBody", assertThrows(ServiceException.class,
                () -> RequestContent.stage(store, "chunked", request, Optional.empty())).code());
    }

    private static List<Path> listing(Path dir) {
        try (var files = Files.list(dir)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
