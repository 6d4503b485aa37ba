package dev.dmapworkbook.localcloud.logs;

import dev.dmapworkbook.localcloud.core.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Log groups, streams and events, per region, kept in memory and on disk under {@code <dataDir>/logs/}: a
 * group is a folder with {@code group.json} (written atomically), a stream an append-only JSON-lines file whose
 * first line describes it (a torn last line after a crash is skipped on load). Lambda appends invocation logs
 * here in-process; the Logs API reads them. Errors are CloudWatch Logs' own.
 */
public final class LogStore {
    /** One log event. */
    public record Event(long timestamp, String message, long ingestionTime) {
    }

    static final class Stream {
        final String name;
        final long creationTime;
        final List<Event> events = new ArrayList<>();
        final Path file;
        long storedBytes;

        Stream(String name, long creationTime, Path file) {
            this.name = name;
            this.creationTime = creationTime;
            this.file = file;
        }

        Optional<Long> firstEventTimestamp() {
            return events.stream().map(Event::timestamp).min(Long::compare);
        }

        Optional<Long> lastEventTimestamp() {
            return events.stream().map(Event::timestamp).max(Long::compare);
        }

        Optional<Long> lastIngestionTime() {
            return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1).ingestionTime());
        }
    }

    static final class Group {
        final String region;
        final String name;
        final long creationTime;
        Integer retentionInDays;
        final Map<String, Stream> streams = new TreeMap<>();
        final Path dir;

        Group(String region, String name, long creationTime, Path dir) {
            this.region = region;
            this.name = name;
            this.creationTime = creationTime;
            this.dir = dir;
        }

        long storedBytes() {
            return streams.values().stream().mapToLong(s -> s.storedBytes).sum();
        }

        /** Events older than the retention period are gone, as CloudWatch Logs expires them. */
        boolean retained(Event event, long now) {
            return retentionInDays == null || event.timestamp() >= now - TimeUnit.DAYS.toMillis(retentionInDays);
        }
    }

    private final Path root;
    private final Map<String, Group> groups = new TreeMap<>();

    public LogStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log store at " + root, e);
        }
    }

    private static String key(String region, String group) {
        return region + "\u0000" + group;
    }

    public synchronized void createGroup(String region, String name) {
        if (groups.containsKey(key(region, name))) {
            throw LogsError.GROUP_EXISTS.exception();
        }
        newGroup(region, name);
    }

    /** Creates the group unless it exists (what Lambda does on a function's first log line). */
    public synchronized void ensureGroup(String region, String name) {
        if (!groups.containsKey(key(region, name))) {
            newGroup(region, name);
        }
    }

    public synchronized void createStream(String region, String group, String stream) {
        Group g = group(region, group);
        if (g.streams.containsKey(stream)) {
            throw LogsError.STREAM_EXISTS.exception();
        }
        newStream(g, stream);
    }

    /** Appends events to a stream, creating group and stream as needed. */
    public synchronized void append(String region, String group, String stream, List<Event> events) {
        ensureGroup(region, group);
        Group g = groups.get(key(region, group));
        Stream s = g.streams.get(stream);
        if (s == null) {
            s = newStream(g, stream);
        }
        appendTo(s, events);
    }

    /** Appends to an existing stream (PutLogEvents): the group and stream must exist. */
    synchronized void put(String region, String group, String stream, List<Event> events) {
        appendTo(stream(region, group, stream), events);
    }

    synchronized void deleteGroup(String region, String name) {
        Group g = group(region, name);
        groups.remove(key(region, name));
        deleteTree(g.dir);
    }

    synchronized void deleteStream(String region, String group, String stream) {
        Stream s = stream(region, group, stream);
        group(region, group).streams.remove(stream);
        try {
            Files.deleteIfExists(s.file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void retention(String region, String name, Integer days) {
        Group g = group(region, name);
        g.retentionInDays = days;
        writeGroup(g);
    }

    synchronized List<Group> groups(String region) {
        return groups.values().stream().filter(g -> g.region.equals(region)).toList();
    }

    synchronized Group group(String region, String name) {
        Group g = groups.get(key(region, name));
        if (g == null) {
            throw LogsError.GROUP_NOT_FOUND.exception();
        }
        return g;
    }

    synchronized Stream stream(String region, String group, String stream) {
        Stream s = group(region, group).streams.get(stream);
        if (s == null) {
            throw LogsError.STREAM_NOT_FOUND.exception();
        }
        return s;
    }

    /** A copy of a stream's retained events, in the order they were written. */
    public synchronized List<Event> events(String region, String group, String stream) {
        Group g = group(region, group);
        long now = System.currentTimeMillis();
        return stream(region, group, stream).events.stream().filter(e -> g.retained(e, now)).toList();
    }

    synchronized Collection<Stream> streams(String region, String group) {
        return List.copyOf(group(region, group).streams.values());
    }

    // ---- disk ----

    private Group newGroup(String region, String name) {
        Path dir = root.resolve(encode(region)).resolve("g-" + encode(name));
        Group g = new Group(region, name, System.currentTimeMillis(), dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeGroup(g);
        groups.put(key(region, name), g);
        return g;
    }

    private Stream newStream(Group g, String name) {
        Stream s = new Stream(name, System.currentTimeMillis(), g.dir.resolve("s-" + encode(name) + ".jsonl"));
        String header = Json.write(Json.object("logStreamName", name, "creationTime", s.creationTime)) + "\n";
        AtomicFiles.write(s.file, header);
        g.streams.put(name, s);
        return s;
    }

    private void appendTo(Stream s, List<Event> events) {
        StringBuilder lines = new StringBuilder();
        for (Event event : events) {
            lines.append(Json.write(Json.object("t", event.timestamp(), "i", event.ingestionTime(), "m", event.message())))
                    .append('\n');
        }
        try {
            Files.writeString(s.file, lines, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Event event : events) {
            s.events.add(event);
            s.storedBytes += event.message().getBytes(StandardCharsets.UTF_8).length + 26;
        }
    }

    private void writeGroup(Group g) {
        AtomicFiles.write(g.dir.resolve("group.json"), Json.writeBytes(Json.object("logGroupName", g.name, "region", g.region,
                "creationTime", g.creationTime, "retentionInDays", g.retentionInDays)));
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> regions = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path regionDir : regions) {
                try (DirectoryStream<Path> groupDirs = Files.newDirectoryStream(regionDir, "g-*")) {
                    for (Path dir : groupDirs) {
                        loadGroup(dir);
                    }
                }
            }
        }
    }

    private void loadGroup(Path dir) throws IOException {
        Path meta = dir.resolve("group.json");
        if (!Files.exists(meta)) {
            return;
        }
        JsonNode node = Json.parse(Files.readAllBytes(meta));
        Group g = new Group(node.path("region").asText(), node.path("logGroupName").asText(),
                node.path("creationTime").asLong(), dir);
        if (node.hasNonNull("retentionInDays")) {
            g.retentionInDays = node.get("retentionInDays").asInt();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "s-*.jsonl")) {
            for (Path file : files) {
                List<String> lines = Files.readAllLines(file);
                if (lines.isEmpty()) {
                    continue;
                }
                JsonNode header = Json.parse(lines.get(0));
                Stream s = new Stream(header.path("logStreamName").asText(), header.path("creationTime").asLong(), file);
                for (String line : lines.subList(1, lines.size())) {
                    try {
                        JsonNode e = Json.parse(line);
                        Event event = new Event(e.path("t").asLong(), e.path("m").asText(), e.path("i").asLong());
                        s.events.add(event);
                        s.storedBytes += event.message().getBytes(StandardCharsets.UTF_8).length + 26;
                    } catch (IllegalArgumentException torn) {
                        // the last line of a stream the process was killed while writing
                    }
                }
                g.streams.put(s.name, s);
            }
        }
        groups.put(key(g.region, g.name), g);
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("*", "%2A").replace(".", "%2E");
    }
}
