package dev.dmapworkbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time a process's JIT compiler threads ({@code C1/C2 CompilerThread…}) used over a span, from Linux's
 * {@code /proc/<pid>/task/<tid>/stat}: in a fresh local cloud most of a short run's CPU can be the JIT's, not the
 * work measured. A compiler thread that ends within the span takes its time with it (HotSpot starts and stops them
 * as its queue grows and shrinks), so the figure is a lower bound; NaN where {@code /proc} cannot be read.
 */
final class CompilerCpu {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the suite runs on
    private final long pid;
    private final Map<String, Long> before;

    private CompilerCpu(long pid, Map<String, Long> before) {
        this.pid = pid;
        this.before = before;
    }

    static CompilerCpu of(long pid) {
        return new CompilerCpu(pid, ticks(pid));
    }

    /** Seconds of CPU the compiler threads used since {@link #of}; NaN when unknown. */
    double secondsSince() {
        Map<String, Long> after = ticks(pid);
        if (before == null || after == null) {
            return Double.NaN;
        }
        long used = 0;
        for (Map.Entry<String, Long> thread : after.entrySet()) {
            used += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return used / TICKS_PER_SECOND;
    }

    static String show(double seconds) {
        return Double.isNaN(seconds) ? "not measured" : String.format(Locale.ROOT, "%.2f s", seconds);
    }

    /** utime + stime of each compiler thread by thread id; null when /proc cannot be read. */
    private static Map<String, Long> ticks(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue; // the thread ended while listed
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.contains("CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                }
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
