package dev.dmapworkbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What the figures were measured on: cores, CPU, memory, JDK, OS, and the load average when the run began. */
record Machine(Instant at, int cores, String cpu, String memory, String jdk, String os, String loadAverage) {
    static Machine here() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(kb -> String.format(Locale.ROOT, "%.1f GiB RAM", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1048576.0))
                .orElse("? RAM");
        String load = read(Path.of("/proc/loadavg")).map(l -> String.join(" ", List.of(l.split("\\s+")).subList(0, 3)))
                .orElse(String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage()));
        return new Machine(Instant.now(), Runtime.getRuntime().availableProcessors(), cpu, memory,
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version"), load);
    }

    String date() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(at);
    }

    String oneLine() {
        return cores + " cores (" + cpu + "), " + memory + ", JDK " + jdk + ", " + os + ", load average " + loadAverage + " at start";
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            return java.util.Optional.of(Files.readString(file).strip());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
