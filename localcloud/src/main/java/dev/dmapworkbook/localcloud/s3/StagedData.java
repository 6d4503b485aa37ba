package dev.dmapworkbook.localcloud.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Content written to a temporary file and digested on the way, not yet visible: the wire layer checks the
 * client's digests against it, then the store commits it (one atomic rename) or it is discarded.
 *
 * @param md5       raw MD5 of the content (the ETag of a single-part object)
 * @param checksums the additional checksums computed, base64
 */
record StagedData(Path file, long size, byte[] md5, Map<ChecksumAlgorithm, String> checksums) {
    /** Writes {@code content} to a new file in {@code tmpDir}, computing MD5 and the given checksums. */
    static StagedData write(Path tmpDir, InputStream content, Set<ChecksumAlgorithm> algorithms) {
        Path tmp = tmpDir.resolve(StoreFiles.nonce() + ".part");
        MessageDigest md5 = StoreFiles.md5();
        Map<ChecksumAlgorithm, ChecksumAlgorithm.Digest> digests = new EnumMap<>(ChecksumAlgorithm.class);
        algorithms.forEach(a -> digests.put(a, a.newDigest()));
        long size = 0;
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // Most objects are small: a 64 KiB buffer only once the first 8 KiB are full.
            byte[] buf = new byte[8 * 1024];
            int n;
            while ((n = content.read(buf)) > 0) {
                out.write(buf, 0, n);
                md5.update(buf, 0, n);
                for (ChecksumAlgorithm.Digest d : digests.values()) {
                    d.update(buf, 0, n);
                }
                size += n;
                if (n == buf.length && buf.length < 64 * 1024) {
                    buf = new byte[64 * 1024];
                }
            }
        } catch (IOException | RuntimeException e) {
            StoreFiles.deleteQuietly(tmp);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException((IOException) e);
        }
        Map<ChecksumAlgorithm, String> checksums = new EnumMap<>(ChecksumAlgorithm.class);
        digests.forEach((a, d) -> checksums.put(a, Base64.getEncoder().encodeToString(d.finish())));
        return new StagedData(tmp, size, md5.digest(), checksums);
    }

    void discard() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is removed when the bucket's index is next loaded
        }
    }
}
