package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.states.dmap.MapRunCounters.Outcome;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * What each finished child contributes to the ResultWriter's files, kept on disk in completion order and read
 * back in child-index order when the files are written: a Map Run over a million rows never holds its
 * results in memory.
 */
final class ResultSpool implements AutoCloseable {
    private final SpoolFile file;
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private byte[] statuses = new byte[1024]; // 0 = none yet, else Outcome.ordinal() + 1
    private long end;

    ResultSpool(Path directory) {
        this.file = new SpoolFile(directory, ".results", "Map Run result spool");
    }

    void put(int child, Outcome status, byte[] entry) {
        long at;
        synchronized (this) {
            if (child >= offsets.length) {
                int size = Math.max(child + 1, offsets.length * 2);
                offsets = Arrays.copyOf(offsets, size);
                lengths = Arrays.copyOf(lengths, size);
                statuses = Arrays.copyOf(statuses, size);
            }
            at = end;
            end += entry.length;
            offsets[child] = at;
            lengths[child] = entry.length;
            statuses[child] = (byte) (status.ordinal() + 1);
        }
        file.write(at, entry);
    }

    /** The child's status, or null when it has no result (never started). */
    synchronized Outcome status(int child) {
        if (child >= statuses.length || statuses[child] == 0) {
            return null;
        }
        return Outcome.values()[statuses[child] - 1];
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
    public void close() {
        file.close();
    }
}
