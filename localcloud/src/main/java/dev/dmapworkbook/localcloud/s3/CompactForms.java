package dev.dmapworkbook.localcloud.s3;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The compact in-memory forms of an {@link ObjectVersion}'s usual values and their text forms. Each parser returns
 * null unless the value's text form comes back exactly from the compact one, so nothing is ever changed by storing it.
 */
final class CompactForms {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_PARTS = 10_000;

    private CompactForms() {
    }

    /** An ETag's MD5 as two longs, and its {@code -N} part count (0: no suffix). */
    record ETag(long high, long low, int parts) {
    }

    /** The 128-bit nonce in a data file's name ({@link ObjectStore#nonce()}). */
    record Nonce(long high, long low) {
    }

    /** One CRC checksum's value (4 or 8 bytes) as a long. */
    record Checksum(ChecksumAlgorithm algorithm, long value) {
    }

    /** The name of a version's data file as this store makes it: {@code <sha256(key)>.<versionId>.<nonce>.bin}. */
    static String dataFile(String stem, String versionId, long nonceHigh, long nonceLow) {
        return stem + "." + versionId + "." + HEX.toHexDigits(nonceHigh) + HEX.toHexDigits(nonceLow) + ".bin";
    }

    /** The nonce if {@code dataFile} is {@link #dataFile} of this key and version; else null. */
    static Nonce dataFileNonce(String key, String versionId, String dataFile) {
        int nonceStart = 64 + 1 + versionId.length() + 1;
        if (dataFile.length() != nonceStart + 32 + ".bin".length() || !dataFile.endsWith(".bin")
                || !isLowerHex(dataFile, nonceStart, nonceStart + 32)) {
            return null;
        }
        Nonce nonce = new Nonce(HexFormat.fromHexDigitsToLong(dataFile, nonceStart, nonceStart + 16),
                HexFormat.fromHexDigitsToLong(dataFile, nonceStart + 16, nonceStart + 32));
        return dataFile.equals(dataFile(Keys.fileStem(key), versionId, nonce.high(), nonce.low())) ? nonce : null;
    }

    /** {@code <32 lowercase hex>} or {@code <32 lowercase hex>-N}, N from 1 to 10,000; else null. */
    static ETag eTag(String eTag) {
        if (eTag.length() < 32 || !isLowerHex(eTag, 0, 32)) {
            return null;
        }
        int parts = 0;
        if (eTag.length() > 32) {
            if (eTag.charAt(32) != '-' || eTag.length() > 38) {
                return null;
            }
            try {
                parts = Integer.parseInt(eTag, 33, eTag.length(), 10);
            } catch (NumberFormatException e) {
                return null;
            }
            if (parts < 1 || parts > MAX_PARTS) {
                return null;
            }
        }
        ETag compact = new ETag(HexFormat.fromHexDigitsToLong(eTag, 0, 16), HexFormat.fromHexDigitsToLong(eTag, 16, 32), parts);
        return eTag.equals(eTag(compact.high(), compact.low(), parts)) ? compact : null;
    }

    static String eTag(long high, long low, int parts) {
        String md5 = HEX.toHexDigits(high) + HEX.toHexDigits(low);
        return parts == 0 ? md5 : md5 + "-" + parts;
    }

    /** A map of exactly one CRC checksum (the usual case: S3 adds CRC64NVME to every object); else null. */
    static Checksum checksum(Map<String, String> checksums) {
        if (checksums == null || checksums.size() != 1) {
            return null;
        }
        Map.Entry<String, String> only = checksums.entrySet().iterator().next();
        ChecksumAlgorithm algorithm = only.getKey() == null ? null
                : ChecksumAlgorithm.fromName(only.getKey()).filter(a -> a.name().equals(only.getKey())).orElse(null);
        if (algorithm == null || !algorithm.isCrc() || only.getValue() == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(only.getValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length != crcBytes(algorithm)) {
            return null;
        }
        long value = 0;
        for (byte b : bytes) {
            value = value << 8 | (b & 0xff);
        }
        Checksum compact = new Checksum(algorithm, value);
        return checksums.equals(checksums(algorithm, value)) ? compact : null;
    }

    static Map<String, String> checksums(ChecksumAlgorithm algorithm, long value) {
        int n = crcBytes(algorithm);
        byte[] bytes = new byte[n];
        for (int i = n - 1; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return Map.of(algorithm.name(), Base64.getEncoder().encodeToString(bytes));
    }

    private static int crcBytes(ChecksumAlgorithm algorithm) {
        return algorithm == ChecksumAlgorithm.CRC64NVME ? 8 : 4;
    }

    private static boolean isLowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
