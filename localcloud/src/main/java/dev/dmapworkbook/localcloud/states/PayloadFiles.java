package dev.dmapworkbook.localcloud.states;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The folder of executions' large texts ({@code <dataDir>/states/payloads/}). Each text is appended to a pack file of
 * this process ({@code <uuid>.pack}, a new one after {@link #PACK_BYTES}) and named by {@code <pack>#<offset>,<length>}
 * (bytes); earlier versions wrote one {@code <uuid>.json} file per text, named by its file name, and those read as
 * before. A pack is only appended to, by positional writes into ranges handed out once, and a text is written whole
 * before the journal line that names it is appended: a crash mid-write leaves bytes no line names, and a restarted
 * process writes to a pack of its own. One file for all of a Map Run's children's batches instead of one each: a
 * file created and fsynced per child cost more CPU than the rest of its start (BENCHMARKS.md, issue 19).
 */
final class PayloadFiles implements AutoCloseable {
    /** A pack this large is left for a new one. */
    static final long PACK_BYTES = 256L << 20;
    private static final String PACK = ".pack";

    private final Path dir;
    /** The pack appended to now (null until the first text, or after it was closed under a writer). */
    private Pack current;
    private final List<Pack> opened = new ArrayList<>();
    private boolean closed;

    private static final class Pack {
        final Path file;
        final FileChannel channel;
        long size;

        Pack(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }
    }

    PayloadFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * Appends a text's UTF-8 {@code bytes} to the current pack; returns the payload naming their range.
     *
     * @throws UncheckedIOException when it cannot be written (the caller keeps the text in memory)
     */
    Payload append(byte[] bytes) {
        for (int attempt = 0; ; attempt++) {
            Pack pack;
            long at;
            synchronized (this) {
                pack = reserve(bytes.length);
                at = pack.size;
                pack.size += bytes.length;
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                long position = at;
                while (buffer.hasRemaining()) {
                    position += pack.channel.write(buffer, position);
                }
                return Payload.packed(pack.file, at, bytes.length);
            } catch (ClosedChannelException e) {
                // another writer was interrupted (its channel closed under every writer): go on in a new pack, once
                dropClosed(pack);
                if (attempt > 0 || Thread.currentThread().isInterrupted()) {
                    throw new UncheckedIOException("cannot write to " + pack.file, e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + pack.file, e);
            }
        }
    }

    /** The current pack with room for {@code length} more bytes (a new one when it is full); under this monitor. */
    private Pack reserve(int length) {
        if (closed) {
            throw new UncheckedIOException(new IOException("the payload folder " + dir + " is closed"));
        }
        if (current == null || (current.size > 0 && current.size + length > PACK_BYTES)) {
            Path file = dir.resolve(UUID.randomUUID() + PACK);
            try {
                current = new Pack(file, open(file));
                opened.add(current);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + file, e);
            }
        }
        return current;
    }

    /** A new pack (never an existing file: {@code CREATE_NEW}); its folder entry is made durable once, here. */
    private FileChannel open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a folder; the pack's own fsyncs still cover its bytes
        }
        return channel;
    }

    private synchronized void dropClosed(Pack pack) {
        if (current == pack) {
            current = null;
        }
    }

    /** The payload a journal line or a kept event names ({@link Payload#reference()}). */
    Payload stored(String reference) {
        int hash = reference.indexOf('#');
        if (hash < 0) {
            return Payload.packed(dir.resolve(reference), -1, -1); // a file of its own (earlier versions)
        }
        int comma = reference.indexOf(',', hash);
        return Payload.packed(dir.resolve(reference.substring(0, hash)),
                Long.parseLong(reference.substring(hash + 1, comma)), Integer.parseInt(reference.substring(comma + 1)));
    }

    /** The file holding the payload {@code reference} names (to fsync it with the line naming it). */
    Path fileOf(String reference) {
        int hash = reference.indexOf('#');
        return dir.resolve(hash < 0 ? reference : reference.substring(0, hash));
    }

    /**
     * Fsyncs every pack this process wrote to: a snapshot may name any text written so far, also one whose line is
     * not fsynced yet, so it is put in place only after this (kill -9 loses nothing either way; a power cut then
     * cannot leave a snapshot naming bytes that were lost).
     *
     * @throws UncheckedIOException when a pack cannot be fsynced
     */
    void force() {
        List<Path> packs = new ArrayList<>();
        synchronized (this) {
            for (Pack p : opened) {
                packs.add(p.file);
            }
        }
        for (Path pack : packs) {
            try (FileChannel c = FileChannel.open(pack, StandardOpenOption.READ)) {
                c.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fsync " + pack, e);
            }
        }
    }

    /** Closes the packs (their bytes were fsynced with the journal lines naming them). */
    @Override
    public synchronized void close() {
        closed = true;
        current = null;
        for (Pack pack : opened) {
            try {
                pack.channel.close();
            } catch (IOException e) {
                System.getLogger(PayloadFiles.class.getName()).log(System.Logger.Level.WARNING, "cannot close a payload pack", e);
            }
        }
        opened.clear();
    }
}
