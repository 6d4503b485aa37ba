package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The payload quota (spec §10, {@link Quotas#PAYLOAD_LIMIT_BYTES}, lifted only by the benchmark through
 * {@link Interpreter.Settings#payloadLimitBytes()}): whether a state's input, output or task result is too big.
 */
final class PayloadLimit {
    private final long bytes;

    PayloadLimit(long bytes) {
        this.bytes = bytes;
    }

    boolean exceededBy(String text) {
        return text.length() > bytes / 4 && Interpreter.utf8(text).length > bytes;
    }

    /**
     * Whether {@code node}'s JSON text exceeds the limit, for executions that keep no history (EXPRESS): the UTF-8
     * bytes are counted as they are written, no text is kept.
     */
    boolean exceededBy(JsonNode node) {
        ByteCounter counter = new ByteCounter();
        try {
            Json.MAPPER.writeValue(counter, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.bytes > bytes;
    }

    /** By its text when there is one (STANDARD executions write it to the history anyway), else by counting. */
    boolean exceededBy(String text, JsonNode node) {
        return text != null ? exceededBy(text) : exceededBy(node);
    }

    /** An output stream that only counts what is written to it. */
    private static final class ByteCounter extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
