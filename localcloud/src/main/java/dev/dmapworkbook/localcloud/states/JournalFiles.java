package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The journal's folder: segments {@code <n>.log} (JSON lines, appended) and snapshots {@code snapshot-<n>.jsonl}
 * (everything the segments before {@code n} said, written whole then renamed). Reading back starts at the newest
 * snapshot and goes through the segments from its number on; a line cut short by a crash ends its segment.
 */
final class JournalFiles {
    private static final System.Logger LOG = System.getLogger(JournalFiles.class.getName());
    private static final Pattern SEGMENT = Pattern.compile("(\\d{12})\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{12})\\.jsonl");

    private final Path dir;

    JournalFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path segment(long number) {
        return dir.resolve(String.format("%012d.log", number));
    }

    private Path snapshot(long number) {
        return dir.resolve(String.format("snapshot-%012d.jsonl", number));
    }

    /** The highest segment or snapshot number in the folder (0 when empty). */
    long lastNumber() {
        long last = 0;
        for (long n : numbers(SEGMENT)) {
            last = Math.max(last, n);
        }
        for (long n : numbers(SNAPSHOT)) {
            last = Math.max(last, n);
        }
        return last;
    }

    /** Feeds every line of the newest snapshot, then of each later segment, in order; returns the segments read. */
    int replay(Consumer<JsonNode> apply) {
        long from = 0;
        for (long n : numbers(SNAPSHOT)) {
            from = Math.max(from, n);
        }
        if (from > 0) {
            read(snapshot(from), apply);
        }
        int segments = 0;
        for (long n : numbers(SEGMENT)) {
            if (n >= from) {
                read(segment(n), apply);
                segments++;
            }
        }
        return segments;
    }

    private static void read(Path file, Consumer<JsonNode> apply) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                JsonNode node;
                try {
                    node = Json.parse(line);
                } catch (IllegalArgumentException e) {
                    // a batch cut short by a crash: nothing after it in this file was confirmed
                    LOG.log(System.Logger.Level.WARNING, "ignoring " + file + " from line " + lineNumber + ": " + e.getMessage());
                    return;
                }
                apply.accept(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Step Functions journal " + file, e);
        }
    }

    /**
     * Writes a snapshot numbered {@code number} (the first segment it does not cover) from {@code lines}, fsyncs and
     * renames it into place, then deletes the older snapshots and segments.
     */
    void writeSnapshot(long number, Consumer<Consumer<JsonNode>> lines) {
        Path target = snapshot(number);
        Path tmp = dir.resolve(target.getFileName() + ".part");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            lines.accept(node -> {
                try {
                    out.write(Json.writeBytes(node));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Step Functions snapshot " + tmp, e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDir();
            for (long n : numbers(SEGMENT)) {
                if (n < number) {
                    Files.deleteIfExists(segment(n));
                }
            }
            for (long n : numbers(SNAPSHOT)) {
                if (n < number) {
                    Files.deleteIfExists(snapshot(n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the Step Functions snapshot " + target + " in place", e);
        }
    }

    /** Makes a new or renamed file's name durable (POSIX; a no-op where folders cannot be opened). */
    void syncDir() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open a folder; its rename is durable on its own
        }
    }

    /** Total bytes of segments and snapshots (the benchmark prints it). */
    long bytes() {
        long total = 0;
        for (Path p : list()) {
            try {
                total += Files.size(p);
            } catch (IOException ignored) {
                // deleted meanwhile
            }
        }
        return total;
    }

    private List<Long> numbers(Pattern pattern) {
        List<Long> out = new ArrayList<>();
        for (Path p : list()) {
            Matcher m = pattern.matcher(p.getFileName().toString());
            if (m.matches()) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        out.sort(null);
        return out;
    }

    private List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
