package dev.dmapworkbook.localcloud.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** S3's naming rules for keys and buckets, the key order listings use, and the file names keys are stored under. */
final class Keys {
    /** UTF-8 binary order, which is code point order (UTF-16 {@code compareTo} differs above U+D7FF). */
    static final Comparator<String> UTF8_ORDER = Keys::compareUtf8;

    private static final int MAX_KEY_BYTES = 1024;
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private Keys() {
    }

    /** Object keys: 1 to 1,024 UTF-8 bytes, no NUL (S3 User Guide, "Naming Amazon S3 objects"). */
    static void validateKey(String key) {
        if (key == null || key.isEmpty()) {
            throw S3Error.INVALID_ARGUMENT.exception("The object key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw S3Error.KEY_TOO_LONG.exception().with("Size", String.valueOf(key.getBytes(StandardCharsets.UTF_8).length))
                    .with("MaxSizeAllowed", String.valueOf(MAX_KEY_BYTES));
        }
        if (key.indexOf('\0') >= 0) {
            // The key is not echoed: NUL cannot appear in an XML 1.0 document.
            throw S3Error.INVALID_ARGUMENT.exception("Object key must not contain the NUL character (U+0000)");
        }
    }

    /** General purpose bucket naming rules (S3 User Guide, "Bucket naming rules"). */
    static void validateBucketName(String name) {
        boolean valid = name != null && BUCKET.matcher(name).matches() && !name.contains("..")
                && !IP_ADDRESS.matcher(name).matches() && !name.startsWith("xn--") && !name.startsWith("sthree-")
                && !name.startsWith("amzn-s3-demo-") && !name.endsWith("-s3alias") && !name.endsWith("--ol-s3")
                && !name.endsWith(".mrap") && !name.endsWith("--x-s3") && !name.endsWith("--table-s3")
                && !name.contains(".-") && !name.contains("-.");
        if (!valid) {
            throw S3Error.INVALID_BUCKET_NAME.exception().with("BucketName", String.valueOf(name));
        }
    }

    static boolean isValidBucketName(String name) {
        try {
            validateBucketName(name);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The file name stem for a key: its SHA-256, so no key (with {@code ..}, {@code /}, …) is ever a path. */
    static String fileStem(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointRank(x) - codePointRank(y);
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF so UTF-16 units compare in code point order. */
    private static int codePointRank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
