package dev.dmapworkbook.localcloud.edge;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A request's body as framed by RFC 9112 §6: {@code Content-Length} bytes, or {@code chunked} transfer coding.
 * A body that ends early or stalls is the client's fault, an AWS 400 ({@code IncompleteBody},
 * {@code RequestTimeout}) thrown from {@code read}, never an IOException a service would turn into a 500.
 */
abstract class RequestBody extends InputStream {
    private static final int MAX_CHUNK_LINE = 4096;

    protected final InputStream in;
    private boolean finished;

    RequestBody(InputStream in) {
        this.in = in;
    }

    static RequestBody of(RequestHead head, InputStream in) {
        String encoding = head.header("Transfer-Encoding").orElse(null);
        var lengths = head.headers().get("Content-Length");
        if (encoding != null) {
            if (lengths != null) {
                throw HttpProblem.badRequest("Both Transfer-Encoding and Content-Length (RFC 9112 §6.3 forbids the pair)");
            }
            if (!encoding.equalsIgnoreCase("chunked")) {
                throw HttpProblem.badRequest("Transfer-Encoding '" + encoding + "' is not implemented; use chunked");
            }
            return new Chunked(in);
        }
        long length = 0;
        if (lengths != null) {
            String value = String.join(",", lengths).strip();
            if (!value.matches("\\d{1,18}")) {
                throw HttpProblem.badRequest("Content-Length '" + value + "' is not a single decimal number");
            }
            length = Long.parseLong(value);
        }
        return new Fixed(in, length);
    }

    /** True once the whole body has been read (the connection can carry another request). */
    final boolean finished() {
        return finished;
    }

    /** Reads what is left, up to {@code max} bytes; false if more is left (then the connection must close). */
    final boolean drain(long max) {
        byte[] buffer = new byte[64 * 1024];
        long left = max;
        while (!finished && left >= 0) {
            int n = read(buffer, 0, buffer.length);
            if (n > 0) {
                left -= n;
            }
        }
        return finished;
    }

    @Override
    public final int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) {
        if (finished) {
            return -1;
        }
        try {
            int n = readBody(b, off, len);
            if (n < 0) {
                finished = true;
            }
            return n;
        } catch (SocketTimeoutException e) {
            throw HttpProblem.bodyTimeout();
        } catch (IOException e) {
            throw HttpProblem.incompleteBody();
        }
    }

    protected abstract int readBody(byte[] b, int off, int len) throws IOException;

    private static final class Fixed extends RequestBody {
        private long left;

        Fixed(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        protected int readBody(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw HttpProblem.incompleteBody();
            }
            left -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(left, in.available());
        }
    }

    private static final class Chunked extends RequestBody {
        private long chunkLeft;
        private boolean last;

        Chunked(InputStream in) {
            super(in);
        }

        @Override
        protected int readBody(byte[] b, int off, int len) throws IOException {
            if (chunkLeft == 0) {
                if (last) {
                    return -1;
                }
                chunkLeft = chunkSize();
                if (chunkLeft == 0) {
                    last = true;
                    for (int trailers = 0; !line().isEmpty(); trailers++) {
                        if (trailers > 100) { // trailer fields (RFC 9112 §7.1.2): no service reads them from here
                            throw HttpProblem.headersTooLarge("The chunked request body has more than 100 trailer fields.");
                        }
                    }
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw HttpProblem.incompleteBody();
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !line().isEmpty()) {
                throw HttpProblem.badRequest("A chunk of the chunked request body is longer than its size line says");
            }
            return n;
        }

        private long chunkSize() throws IOException {
            String line = line();
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
            if (!hex.matches("[0-9a-fA-F]{1,15}")) {
                throw HttpProblem.badRequest("Malformed chunk size '" + (hex.length() > 20 ? hex.substring(0, 20) + "…" : hex)
                        + "' in the chunked request body");
            }
            return Long.parseLong(hex, 16);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw HttpProblem.incompleteBody();
                }
                if (line.length() >= MAX_CHUNK_LINE) {
                    throw HttpProblem.badRequest("A line of the chunked request body exceeds " + MAX_CHUNK_LINE + " bytes");
                }
                line.append((char) c);
            }
            int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
            return new String(line.substring(0, end).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        }
    }
}
