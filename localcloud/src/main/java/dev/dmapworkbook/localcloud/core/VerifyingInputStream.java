package dev.dmapworkbook.localcloud.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Counts and digests the bytes read through it (MD5 for an S3 inventory data file, SHA-256 for a signed S3 payload)
 * and, once told what the bytes must be ({@link #expecting}), checks them while they stream: a byte beyond the
 * expected size fails at once, a short stream or another digest fails at the end, before the end of the stream is
 * passed on. A failure is a {@link Mismatch}, also kept for {@link #mismatch()}, so that a caller whose reader wrapped
 * it (a gzip or CSV decoder) can still name it.
 */
public final class VerifyingInputStream extends FilterInputStream {
    /** What the stream held is not what it was expected to hold: {@code what} is "size" or the digest's name. */
    public static final class Mismatch extends IOException {
        private final String what;
        private final String expected;
        private final String actual;

        Mismatch(String what, String expected, String actual) {
            super("the " + what + " is " + actual + ", not " + expected);
            this.what = what;
            this.expected = expected;
            this.actual = actual;
        }

        public String what() {
            return what;
        }

        public String expected() {
            return expected;
        }

        public String actual() {
            return actual;
        }
    }

    private final MessageDigest digest;
    private final String algorithm;
    private long count;
    private long expectedSize = -1;
    private String expectedHex;
    private String hex;
    private Mismatch mismatch;

    /** {@code algorithm} is a JDK MessageDigest name: "MD5", "SHA-256". */
    public VerifyingInputStream(InputStream in, String algorithm) {
        super(in);
        try {
            this.digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.algorithm = algorithm;
    }

    /** From now on the stream must hold exactly {@code size} bytes whose digest is {@code hexDigest} (any case). */
    public VerifyingInputStream expecting(long size, String hexDigest) {
        this.expectedSize = size;
        this.expectedHex = hexDigest;
        return this;
    }

    @Override
    public int read() throws IOException {
        failIfMismatched();
        int b = in.read();
        if (b < 0) {
            atEnd();
            return b;
        }
        digest.update((byte) b);
        counted(1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        failIfMismatched();
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            atEnd();
        } else if (n > 0) {
            digest.update(buffer, offset, n);
            counted(n);
        }
        return n;
    }

    /** Skipped bytes are read, so that the count and the digest cover them. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what is left (and so checks it, when expecting). */
    public void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // counted, digested and checked by read
        }
    }

    public long count() {
        return count;
    }

    /** The digest of what was read, in lower-case hex, taken once: call it after the end of the stream. */
    public String hex() {
        if (hex == null) {
            hex = HexFormat.of().formatHex(digest.digest());
        }
        return hex;
    }

    /** The check that failed, if one did. */
    public Optional<Mismatch> mismatch() {
        return Optional.ofNullable(mismatch);
    }

    private void counted(long n) throws Mismatch {
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw failed(new Mismatch("size", expectedSize + " bytes", "more than " + expectedSize + " bytes"));
        }
    }

    private void atEnd() throws Mismatch {
        if (expectedSize >= 0 && count != expectedSize) {
            throw failed(new Mismatch("size", expectedSize + " bytes", count + " bytes"));
        }
        if (expectedHex != null && hex == null && !hex().equalsIgnoreCase(expectedHex)) {
            throw failed(new Mismatch(algorithm, expectedHex, hex));
        }
    }

    private void failIfMismatched() throws Mismatch {
        if (mismatch != null) {
            throw mismatch;
        }
    }

    private Mismatch failed(Mismatch m) {
        mismatch = m;
        return m;
    }
}
