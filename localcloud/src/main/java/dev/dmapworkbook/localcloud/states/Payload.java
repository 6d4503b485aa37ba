package dev.dmapworkbook.localcloud.states;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An execution's input or output (JSON text). Small payloads stay in memory; larger ones are written once, as they
 * are, to the payload folder ({@link PayloadFiles}: a range of a pack file) and read back when DescribeExecution or a
 * ResultWriter asks. Executions are kept (spec §9.9: children 90 days) with their input and output, and a
 * Distributed Map's children can be 1,293 batches of up to 256 KiB each: holding them all would fill the heap.
 */
final class Payload {
    /** Payloads up to this many characters stay in memory. */
    static final int IN_MEMORY_CHARS = 8 * 1024;

    private final String text;
    private final Path file;
    /** Where the text starts in {@link #file}, in bytes; negative: the whole file is the text. */
    private final long offset;
    private final int length;

    private Payload(String text, Path file, long offset, int length) {
        this.text = text;
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    /** {@code text} in memory when it is small or there is no folder to spill to, else appended to {@code folder}. */
    static Payload of(String text, PayloadFiles folder) {
        return of(text, null, folder);
    }

    /** As {@link #of(String, PayloadFiles)}; {@code utf8}: the text's UTF-8 bytes when the caller has them (or null). */
    static Payload of(String text, byte[] utf8, PayloadFiles folder) {
        if (text == null || folder == null || text.length() <= IN_MEMORY_CHARS) {
            return inMemory(text);
        }
        try {
            return folder.append(utf8 != null ? utf8 : text.getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            // A full or read-only disk must not fail the execution: keep the text in memory instead.
            System.getLogger(Payload.class.getName()).log(System.Logger.Level.WARNING, "cannot spill a payload to " + folder.dir(), e);
            return inMemory(text);
        }
    }

    /** A payload on disk: bytes {@code offset} to {@code offset + length} of {@code file}, or all of it (offset -1). */
    static Payload packed(Path file, long offset, int length) {
        return new Payload(null, file, offset, length);
    }

    static Payload inMemory(String text) {
        return new Payload(text, null, -1, -1);
    }

    boolean isNull() {
        return text == null && file == null;
    }

    /** The file holding the text, or null when it is in memory. */
    Path file() {
        return file;
    }

    /** How journal lines and kept events name it ({@link PayloadFiles#stored}); null when it is in memory. */
    String reference() {
        if (file == null) {
            return null;
        }
        String name = file.getFileName().toString();
        return offset < 0 ? name : name + "#" + offset + "," + length;
    }

    /** The text; read from its file each time when it was spilled. */
    String text() {
        if (file == null) {
            return text;
        }
        try {
            if (offset < 0) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer bytes = ByteBuffer.allocate(length);
                while (bytes.hasRemaining()) {
                    if (channel.read(bytes, offset + bytes.position()) < 0) {
                        throw new IOException("the file ends before byte " + (offset + length));
                    }
                }
                return new String(bytes.array(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the execution data in " + reference(), e);
        }
    }
}
