package dev.dmapworkbook.localcloud.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The additional checksums S3 supports (S3 User Guide, "Checking object integrity"). Values travel as the
 * base64 of the big-endian digest in {@code x-amz-checksum-<name>} headers, trailers and XML elements.
 */
enum ChecksumAlgorithm {
    CRC32, CRC32C, CRC64NVME, SHA1, SHA256;

    /** A running digest over the bytes of one object or part. */
    interface Digest {
        void update(byte[] bytes, int offset, int length);

        byte[] finish();
    }

    /** {@code x-amz-checksum-crc32}, … */
    String headerName() {
        return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
    }

    /** {@code ChecksumCRC32}, … as in the CompleteMultipartUpload and ListParts XML. */
    String xmlElement() {
        return "Checksum" + name();
    }

    /** CRCs can be combined into a full-object checksum; SHA checksums of multipart objects are composite only. */
    boolean isCrc() {
        return this != SHA1 && this != SHA256;
    }

    static Optional<ChecksumAlgorithm> fromName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace("-", "");
        for (ChecksumAlgorithm a : values()) {
            if (a.name().equals(n)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The algorithm a header such as {@code x-amz-checksum-crc32} names, if it names one. */
    static Optional<ChecksumAlgorithm> fromHeaderName(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        return h.startsWith("x-amz-checksum-") ? fromName(h.substring("x-amz-checksum-".length())) : Optional.empty();
    }

    Digest newDigest() {
        return switch (this) {
            case CRC32 -> crc(new CRC32(), 4);
            case CRC32C -> crc(new CRC32C(), 4);
            case CRC64NVME -> crc(new Crc64Nvme(), 8);
            case SHA1 -> sha("SHA-1");
            case SHA256 -> sha("SHA-256");
        };
    }

    /** The digest of a whole byte array, base64-encoded. */
    String of(byte[] bytes) {
        Digest d = newDigest();
        d.update(bytes, 0, bytes.length);
        return Base64.getEncoder().encodeToString(d.finish());
    }

    /** True when {@code value} is base64 of a digest of this algorithm's size. */
    boolean isWellFormed(String value) {
        try {
            int size = switch (this) {
                case CRC32, CRC32C -> 4;
                case CRC64NVME -> 8;
                case SHA1 -> 20;
                case SHA256 -> 32;
            };
            return Base64.getDecoder().decode(value.trim()).length == size;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Digest crc(Checksum checksum, int bytes) {
        return new Digest() {
            public void update(byte[] b, int off, int len) {
                checksum.update(b, off, len);
            }

            public byte[] finish() {
                long v = checksum.getValue();
                ByteBuffer buf = ByteBuffer.allocate(8).putLong(v);
                byte[] all = buf.array();
                byte[] out = new byte[bytes];
                System.arraycopy(all, 8 - bytes, out, 0, bytes);
                return out;
            }
        };
    }

    private static Digest sha(String algorithm) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Digest() {
            public void update(byte[] b, int off, int len) {
                md.update(b, off, len);
            }

            public byte[] finish() {
                return md.digest();
            }
        };
    }
}
