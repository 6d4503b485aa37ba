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
        StringBuilder field = new StringBuilder();
        boolean wellFormed = true;
        while (true) {
            if (c == '"' && field.length() == 0) {
                // A quoted field: read to the closing quote, then expect a separator or the end of the record.
                while (true) {
                    c = read();
                    if (c == EOF) {
                        fields.add(field.toString());
                        return new CsvRecord(fields, startLine, false);
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
                    while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                        field.append((char) c);
                        c = read();
                    }
                }
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    if (c == '"') {
                        wellFormed = false;    // a quote inside an unquoted field
                    }
                    field.append((char) c);
                    c = read();
                }
            }
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
