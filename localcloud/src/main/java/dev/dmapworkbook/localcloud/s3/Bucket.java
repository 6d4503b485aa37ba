package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * One bucket on disk ({@code buckets/<name>/}: {@code bucket.json}, {@code objects/<hh>/}, {@code uploads/},
 * {@code tmp/}) and its in-memory key index, loaded from the version files on first use. Callers hold the
 * bucket's monitor while they read or change the index.
 */
final class Bucket {
    /** What {@code bucket.json} holds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Settings(String name, String region, long created, String versioning) {
    }

    private static final String SNAPSHOT = "index.snapshot";
    private static final String SNAPSHOT_FORMAT = "{\"format\":1}";
    private static final System.Logger LOG = System.getLogger(Bucket.class.getName());

    private final Path dir;
    private final LongConsumer seqSeen;
    private volatile Settings settings;
    /** Key → versions, newest first; the first may be a delete marker. Null until loaded. */
    private KeyIndex index;
    /** The shard folders known to exist (at most 256: the first two hex digits of a key's SHA-256). */
    private final Set<String> shardsPresent = ConcurrentHashMap.newKeySet();
    /** True while {@code index.snapshot} matches the version files; removed before the first change. */
    private boolean snapshotValid;

    Bucket(Path dir, Settings settings, LongConsumer seqSeen) {
        this.dir = dir;
        this.settings = settings;
        this.seqSeen = seqSeen;
    }

    String name() {
        return settings.name();
    }

    Settings settings() {
        return settings;
    }

    void settings(Settings settings) {
        this.settings = settings;
    }

    Path dir() {
        return dir;
    }

    Path tmpDir() {
        return dir.resolve("tmp");
    }

    Path uploadsDir() {
        return dir.resolve("uploads");
    }

    Path objectDir(String stem) {
        return dir.resolve("objects").resolve(stem.substring(0, 2));
    }

    /**
     * {@link #objectDir}, created if this process has not made sure of it yet: a write then costs no mkdir and
     * stat (shards are only ever removed with the whole bucket).
     */
    Path shard(String stem) throws IOException {
        Path shard = objectDir(stem);
        if (!shardsPresent.contains(shard.getFileName().toString())) {
            Files.createDirectories(shard);
            shardsPresent.add(shard.getFileName().toString());
        }
        return shard;
    }

    /** Versioning enabled: new writes get fresh version ids. Never enabled or suspended: they use {@code null}. */
    boolean versioningEnabled() {
        return "Enabled".equals(settings.versioning());
    }

    /** The index, loading it from disk (and removing what a crash left behind) on first use. */
    KeyIndex index() {
        assert Thread.holdsLock(this);
        if (index == null) {
            index = load();
        }
        return index;
    }

    /**
     * The snapshot written at the last clean shutdown if there is one (one file instead of one per version),
     * else a scan of the version files that also removes what a crash left behind.
     */
    private KeyIndex load() {
        KeyIndex loaded = new KeyIndex();
        Path objects = dir.resolve("objects");
        try {
            Files.createDirectories(tmpDir());
            StoreFiles.deleteContents(tmpDir());
            Files.createDirectories(objects);
            if (!readSnapshot(loaded)) {
                loaded = new KeyIndex();
                try (DirectoryStream<Path> shards = Files.newDirectoryStream(objects)) {
                    for (Path shard : shards) {
                        loadShard(shard, loaded);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the index of bucket " + name(), e);
        }
        loaded.forEachVersion(v -> seqSeen.accept(v.seq()));
        return loaded;
    }

    private boolean readSnapshot(KeyIndex loaded) {
        Path snapshot = dir.resolve(SNAPSHOT);
        if (!Files.isRegularFile(snapshot)) {
            return false;
        }
        try (BufferedReader in = Files.newBufferedReader(snapshot, StandardCharsets.UTF_8)) {
            if (!SNAPSHOT_FORMAT.equals(in.readLine())) {
                throw new IOException("unknown snapshot format");
            }
            var reader = StoreFiles.MAPPER.readerFor(VersionFile.class);
            String line;
            while ((line = in.readLine()) != null) {
                loaded.load(reader.<VersionFile>readValue(line).toVersion());
            }
            snapshotValid = true;
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring the index snapshot of bucket " + name() + ": " + e);
            StoreFiles.deleteQuietly(snapshot);
            return false;
        }
    }

    /** Called before any version file changes: from then on the snapshot would lie, so it goes first. */
    void beforeChange() {
        assert Thread.holdsLock(this);
        if (snapshotValid) {
            try {
                Files.deleteIfExists(dir.resolve(SNAPSHOT));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot invalidate the index snapshot of bucket " + name(), e);
            }
            snapshotValid = false;
        }
    }

    /** Writes the loaded index as the snapshot the next start reads (clean shutdown). */
    synchronized void writeSnapshot() {
        if (index == null || snapshotValid) {
            return;
        }
        Path tmp = tmpDir().resolve("index.snapshot.tmp");
        try {
            Files.createDirectories(tmpDir());
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write(SNAPSHOT_FORMAT);
                out.newLine();
                var writer = StoreFiles.MAPPER.writerFor(VersionFile.class);
                for (var entry : index.from("", true)) {
                    for (ObjectVersion v : KeyIndex.all(entry.getValue())) {
                        out.write(writer.writeValueAsString(VersionFile.of(v)));
                        out.newLine();
                    }
                }
            }
            Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            snapshotValid = true;
        } catch (IOException e) {
            StoreFiles.deleteQuietly(tmp);
            LOG.log(System.Logger.Level.WARNING, "cannot write the index snapshot of bucket " + name() + ": " + e);
        }
    }

    private static void loadShard(Path shard, KeyIndex loaded) throws IOException {
        Set<String> referenced = new HashSet<>();
        List<Path> dataFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    VersionFile v;
                    try {
                        v = StoreFiles.MAPPER.readValue(file.toFile(), VersionFile.class);
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    loaded.load(v.toVersion());
                    if (v.dataFile() != null) {
                        referenced.add(v.dataFile());
                    }
                } else {
                    dataFiles.add(file);
                }
            }
        }
        // Data written before a crash whose metadata never landed, or replaced data not yet deleted.
        for (Path data : dataFiles) {
            if (!referenced.contains(data.getFileName().toString())) {
                Files.deleteIfExists(data);
            }
        }
    }
}
