package dev.dmapworkbook.localcloud.states.dmap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The records of a UTF-8 CSV stream read as bytes, by exactly the rules {@link CsvItems} applies to characters
 * (spec 9.3b): a newline ends a record; a quoted field may hold the delimiter and newlines; {@code ""} inside quotes
 * is a quote; a backslash keeps the next character and is dropped; empty lines are skipped; byte-order marks
 * opening the stream are dropped. Every character those rules look at is ASCII, and in UTF-8 no byte of a multi-byte
 * character is ASCII, so splitting bytes gives the fields splitting characters gives. A field is kept as its bytes
 * and written to JSON without becoming a String; only a field with non-ASCII bytes is decoded (as the reader of
 * {@link CsvItems} decodes it: a malformed sequence becomes U+FFFD, also one a dropped quote or backslash cut). No header row here: the S3 inventory reader
 * gives its columns ({@link InventoryManifestItems}); this is its CSV parser, the costliest part of reading a report.
 */
final class CsvRecords {
    private static final int RECORD = 1;
    private static final int EMPTY_LINE = 0;
    private static final int END = -1;

    private final InputStream in;
    private final byte delimiter;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean eof;
    private boolean started;
    /** The current record's field contents, one after another; field i is {@code text[starts[i] .. ends[i])}. */
    private byte[] text = new byte[1024];
    private int length;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] nonAscii = new boolean[16];
    private int fields;
    /** Where the field being read begins in {@code text}. */
    private int fieldStart;
    /** Whether the field being read has a non-ASCII byte. */
    private boolean high;
    /** Continuation bytes the UTF-8 sequence that starts at {@code sequenceStart} in {@code text} still lacks. */
    private int need;
    private int sequenceStart;

    CsvRecords(InputStream in, char delimiter) {
        if (delimiter >= 0x80) {
            throw new IllegalArgumentException("a CSV delimiter is ASCII (spec 9.3b): " + delimiter);
        }
        this.in = in;
        this.delimiter = (byte) delimiter;
    }

    /** Reads the next non-empty record; false at the end of the stream. */
    boolean next() {
        if (!started) {
            started = true;
            skipByteOrderMarks();
        }
        int read;
        do {
            read = readRecord();
        } while (read == EMPTY_LINE);
        return read == RECORD;
    }

    /** Fields of the record {@link #next} read. */
    int fields() {
        return fields;
    }

    /** Field {@code i} of the record as a String. */
    String field(int i) {
        return new String(text, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    /**
     * Appends field {@code i} (or {@code ""} when the record has fewer) as a JSON string literal, escaped as
     * {@link CsvItems#appendQuoted} escapes it.
     */
    void appendJson(int i, JsonBytes out) {
        if (i >= fields) {
            out.add((byte) '"').add((byte) '"');
            return;
        }
        if (nonAscii[i]) {
            // decoded and encoded again: what the character reader makes of the same bytes (U+FFFD for malformed)
            byte[] utf8 = field(i).getBytes(StandardCharsets.UTF_8);
            out.addString(utf8, 0, utf8.length);
        } else {
            out.addString(text, starts[i], ends[i]);
        }
    }

    /**
     * One record into the fields: {@link #RECORD}; {@link #EMPTY_LINE} when a line break was the first byte read
     * (what {@link CsvItems} skips); {@link #END} when the stream has no more bytes.
     */
    private int readRecord() {
        fields = 0;
        length = 0;
        fieldStart = 0;
        high = false;
        need = 0;
        boolean quoted = false;
        int consumed = 0; // bytes that count as CsvItems counts characters: not an escaped one, nor the second of ""
        while (true) {
            int c = read();
            if (c < 0) {
                return consumed == 0 ? END : endRecord();
            }
            consumed++;
            if (quoted) {
                quoted = quotedByte(c);
            } else if (c == delimiter) {
                drop(c);
                endField();
            } else if (c == '\n' || c == '\r') {
                endLine(c);
                return consumed == 1 ? EMPTY_LINE : endRecord();
            } else {
                quoted = unquotedByte(c);
            }
        }
    }

    /** A byte inside quotes: {@code ""} is a quote, a lone quote closes them; false once they are closed. */
    private boolean quotedByte(int c) {
        if (c == '"') {
            if (peek() != '"') {
                drop(c);
                return false;
            }
            position++;
            keep('"');
        } else if (c == '\\') {
            keepEscaped();
        } else {
            keep(c);
        }
        return true;
    }

    /** A byte outside quotes that is neither the delimiter nor a line break; true when it opens quotes. */
    private boolean unquotedByte(int c) {
        if (c == '"') {
            drop(c);
            return true;
        }
        if (c == '\\') {
            keepEscaped();
        } else {
            keep(c);
        }
        return false;
    }

    /** A line break ends the record: CR LF is one. */
    private void endLine(int c) {
        drop(c);
        if (c == '\r' && peek() == '\n') {
            position++;
        }
    }

    private int endRecord() {
        endField();
        return RECORD;
    }

    /** After a backslash (dropped): the next byte is kept as it is. */
    private void keepEscaped() {
        drop('\\');
        int escaped = read();
        if (escaped >= 0) {
            keep(escaped);
        }
    }

    /** A byte of the field's value; a non-ASCII one is followed through its UTF-8 sequence. */
    private void keep(int b) {
        if (b >= 0x80) {
            high = true;
            if (b >= 0xC0) {
                need = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
                sequenceStart = length;
            } else if (need > 0) {
                need--;
            }
        } else {
            need = 0;
        }
        put(b);
    }

    /**
     * An ASCII byte the rules consume (a quote, a backslash, the delimiter, a line break). In the character stream it
     * stood after the bytes kept so far: when they end in an unfinished UTF-8 sequence, the decoder replaced that
     * sequence because this byte followed it, so the sequence is replaced here as the decoder replaced it (U+FFFD),
     * before a later kept byte could complete it into another character.
     */
    private void drop(int ascii) {
        if (need == 0) {
            return;
        }
        byte[] sequence = Arrays.copyOfRange(text, sequenceStart, length + 1);
        sequence[sequence.length - 1] = (byte) ascii;
        String decoded = new String(sequence, StandardCharsets.UTF_8);
        byte[] replaced = decoded.substring(0, decoded.length() - 1).getBytes(StandardCharsets.UTF_8);
        length = sequenceStart;
        for (byte b : replaced) {
            put(b);
        }
        need = 0;
    }

    /** The field that began at {@code fieldStart} ends here; the next begins. */
    private void endField() {
        if (fields == starts.length) {
            int size = fields * 2;
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            nonAscii = Arrays.copyOf(nonAscii, size);
        }
        starts[fields] = fieldStart;
        ends[fields] = length;
        nonAscii[fields] = high;
        fields++;
        high = false;
        fieldStart = length;
    }

    private void put(int b) {
        if (length == text.length) {
            text = Arrays.copyOf(text, length * 2);
        }
        text[length++] = (byte) b;
    }

    private void skipByteOrderMarks() {
        while (peek() == 0xEF && fill(3) && (buffer[position + 1] & 0xff) == 0xBB && (buffer[position + 2] & 0xff) == 0xBF) {
            position += 3;
        }
    }

    private int read() {
        if (position == limit && !fill(1)) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    private int peek() {
        if (position == limit && !fill(1)) {
            return -1;
        }
        return buffer[position] & 0xff;
    }

    /** Makes at least {@code wanted} bytes available from {@code position}, unless the stream ends first. */
    private boolean fill(int wanted) {
        if (limit - position >= wanted) {
            return true;
        }
        if (eof) {
            return false;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        try {
            while (limit < wanted) {
                int n = in.read(buffer, limit, buffer.length - limit);
                if (n < 0) {
                    eof = true;
                    return false;
                }
                limit += n;
            }
            return true;
        } catch (IOException e) {
            throw new ItemReaderException("Reading the CSV object failed: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ItemReaderException("Reading the CSV object failed: " + e.getCause().getMessage());
        }
    }

    void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing left to read; closing is best effort
        }
    }
}
