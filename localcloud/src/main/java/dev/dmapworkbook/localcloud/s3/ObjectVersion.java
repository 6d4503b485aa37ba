package dev.dmapworkbook.localcloud.s3;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of one key: an object or a delete marker. A bucket's index holds one of these per version (a million
 * keys: a million versions), so the common case takes ~100 bytes: the data file's name is derived from the key's
 * SHA-256, the version id and its 128-bit nonce (two longs); an MD5 ETag is two longs (a multipart one also its part
 * count); one CRC checksum is a long; content types are shared. What does not fit those forms (version ids,
 * metadata, SHA checksums, part sizes, any name or ETag this store did not make) is kept as given in {@link Rare}. {@link VersionFile} is the form
 * on disk; {@link #of} and {@link VersionFile#of} convert without loss.
 */
final class ObjectVersion {
    static final String NULL_VERSION = "null";
    private static final int DELETE_MARKER = 1;
    private static final int DERIVED_DATA_FILE = 2;
    private static final int COMPACT_ETAG = 4;
    private static final byte NO_COMPACT_CHECKSUM = -1;

    /** Values few versions have; a null field means the compact form holds it (or it is empty). */
    private record Rare(String versionId, String dataFile, String eTag, Map<String, String> userMetadata,
                        Map<String, String> headers, Map<String, String> checksums, List<Long> partSizes) {
    }

    private final String key;
    private final long seq;
    private final long size;
    private final long lastModified;
    private final long md5High;
    private final long md5Low;
    private final long nonceHigh;
    private final long nonceLow;
    private final long checksum;
    private final int eTagParts;
    private final byte checksumAlgorithm;
    private final byte flags;
    private final String contentType;
    private final String checksumType;
    private final Rare rare;

    private ObjectVersion(String key, long seq, long size, long lastModified, CompactForms.ETag eTag, CompactForms.Nonce nonce,
                          CompactForms.Checksum checksum, int flags, String contentType, String checksumType, Rare rare) {
        this.key = key;
        this.seq = seq;
        this.size = size;
        this.lastModified = lastModified;
        this.md5High = eTag == null ? 0 : eTag.high();
        this.md5Low = eTag == null ? 0 : eTag.low();
        this.eTagParts = eTag == null ? 0 : eTag.parts();
        this.nonceHigh = nonce == null ? 0 : nonce.high();
        this.nonceLow = nonce == null ? 0 : nonce.low();
        this.checksumAlgorithm = checksum == null ? NO_COMPACT_CHECKSUM : (byte) checksum.algorithm().ordinal();
        this.checksum = checksum == null ? 0 : checksum.value();
        this.flags = (byte) flags;
        this.contentType = contentType == null ? null : contentType.intern();
        this.checksumType = checksumType == null ? null : checksumType.intern();
        this.rare = rare;
    }

    /**
     * A version from its parts as S3 describes them.
     *
     * @param versionId    {@code null} (the string) when versioning was never enabled or is suspended
     * @param seq          store-wide increasing number; orders a key's versions, newest first
     * @param dataFile     file name of the content in the key's shard folder; null for a delete marker
     * @param eTag         hex MD5 (multipart: MD5 of the parts' MD5s, then {@code -N}), unquoted
     * @param headers      stored system metadata: Content-Encoding, Content-Disposition, Cache-Control, …
     * @param checksums    algorithm name ({@code CRC32}, …) to base64 value
     * @param checksumType {@code FULL_OBJECT} or {@code COMPOSITE}
     * @param partSizes    sizes of the parts of a multipart object; empty otherwise
     */
    static ObjectVersion of(String key, String versionId, long seq, boolean deleteMarker, String dataFile, long size,
                            String eTag, long lastModified, String contentType, Map<String, String> userMetadata,
                            Map<String, String> headers, Map<String, String> checksums, String checksumType,
                            List<Long> partSizes) {
        String id = versionId == null || NULL_VERSION.equals(versionId) ? NULL_VERSION : versionId;
        CompactForms.Nonce nonce = dataFile == null ? null : CompactForms.dataFileNonce(key, id, dataFile);
        CompactForms.ETag compactETag = eTag == null ? null : CompactForms.eTag(eTag);
        CompactForms.Checksum compactChecksum = CompactForms.checksum(checksums);
        int flags = (deleteMarker ? DELETE_MARKER : 0) | (nonce != null ? DERIVED_DATA_FILE : 0)
                | (compactETag != null ? COMPACT_ETAG : 0);
        Rare rare = rare(NULL_VERSION.equals(id) ? null : id, nonce == null ? dataFile : null, compactETag == null ? eTag : null,
                orNull(userMetadata), orNull(headers), compactChecksum == null ? orNull(checksums) : null,
                partSizes == null || partSizes.isEmpty() ? null : List.copyOf(partSizes));
        return new ObjectVersion(key, seq, size, lastModified, compactETag, nonce, compactChecksum,
                flags, contentType, checksumType, rare);
    }

    private static Rare rare(String versionId, String dataFile, String eTag, Map<String, String> userMetadata,
                             Map<String, String> headers, Map<String, String> checksums, List<Long> partSizes) {
        boolean none = versionId == null && dataFile == null && eTag == null && userMetadata == null && headers == null
                && checksums == null && partSizes == null;
        return none ? null : new Rare(versionId, dataFile, eTag, userMetadata, headers, checksums, partSizes);
    }

    /** Null for none; one entry in its smallest form; more as given (their order is the order S3 reports them in). */
    private static Map<String, String> orNull(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return null;
        }
        if (map.size() == 1) {
            Map.Entry<String, String> only = map.entrySet().iterator().next();
            if (only.getKey() != null && only.getValue() != null) {
                return Map.of(only.getKey().intern(), only.getValue());
            }
        }
        return map;
    }

    String key() {
        return key;
    }

    String versionId() {
        return rare == null || rare.versionId() == null ? NULL_VERSION : rare.versionId();
    }

    long seq() {
        return seq;
    }

    boolean deleteMarker() {
        return (flags & DELETE_MARKER) != 0;
    }

    /** The content's file name in the key's shard folder ({@link Keys#fileStem}); null for a delete marker. */
    String dataFile() {
        return (flags & DERIVED_DATA_FILE) != 0 ? CompactForms.dataFile(Keys.fileStem(key), versionId(), nonceHigh, nonceLow)
                : rare == null ? null : rare.dataFile();
    }

    /** {@link #dataFile()} when the caller has the key's file stem already. */
    String dataFile(String stem) {
        return (flags & DERIVED_DATA_FILE) != 0 ? CompactForms.dataFile(stem, versionId(), nonceHigh, nonceLow) : dataFile();
    }

    long size() {
        return size;
    }

    /** Hex MD5 (multipart: {@code <hex>-N}), unquoted; null for a delete marker. */
    String eTag() {
        return (flags & COMPACT_ETAG) != 0 ? CompactForms.eTag(md5High, md5Low, eTagParts)
                : rare == null ? null : rare.eTag();
    }

    long lastModified() {
        return lastModified;
    }

    String contentType() {
        return contentType;
    }

    Map<String, String> userMetadata() {
        return rare == null || rare.userMetadata() == null ? Map.of() : rare.userMetadata();
    }

    Map<String, String> headers() {
        return rare == null || rare.headers() == null ? Map.of() : rare.headers();
    }

    /** Algorithm name ({@code CRC32}, …) to base64 value. */
    Map<String, String> checksums() {
        if (checksumAlgorithm != NO_COMPACT_CHECKSUM) {
            return CompactForms.checksums(ChecksumAlgorithm.values()[checksumAlgorithm], checksum);
        }
        return rare == null || rare.checksums() == null ? Map.of() : rare.checksums();
    }

    String checksumType() {
        return checksumType;
    }

    List<Long> partSizes() {
        return rare == null || rare.partSizes() == null ? List.of() : rare.partSizes();
    }

    String quotedETag() {
        return "\"" + eTag() + "\"";
    }

    Instant lastModifiedInstant() {
        return Instant.ofEpochMilli(lastModified);
    }

    S3Objects.ObjectSummary summary() {
        return new S3Objects.ObjectSummary(key, quotedETag(), size, lastModifiedInstant(), "STANDARD");
    }

    @Override
    public String toString() {
        return "ObjectVersion[" + key + " " + versionId() + " seq " + seq + (deleteMarker() ? " delete marker]" : "]");
    }
}
