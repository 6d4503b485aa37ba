package dev.dmapworkbook.localcloud.states.dmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The child inputs of one Map Run, appended by the reader as fast as it reads and read back when each child
 * starts (and again for the ResultWriter's records). They live in a temporary file, so a Map Run over a
 * million rows holds only offsets in memory, and the reader can finish early, which makes the run's item
 * total known (spec 9.6 percentages need it).
 */
final class ChildInputSpool implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private int[] itemCounts = new int[1024];
    private long[] firstItems = new long[1024];
    private int count;
    private long end;
    private boolean closed;

    ChildInputSpool(Path directory) {
        try {
            Files.createDirectories(directory);
            this.file = Files.createTempFile(directory, "map-run-", ".inputs");
            this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Map Run spool in " + directory, e);
        }
    }

    /** Appends one child input; returns its child index. */
    int append(ChildInputs.ChildInput input) {
        long at;
        int index;
        synchronized (this) {
            if (count == offsets.length) {
                int size = count * 2;
                offsets = Arrays.copyOf(offsets, size);
                lengths = Arrays.copyOf(lengths, size);
                itemCounts = Arrays.copyOf(itemCounts, size);
                firstItems = Arrays.copyOf(firstItems, size);
            }
            at = end;
            end += input.json().length;
            index = count;
        }
        write(at, input.json());
        synchronized (this) {
            offsets[index] = at;
            lengths[index] = input.json().length;
            itemCounts[index] = input.itemCount();
            firstItems[index] = input.firstItem();
            count = Math.max(count, index + 1);
        }
        return index;
    }

    synchronized int count() {
        return count;
    }

    synchronized int itemCount(int child) {
        return itemCounts[child];
    }

    synchronized int length(int child) {
        return lengths[child];
    }

    synchronized long firstItem(int child) {
        return firstItems[child];
    }

    byte[] read(int child) {
        long at;
        int length;
        synchronized (this) {
            at = offsets[child];
            length = lengths[child];
        }
        return SpoolIo.readFully(channel, at, length);
    }

    private void write(long at, byte[] bytes) {
        SpoolIo.writeFully(channel, at, bytes);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file; best effort
            }
        }
    }
}
