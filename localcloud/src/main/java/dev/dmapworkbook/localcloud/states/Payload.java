package dev.dmapworkbook.localcloud.states;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * An execution's input or output (JSON text). Small payloads stay in memory; larger ones are written once, as they
 * are, to a file of their own under {@code <dataDir>/states/payloads/} and read back when DescribeExecution or a
 * ResultWriter asks. Executions are kept (spec §9.9: children 90 days) with their input and output, and a
 * Distributed Map's children can be 1,293 batches of up to 256 KiB each: holding them all would fill the heap.
 */
final class Payload {
    /** Payloads up to this many characters stay in memory. */
    static final int IN_MEMORY_CHARS = 8 * 1024;

    private final String text;
    private final Path file;

    private Payload(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    /** {@code text} in memory when it is small or there is no folder to spill to, else in a new file in {@code folder}. */
    static Payload of(String text, Path folder) {
        if (text == null || folder == null || text.length() <= IN_MEMORY_CHARS) {
            return new Payload(text, null);
        }
        Path target = folder.resolve(UUID.randomUUID() + ".json");
        try {
            write(target, text.getBytes(StandardCharsets.UTF_8));
            return new Payload(null, target);
        } catch (UncheckedIOException e) {
            // A full or read-only disk must not fail the execution: keep the text in memory instead.
            System.getLogger(Payload.class.getName()).log(System.Logger.Level.WARNING, "cannot spill a payload to " + folder, e);
            return new Payload(text, null);
        }
    }

    /**
     * Writes a new file under its final name, without a temporary file and a rename: no one reads it before the
     * journal line that names it, which is appended after it is written, so a crash mid-write leaves a file nothing
     * names (and a name is never reused: {@code CREATE_NEW}).
     */
    private static void write(Path target, byte[] bytes) {
        try {
            try {
                Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                Files.createDirectories(target.getParent());
                Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** A payload already on disk (a record read back after a restart). */
    static Payload stored(Path file) {
        return new Payload(null, file);
    }

    static Payload inMemory(String text) {
        return new Payload(text, null);
    }

    boolean isNull() {
        return text == null && file == null;
    }

    /** The file holding the text, or null when it is in memory. */
    Path file() {
        return file;
    }

    /** The text; read from its file each time when it was spilled. */
    String text() {
        if (file == null) {
            return text;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the execution data in " + file, e);
        }
    }
}
