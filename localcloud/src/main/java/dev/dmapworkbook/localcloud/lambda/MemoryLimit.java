package dev.dmapworkbook.localcloud.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds a worker's whole process, not only its heap, to the function's {@code MemorySize}: Lambda runs each
 * environment in a memory-limited sandbox and kills it when it goes over ("Runtime exited with error: signal:
 * killed", {@code Runtime.ExitError}). {@code -Xmx} bounds the heap only; native allocations (direct buffers,
 * {@code Unsafe}, JNI) would grow unchecked. A cgroup would be exact but needs privileges a laptop user lacks, and
 * {@code ulimit -v} counts the JVM's reserved address space (gigabytes for a 128 MB heap), so the resident set is
 * sampled from {@code /proc} every 50 ms (a 600 MB allocation at 128 MB dies within its first few hundred MB).
 * Without {@code /proc} (macOS) only the heap is limited.
 */
final class MemoryLimit {
    private static final long PERIOD_MS = 50;
    private static final long PAGE = 4096;

    private MemoryLimit() {
    }

    /** Samples the process and its descendants; calls {@code exceeded} once (then stops) when they hold more than the limit. */
    static ScheduledFuture<?> watch(Process process, long limitBytes, ScheduledExecutorService scheduler, Runnable exceeded) {
        if (!Files.isDirectory(Path.of("/proc", String.valueOf(process.pid())))) {
            return null;
        }
        int[] tick = {0};
        long[] children = {0};
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = scheduler.scheduleWithFixedDelay(() -> {
            if (tick[0]++ % 20 == 0) { // descendants are rare and costly to list: once a second
                children[0] = process.descendants().mapToLong(h -> residentBytes(h.pid())).sum();
            }
            if (process.isAlive() && residentBytes(process.pid()) + children[0] > limitBytes) {
                exceeded.run();
                self[0].cancel(false);
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return self[0];
    }

    /** Resident set size from {@code /proc/<pid>/statm} (its second field, in pages); 0 once the process is gone. */
    static long residentBytes(long pid) {
        try {
            String[] fields = Files.readString(Path.of("/proc", String.valueOf(pid), "statm"), StandardCharsets.US_ASCII)
                    .trim().split(" ");
            return Long.parseLong(fields[1]) * PAGE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
