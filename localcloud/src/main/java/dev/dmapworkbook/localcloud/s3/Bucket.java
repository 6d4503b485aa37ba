package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

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

    private final Path dir;
    private volatile Settings settings;
    /** Key → versions, newest first; the first may be a delete marker. Null until loaded. */
    private NavigableMap<String, List<ObjectVersion>> index;

    Bucket(Path dir, Settings settings) {
        this.dir = dir;
        this.settings = settings;
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

    /** Versioning enabled: new writes get fresh version ids. Never enabled or suspended: they use {@code null}. */
    boolean versioningEnabled() {
        return "Enabled".equals(settings.versioning());
    }

    /** The index, loading it from disk (and removing what a crash left behind) on first use. */
    NavigableMap<String, List<ObjectVersion>> index() {
        assert Thread.holdsLock(this);
        if (index == null) {
            index = load();
        }
        return index;
    }

    private NavigableMap<String, List<ObjectVersion>> load() {
        NavigableMap<String, List<ObjectVersion>> loaded = new TreeMap<>(Keys.UTF8_ORDER);
        Path objects = dir.resolve("objects");
        try {
            Files.createDirectories(tmpDir());
            ObjectStore.deleteContents(tmpDir());
            Files.createDirectories(objects);
            try (DirectoryStream<Path> shards = Files.newDirectoryStream(objects)) {
                for (Path shard : shards) {
                    loadShard(shard, loaded);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the index of bucket " + name(), e);
        }
        for (List<ObjectVersion> versions : loaded.values()) {
            versions.sort((a, b) -> Long.compare(b.seq(), a.seq()));
        }
        return loaded;
    }

    private static void loadShard(Path shard, Map<String, List<ObjectVersion>> loaded) throws IOException {
        Set<String> referenced = new HashSet<>();
        List<Path> dataFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    ObjectVersion v;
                    try {
                        v = ObjectStore.MAPPER.readValue(file.toFile(), ObjectVersion.class);
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    loaded.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v);
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
