package dev.dmapworkbook.localcloud.states.dmap;

import io.airlift.compress.zstd.ZstdInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Compressed item files (spec 9.3b [AWS-doc]: an ItemReader's CSV, JSON and JSONL files may be GZIP or ZSTD
 * compressed, e.g. {@code x.jsonl.gz}, {@code x.csv.zstd}). The developer guide names the files by their extension and
 * no ReaderConfig field for it, so the object key's extension decides [GUESS]: {@code .gz} or {@code .gzip} is GZIP,
 * {@code .zst} or {@code .zstd} is ZSTD (case-insensitive), anything else is read as it is. The data is decoded
 * while it streams, never held whole; data that is not what the extension says fails naming the key.
 */
final class ItemFileCompression {
    private ItemFileCompression() {
    }

    enum Codec { NONE, GZIP, ZSTD }

    static Codec of(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz") || name.endsWith(".gzip")) {
            return Codec.GZIP;
        }
        if (name.endsWith(".zst") || name.endsWith(".zstd")) {
            return Codec.ZSTD;
        }
        return Codec.NONE;
    }

    /** {@code content} decoded as {@code key}'s extension says; a bad GZIP header fails here, bad data when read. */
    static InputStream decode(String key, InputStream content) {
        Codec codec = of(key);
        try {
            return switch (codec) {
                case NONE -> content;
                case GZIP -> new Decoded(new GZIPInputStream(content, 64 * 1024), key, codec);
                case ZSTD -> new Decoded(new ZstdInputStream(content), key, codec);
            };
        } catch (IOException e) {
            throw new ItemReaderException(notCodec(key, codec, e));
        }
    }

    private static String notCodec(String key, Codec codec, Exception e) {
        return "The object '" + key + "' is not " + codec + " data, as its extension says: " + e.getMessage();
    }

    /**
     * The decoder's stream; the ZSTD decoder reports corrupt data as a runtime exception, which becomes an
     * IOException here so the parsers' read errors cover it, and every message names the key.
     */
    private static final class Decoded extends FilterInputStream {
        private final String key;
        private final Codec codec;

        Decoded(InputStream in, String key, Codec codec) {
            super(in);
            this.key = key;
            this.codec = codec;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | RuntimeException e) {
                throw new IOException(notCodec(key, codec, e), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw new IOException(notCodec(key, codec, e), e);
            }
        }
    }
}
