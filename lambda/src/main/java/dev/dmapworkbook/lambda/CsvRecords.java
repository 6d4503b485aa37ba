package dev.dmapworkbook.lambda;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the records of a CSV text one at a time (RFC 4180: comma separated, fields optionally in
 * double quotes, {@code ""} for a quote inside a quoted field, line breaks CRLF, LF or CR, line breaks
 * allowed inside quoted fields). Nothing but the current record is held in memory.
 */
final class CsvRecords {

    /** One record; {@code wellFormed} is false when its quoting breaks RFC 4180 (e.g. an unclosed quote). */
    record CsvRecord(List<String> fields, long line, boolean wellFormed) {
        boolean isBlank() {
            return fields.size() == 1 && fields.get(0).isEmpty();
        }
    }

    private static final int EOF = -1;

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private int pushedBack = Integer.MIN_VALUE;
    private long line = 1;
    /** The field being read, and whether the record being read is well formed so far. */
    private final StringBuilder field = new StringBuilder();
    private boolean wellFormed;

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The next record, or null at the end of the input. */
    CsvRecord next() throws IOException {
        int c = read();
        if (c == EOF) {
            return null;
        }
        long startLine = line;
        List<String> fields = new ArrayList<>();
        wellFormed = true;
        while (true) {
            c = c == '"' ? quotedField() : unquotedField(c);
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r') {
                int after = read();
                if (after != '\n') {
                    unread(after);
                }
            }
            if (c != EOF) {
                line++;
            }
            return new CsvRecord(fields, startLine, wellFormed);
        }
    }

    /**
     * A quoted field, after its opening quote: to the closing quote, then text up to the separator (which breaks RFC
     * 4180, as does an unclosed quote). Returns the character that ends the field.
     */
    private int quotedField() throws IOException {
        int c;
        while (true) {
            c = read();
            if (c == EOF) {
                wellFormed = false;
                return EOF;
            }
            if (c == '"') {
                c = read();
                if (c != '"') {
                    break;
                }
            } else if (c == '\n' || (c == '\r' && peekNotNewline())) {
                line++;
            }
            field.append((char) c);
        }
        if (c != ',' && c != '\n' && c != '\r' && c != EOF) {
            wellFormed = false;        // text after the closing quote
            c = unquotedField(c);
        }
        return c;
    }

    /** An unquoted field from {@code c}; returns the character that ends it. A quote in it breaks RFC 4180. */
    private int unquotedField(int c) throws IOException {
        while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
            if (c == '"') {
                wellFormed = false;    // a quote inside an unquoted field
            }
            field.append((char) c);
            c = read();
        }
        return c;
    }

    /** Inside quotes, counts CR as a line break only when it is not the first half of CRLF. */
    private boolean peekNotNewline() throws IOException {
        int after = read();
        unread(after);
        return after != '\n';
    }

    private int read() throws IOException {
        if (pushedBack != Integer.MIN_VALUE) {
            int c = pushedBack;
            pushedBack = Integer.MIN_VALUE;
            return c;
        }
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return EOF;
            }
        }
        return buffer[position++];
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
