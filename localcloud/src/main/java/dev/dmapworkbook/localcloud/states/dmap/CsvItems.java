package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Rows of a CSV object as items, parsed while streaming (spec 9.3b): a newline ends a record; double quotes
 * are optional and a quoted field may hold the delimiter and newlines; {@code ""} inside quotes is a quote; a
 * backslash escapes the next character (a backslash before any other character is dropped, the character
 * kept); every value is a string; missing trailing fields are {@code ""}; extra fields are dropped; the
 * final newline makes no item. Empty lines are skipped [GUESS]; a UTF-8 byte-order mark is ignored.
 */
final class CsvItems implements ItemSource {
    /** The header row's limit, 10 KiB of UTF-8 without its line break (spec 9.3b, 10). */
    static final int MAX_HEADER_BYTES = 10 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int RECORD = 1;
    private static final int EMPTY_LINE = 0;
    private static final int END = -1;

    private final Reader reader;
    private final char delimiter;
    private final String[] headers;
    private final String[] quotedKeys;
    private final byte[][] keyBytes;
    private final StringBuilder json = new StringBuilder(512);
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private boolean eof;
    private List<String> pending;
    private final StringBuilder field = new StringBuilder();
    private long row;
    /** UTF-8 bytes of the header row read so far; negative when not reading the header. */
    private long headerBytes = -1;

    /** {@code givenHeaders} empty: the first row holds the headers (FIRST_ROW). */
    CsvItems(InputStream content, char delimiter, List<String> givenHeaders) {
        this.reader = new InputStreamReader(content, StandardCharsets.UTF_8);
        this.delimiter = delimiter;
        List<String> names = givenHeaders;
        if (names.isEmpty()) {
            headerBytes = 0; // counted while reading, so a header without a line break is never held whole
            names = readRecord();
            headerBytes = -1;
            if (names == null) {
                names = List.of();
            }
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new ItemReaderException("CSV headers cannot contain duplicates.");
            }
        }
        this.headers = names.toArray(String[]::new);
        this.quotedKeys = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            quotedKeys[i] = (i == 0 ? "{" : ",") + quote(headers[i]) + ":";
        }
        this.keyBytes = Arrays.stream(quotedKeys).map(key -> key.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = readRecord();
        }
        return pending != null;
    }

    /** Fields in the record {@link #hasNext} read ahead, -1 if none (the inventory reader checks its schema). */
    int pendingFields() {
        return pending == null ? -1 : pending.size();
    }

    @Override
    public JsonNode next() {
        List<String> values = take();
        ObjectNode item = NODES.objectNode();
        for (int i = 0; i < headers.length; i++) {
            item.put(headers[i], i < values.size() ? values.get(i) : "");
        }
        return item;
    }

    /** The same object as {@link #next}, written straight to JSON (the common case: no ItemSelector). */
    @Override
    public byte[] nextJson() {
        List<String> values = take();
        json.setLength(0);
        if (headers.length == 0) {
            json.append('{');
        }
        for (int i = 0; i < headers.length; i++) {
            json.append(quotedKeys[i]);
            appendQuoted(json, i < values.size() ? values.get(i) : "");
        }
        json.append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What {@link #nextJson} gives, written straight into {@code out} (the child's batch being formed): each value
     * encoded once, no String or array per item. The escapes touch ASCII characters only, and UTF-8 encodes those as
     * themselves, so escaping the encoded bytes gives the bytes of the escaped text.
     */
    @Override
    public void writeJson(JsonBytes out) {
        List<String> values = take();
        if (headers.length == 0) {
            out.add((byte) '{');
        }
        for (int i = 0; i < headers.length; i++) {
            out.add(keyBytes[i]);
            byte[] value = (i < values.size() ? values.get(i) : "").getBytes(StandardCharsets.UTF_8);
            out.addString(value, 0, value.length);
        }
        out.add((byte) '}');
    }

    private List<String> take() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<String> values = pending;
        pending = null;
        return values;
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        appendQuoted(out, text);
        return out.toString();
    }

    /** A JSON string literal (RFC 8259 section 7): quote, backslash and control characters escaped. */
    static void appendQuoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> out.append(String.format("\\u%04x", (int) c));
                }
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing left to read; closing is best effort
        }
    }

    /** The next non-empty record, or null at the end of the object. */
    private List<String> readRecord() {
        while (true) {
            List<String> fields = new ArrayList<>();
            int read = readLine(fields);
            if (read != EMPTY_LINE) {
                return read == RECORD ? fields : null;
            }
        }
    }

    /**
     * One line's fields into {@code fields}: {@link #RECORD}; {@link #EMPTY_LINE} when a line break was the first
     * character read (the line is skipped); {@link #END} when the object has no more characters.
     */
    private int readLine(List<String> fields) {
        field.setLength(0);
        boolean quoted = false;
        int consumed = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                return consumed == 0 ? END : endRecord(fields);
            }
            if (consumed++ == 0 && row == 0 && c == '\uFEFF') {
                consumed = 0;
                continue;
            }
            countHeaderBytes(c, quoted);
            if (quoted) {
                quoted = quotedChar(c);
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                endLine(c);
                return consumed == 1 ? EMPTY_LINE : endRecord(fields);
            } else {
                quoted = unquotedChar(c);
            }
        }
    }

    /** While the header row is read: its UTF-8 bytes, line break left out, stay within 10 KiB (spec 9.3b, 10). */
    private void countHeaderBytes(int c, boolean quoted) {
        if (headerBytes >= 0 && (quoted || (c != '\n' && c != '\r'))) {
            headerBytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate((char) c) ? 2 : 3;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new ItemReaderException("The CSV header row is longer than the 10 KiB limit.");
            }
        }
    }

    /** A character inside quotes: {@code ""} is a quote, a lone quote closes them; false once they are closed. */
    private boolean quotedChar(int c) {
        if (c == '"') {
            if (peek() != '"') {
                return false;
            }
            read();
            field.append('"');
        } else if (c == '\\') {
            appendEscaped();
        } else {
            field.append((char) c);
        }
        return true;
    }

    /** A character outside quotes that is neither the delimiter nor a line break; true when it opens quotes. */
    private boolean unquotedChar(int c) {
        if (c == '"') {
            return true;
        }
        if (c == '\\') {
            appendEscaped();
        } else {
            field.append((char) c);
        }
        return false;
    }

    /** A line break ends the record (CR LF is one) and the row. */
    private void endLine(int c) {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        row++;
    }

    private int endRecord(List<String> fields) {
        fields.add(field.toString());
        return RECORD;
    }

    /** After a backslash, quoted or not: the next character is taken as it is (spec 9.3b). */
    private void appendEscaped() {
        int escaped = read();
        if (escaped >= 0) {
            field.append((char) escaped);
        }
    }

    private int read() {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    private int peek() {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int n;
            do {
                n = reader.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                eof = true;
                return false;
            }
            position = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new ItemReaderException("Reading the CSV object failed: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ItemReaderException("Reading the CSV object failed: " + e.getCause().getMessage());
        }
    }
}
