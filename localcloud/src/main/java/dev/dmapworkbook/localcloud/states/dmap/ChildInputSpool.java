package dev.dmapworkbook.localcloud.states.dmap;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child inputs of one Map Run, appended by the reader as fast as it reads and read back when each child
 * starts (and again for the ResultWriter's records). They live in a temporary file, so a Map Run over a
 * million rows holds only offsets in memory, and the reader can finish early, which makes the run's item
 * total known (spec 9.6 percentages need it).
 */
final class ChildInputSpool implements AutoCloseable {
    private final SpoolFile file;
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private int[] itemCounts = new int[1024];
    private long[] firstItems = new long[1024];
    private int count;
    private long end;
    private boolean closed;

    ChildInputSpool(Path directory) {
        this.file = new SpoolFile(directory, ".inputs", "Map Run spool");
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
        file.write(at, input.json());
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
        return file.read(at, length);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            file.close();
        }
    }
}
