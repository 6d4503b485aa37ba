package dev.dmapworkbook.localcloud.states.dmap;

import java.util.Arrays;

/**
 * A growable byte array of JSON text, written by the reader's single thread: an item ({@link CsvRecords}) or a whole
 * child input ({@link ChildInputs}), without a {@code byte[]} per item. Not synchronized, unlike
 * {@link java.io.ByteArrayOutputStream}.
 */
final class JsonBytes {
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
