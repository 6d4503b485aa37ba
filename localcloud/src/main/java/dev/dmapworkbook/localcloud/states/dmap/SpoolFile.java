package dev.dmapworkbook.localcloud.states.dmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A Map Run's temporary spool file, written and read by position with whole-buffer transfers (a channel may
 * transfer fewer bytes than asked); deleted when closed.
 */
final class SpoolFile implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    /** @param what names the spool in the error when it cannot be created */
    SpoolFile(Path directory, String suffix, String what) {
        try {
            Files.createDirectories(directory);
            this.file = Files.createTempFile(directory, "map-run-", suffix);
            this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + what + " in " + directory, e);
        }
    }

    void write(long at, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, at + buffer.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] read(long at, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, at + buffer.position()) < 0) {
                    throw new IOException("unexpected end of the spool file");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.array();
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; best effort
        }
    }
}
