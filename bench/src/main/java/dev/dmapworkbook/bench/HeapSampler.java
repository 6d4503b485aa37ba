package dev.dmapworkbook.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap another JVM has in use, at its peak: {@code jstat -gc <pid> 100} samples (survivors + eden + old), and
 * the heap before each collection from its {@code -Xlog:gc} file, which catches the peaks between samples.
 */
final class HeapSampler {
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Process jstat;
    private final Thread reader;
    private final Path gcLog;
    private final AtomicLong peakKiB = new AtomicLong();
    private long peakAfterGcKiB;
    private boolean stopped;
    private double result = Double.NaN;

    HeapSampler(long pid, Path gcLog) throws IOException {
        this.gcLog = gcLog;
        jstat = new ProcessBuilder(Project.jdkTool("jstat"), "-gc", Long.toString(pid), "100").redirectErrorStream(true).start();
        reader = new Thread(this::read, "jstat-" + pid);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
            List<String> header = null;
            for (String line; (line = in.readLine()) != null; ) {
                List<String> cols = Arrays.asList(line.trim().split("\\s+"));
                if (cols.contains("EU")) {
                    header = cols;
                } else if (header != null && cols.size() == header.size()) {
                    double used = 0;
                    for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                        used += Double.parseDouble(cols.get(header.indexOf(c)));
                    }
                    peakKiB.accumulateAndGet((long) used, Math::max);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // jstat ended (or the JVM did)
        }
    }

    /** The largest heap a collection left behind (MiB, NaN without a GC log): the live data at its peak. */
    synchronized double peakAfterGcMiB() {
        return peakAfterGcKiB == 0 ? Double.NaN : peakAfterGcKiB / 1024.0;
    }

    /** Stops sampling; the peak in MiB (NaN when neither source said anything). */
    synchronized double stop() throws InterruptedException {
        if (stopped) {
            return result;
        }
        stopped = true;
        jstat.destroy();
        reader.join(2000);
        long peak = peakKiB.get();
        try {
            if (Files.exists(gcLog)) {
                for (String line : Files.readAllLines(gcLog)) {
                    Matcher m = GC_LINE.matcher(line);
                    if (m.find()) {
                        peak = Math.max(peak, Long.parseLong(m.group(1)) * 1024);
                        peakAfterGcKiB = Math.max(peakAfterGcKiB, Long.parseLong(m.group(2)) * 1024);
                    }
                }
            }
        } catch (IOException e) {
            // jstat's samples alone
        }
        result = peak == 0 ? Double.NaN : peak / 1024.0;
        return result;
    }
}
