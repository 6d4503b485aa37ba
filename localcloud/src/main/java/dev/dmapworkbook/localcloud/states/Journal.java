package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Step Functions' append-only journal: every confirmed change is one JSON line in a segment file
 * ({@code <dataDir>/states/journal/<n>.log}). Changes are appended to memory by the thread that makes them (before
 * anyone can observe them) and written by one writer thread in batches; {@link #awaitDurable(long)} is what an API
 * answer waits for, as the {@link SyncPolicy} says. {@link JournalFiles} reads segments back and compacts them.
 */
final class Journal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Journal.class.getName());

    /** One change waiting to be written: its line is built on the writer thread; a later change with the same key replaces it. */
    private record Pending(long seq, String key, Supplier<? extends JsonNode> line, CompletableFuture<Long> rotation) {
    }

    private final JournalFiles files;
    private final SyncPolicy policy;
    private final long compactBytes;
    private final Runnable compaction;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private List<Pending> pending = new ArrayList<>();
    private long appended;
    private long written;
    private long synced;
    private long syncWanted;
    private boolean closing;
    private IOException failure;
    /** Payload files named by lines appended since the last fsync (each once: a pack holds many texts): fsynced with it. */
    private Set<Path> filesToSync = new LinkedHashSet<>();
    private final Thread writer;

    private FileChannel segment;
    private long segmentNumber;
    /** The writer thread's batch of lines, encoded straight into one buffer that is kept from batch to batch. */
    private final LineBuffer out = new LineBuffer();

    /** A byte buffer the lines are encoded into and written from without copies; large batches do not keep it large. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        private static final int KEPT = 8 << 20;

        LineBuffer() {
            super(64 * 1024);
        }

        /** The bytes so far, wrapped (valid until the next write). */
        ByteBuffer buffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }

        void truncate(int size) {
            count = size;
        }

        /** After a batch that grew it past 8 MiB: back to the initial size, so an idle journal holds little. */
        void shrink() {
            if (buf.length > KEPT && count == 0) {
                buf = new byte[64 * 1024];
            }
        }
    }

    /**
     * Opens a new segment after the existing ones.
     *
     * @param compactBytes once the open segment is this large, {@code compaction} runs (on another thread)
     */
    Journal(JournalFiles files, SyncPolicy policy, long compactBytes, Runnable compaction) {
        this.files = files;
        this.policy = policy;
        this.compactBytes = compactBytes;
        this.compaction = compaction;
        try {
            openSegment(files.lastNumber() + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Step Functions journal in " + files.dir(), e);
        }
        writer = new Thread(this::writeLoop, "states-journal-writer");
        writer.setDaemon(true);
        writer.start();
    }

    SyncPolicy policy() {
        return policy;
    }

    /** Appends a change; {@code line} is called once, on the writer thread, so it must read only what does not change. */
    long append(Supplier<? extends JsonNode> line) {
        return append(null, line);
    }

    /** Appends a change that a later change with the same {@code key} in the same batch makes unnecessary (a Map Run's figures). */
    long append(String key, Supplier<? extends JsonNode> line) {
        lock.lock();
        try {
            long seq = ++appended;
            pending.add(new Pending(seq, key, line, null));
            work.signal();
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** A file a line about to be appended names (a spilled payload's): fsynced before the journal's next fsync. */
    void syncWithNext(Path file) {
        if (policy == SyncPolicy.NONE) {
            return;
        }
        lock.lock();
        try {
            filesToSync.add(file);
        } finally {
            lock.unlock();
        }
    }

    /** Fsyncs the payload files registered so far (they were written whole before their lines were appended). */
    private void syncFiles() {
        Set<Path> files;
        lock.lock();
        try {
            if (filesToSync.isEmpty()) {
                return;
            }
            files = filesToSync;
            filesToSync = new LinkedHashSet<>();
        } finally {
            lock.unlock();
        }
        for (Path file : files) {
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
                c.force(true);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot fsync " + file, e);
            }
        }
    }

    /** The last change appended so far: an answer built now shows nothing later than this. */
    long lastAppended() {
        lock.lock();
        try {
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until change {@code seq} (and so every change before it) is as durable as the policy promises: fsynced
     * ({@code batch}, {@code always}) or written to the operating system ({@code none}).
     *
     * @throws UncheckedIOException when the journal cannot be written
     */
    void awaitDurable(long seq) {
        lock.lock();
        try {
            boolean fsync = policy != SyncPolicy.NONE;
            if (fsync && seq > syncWanted) {
                syncWanted = seq;
                work.signal();
            }
            while ((fsync ? synced : written) < seq) {
                if (failure != null) {
                    throw new UncheckedIOException("cannot write the Step Functions journal in " + files.dir(), failure);
                }
                if (closing && !writer.isAlive()) {
                    throw new IllegalStateException("the Step Functions journal is closed");
                }
                progress.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the open segment (written and fsynced) and opens the next; completes with the new segment's number. */
    CompletableFuture<Long> rotate() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        lock.lock();
        try {
            pending.add(new Pending(++appended, null, null, done));
            work.signal();
        } finally {
            lock.unlock();
        }
        return done;
    }

    private void writeLoop() {
        while (true) {
            List<Pending> batch;
            boolean syncOnly;
            lock.lock();
            try {
                while (pending.isEmpty() && !(syncWanted > synced && written > synced) && !closing) {
                    work.awaitUninterruptibly();
                }
                if (pending.isEmpty() && closing) {
                    break;
                }
                batch = pending;
                pending = new ArrayList<>();
                syncOnly = batch.isEmpty();
            } finally {
                lock.unlock();
            }
            if (!syncOnly) {
                writeBatch(batch);
            }
            syncIfWanted();
        }
        try {
            syncFiles();
            segment.force(false);
            segment.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close the Step Functions journal", e);
        }
        lock.lock();
        try {
            synced = written;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Writes the batch's lines in order; a rotation marker closes the segment where it stands. */
    private void writeBatch(List<Pending> batch) {
        Set<String> superseded = new HashSet<>();
        boolean[] keep = new boolean[batch.size()];
        for (int i = batch.size() - 1; i >= 0; i--) {
            String key = batch.get(i).key();
            keep[i] = key == null || superseded.add(key);
        }
        out.reset();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (p.rotation() != null) {
                flush(out, p.seq() - 1);
                try {
                    syncFiles(); // the snapshot that follows names them: durable before it, as the lines are
                    segment.force(false);
                    segment.close();
                    openSegment(segmentNumber + 1);
                    p.rotation().complete(segmentNumber);
                } catch (IOException e) {
                    p.rotation().completeExceptionally(e);
                }
            } else if (keep[i]) {
                int lineStart = out.size();
                try {
                    Json.MAPPER.writeValue(out, p.line().get());
                    out.write('\n');
                } catch (IOException | RuntimeException e) {
                    out.truncate(lineStart);
                    LOG.log(System.Logger.Level.ERROR, "cannot encode a Step Functions journal line", e);
                }
            }
        }
        flush(out, batch.get(batch.size() - 1).seq());
        out.shrink();
    }

    /** Writes what {@code out} holds and records {@code upTo} as written; retried in a new segment after an I/O error. */
    private void flush(LineBuffer out, long upTo) {
        ByteBuffer lines = out.buffer();
        out.reset();
        while (true) {
            try {
                ByteBuffer buffer = lines.duplicate();
                while (buffer.hasRemaining()) {
                    segment.write(buffer);
                }
                if (policy == SyncPolicy.ALWAYS) {
                    syncFiles();
                    segment.force(false);
                }
                lock.lock();
                try {
                    failure = null;
                    written = Math.max(written, upTo);
                    if (policy == SyncPolicy.ALWAYS) {
                        synced = written;
                    }
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
                if (segment.size() > compactBytes) {
                    compaction.run();
                }
                return;
            } catch (IOException e) {
                recover(e);
            }
        }
    }

    /** After a failed write the segment may end in half a line: report, wait a little, go on in a new segment. */
    private void recover(IOException e) {
        LOG.log(System.Logger.Level.ERROR, "cannot write the Step Functions journal in " + files.dir() + "; retrying", e);
        lock.lock();
        try {
            failure = e;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            Thread.sleep(1000);
            segment.close();
        } catch (InterruptedException | IOException ignored) {
            // retry regardless
        }
        try {
            openSegment(segmentNumber + 1);
        } catch (IOException again) {
            LOG.log(System.Logger.Level.ERROR, "cannot open a new Step Functions journal segment", again);
        }
    }

    private void syncIfWanted() {
        long target;
        lock.lock();
        try {
            if (!(syncWanted > synced && written > synced)) {
                return;
            }
            target = written;
        } finally {
            lock.unlock();
        }
        try {
            syncFiles();
            segment.force(false);
            lock.lock();
            try {
                synced = Math.max(synced, target);
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            recover(e);
        }
    }

    private void openSegment(long number) throws IOException {
        Files.createDirectories(files.dir());
        segment = FileChannel.open(files.segment(number), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        segmentNumber = number;
        files.syncDir();
    }

    /** Writes and fsyncs everything appended, then stops the writer. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
