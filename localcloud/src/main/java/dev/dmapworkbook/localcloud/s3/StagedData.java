package dev.dmapworkbook.localcloud.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Content written to a temporary file and digested on the way, not yet visible: the wire layer checks the
 * client's digests against it, then the store commits it (one atomic rename) or it is discarded.
 *
 * @param md5       raw MD5 of the content (the ETag of a single-part object)
 * @param checksums the additional checksums computed, base64
 */
record StagedData(Path file, long size, byte[] md5, Map<ChecksumAlgorithm, String> checksums) {
    void discard() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is removed when the bucket's index is next loaded
        }
    }
}
