package dev.dmapworkbook.localcloud.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes an {@code aws-chunked} body (S3 API Reference, "Signature Calculations for the Authorization Header:
 * Transferring Payload in Multiple Chunks" and "… Including Trailing Headers"): chunks of
 * {@code <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n}, a final zero-size chunk, then optional trailing
 * headers such as {@code x-amz-checksum-crc32:<base64>} and a blank line. Signatures are not checked (the
 * local cloud accepts any credentials); trailers are available once the stream is exhausted.
 */
final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 8192;

    private final InputStream in;
    private final Map<String, String> trailers = new TreeMap<>();
    private long remainingInChunk;
    private boolean done;

    AwsChunkedInputStream(InputStream in) {
        this.in = in;
    }

    /** Trailing headers (lower-case names), complete after {@link #read} returned -1. */
    Map<String, String> trailers() {
        return trailers;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (remainingInChunk == 0) {
            remainingInChunk = nextChunkSize();
            if (remainingInChunk == 0) {
                readTrailers();
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
        if (n < 0) {
            throw malformed("the body ended inside a chunk");
        }
        remainingInChunk -= n;
        if (remainingInChunk == 0) {
            expectCrlf();
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = readLine();
        if (line == null) {
            throw malformed("the body ended before the final chunk");
        }
        int semicolon = line.indexOf(';');
        String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw malformed("negative chunk size");
            }
            return size;
        } catch (NumberFormatException e) {
            throw malformed("chunk size '" + hex + "' is not hexadecimal");
        }
    }

    private void readTrailers() throws IOException {
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("trailing header without a colon");
            }
            trailers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    private void expectCrlf() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr != '\r' || lf != '\n') {
            throw malformed("a chunk is not followed by CRLF");
        }
    }

    /** A CRLF-terminated line without its terminator; null at end of stream. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(c);
            if (line.size() > MAX_LINE) {
                throw malformed("a chunk header line is too long");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private static RuntimeException malformed(String why) {
        S3Error error = why.contains("ended") ? S3Error.INCOMPLETE_BODY : S3Error.INVALID_REQUEST;
        return error.exception("The aws-chunked request body is malformed: " + why);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
