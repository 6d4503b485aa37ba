package dev.dmapworkbook.localcloud.states.dmap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array of JSON text, written by the reader's single thread: an item ({@link CsvRecords}) or a whole
 * child input ({@link ChildInputs}), without a {@code byte[]} per item. Not synchronized, unlike
 * {@link java.io.ByteArrayOutputStream}.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;

    JsonBytes() {
        this(256);
    }

    JsonBytes(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    JsonBytes add(byte b) {
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, size * 2);
        }
        bytes[size++] = b;
        return this;
    }

    JsonBytes add(byte[] from, int start, int end) {
        int n = end - start;
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
        System.arraycopy(from, start, bytes, size, n);
        size += n;
        return this;
    }

    JsonBytes add(byte[] from) {
        return add(from, 0, from.length);
    }

    /**
     * Adds the UTF-8 text {@code utf8[from .. to)} as a JSON string literal (RFC 8259 section 7), escaped as
     * {@link CsvItems#appendQuoted} escapes characters: quote, backslash and control characters; every other byte as
     * it is (no byte of a multi-byte UTF-8 character is ASCII).
     */
    JsonBytes addString(byte[] utf8, int from, int to) {
        add((byte) '"');
        int run = from;
        for (int p = from; p < to; p++) {
            int b = utf8[p] & 0xff;
            if (b >= 0x20 && b != '"' && b != '\\') {
                continue;
            }
            add(utf8, run, p);
            run = p + 1;
            add((byte) '\\');
            switch (b) {
                case '"', '\\' -> add((byte) b);
                case '\n' -> add((byte) 'n');
                case '\r' -> add((byte) 'r');
                case '\t' -> add((byte) 't');
                case '\b' -> add((byte) 'b');
                case '\f' -> add((byte) 'f');
                default -> add((byte) 'u').add((byte) '0').add((byte) '0').add(HEX[b >> 4]).add(HEX[b & 15]);
            }
        }
        add(utf8, run, to);
        return add((byte) '"');
    }

    int size() {
        return size;
    }

    /** Drops everything from {@code newSize} on. */
    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException(newSize);
        }
        size = newSize;
    }

    void clear() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** The bytes from {@code from} to the end, as a new array. */
    byte[] copyFrom(int from) {
        return Arrays.copyOfRange(bytes, from, size);
    }
}
