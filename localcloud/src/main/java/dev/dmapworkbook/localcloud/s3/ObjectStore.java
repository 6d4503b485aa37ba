package dev.dmapworkbook.localcloud.s3;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The S3 object store over local files, knowing nothing of HTTP. Layout under its root:
 * {@code buckets/<bucket>/bucket.json}, and per version {@code objects/<hh>/<sha256(key)>.<versionId>.json}
 * (metadata) beside {@code <sha256(key)>.<versionId>.<nonce>.bin} (content). Content is staged in the bucket's
 * {@code tmp/} and made visible by atomic renames: data first, then the metadata that names it, so a crash
 * leaves each object whole or absent. Keys never become paths.
 */
final class ObjectStore implements S3Objects {
    static final String DEFAULT_STORAGE_CLASS = "STANDARD";

    /** A listing page: current objects and rolled-up prefixes in key order. */
    record Listing(List<ObjectVersion> contents, List<String> commonPrefixes, boolean truncated, String lastReturned) {
    }

    /** A ListObjectVersions page: versions and delete markers, keys ascending, each key's newest first. */
    record VersionListing(List<ObjectVersion> versions, Map<ObjectVersion, Boolean> latest, List<String> commonPrefixes,
                          boolean truncated, String nextKeyMarker, String nextVersionIdMarker) {
    }

    /** What a delete did: the version removed or the delete marker created. */
    record DeleteOutcome(String versionId, boolean deleteMarker) {
    }

    /** Everything about a new object except its content. */
    record Attributes(String contentType, Map<String, String> userMetadata, Map<String, String> headers) {
        Attributes {
            contentType = contentType == null || contentType.isEmpty() ? "binary/octet-stream" : contentType;
            userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }

    private final Path root;
    private final Path bucketsDir;
    private final ConcurrentSkipListMap<String, Bucket> buckets = new ConcurrentSkipListMap<>();
    private final AtomicLong lastSeq = new AtomicLong();
    private final VersionChanges versions = new VersionChanges(this::nextSeq);
    /** The in-process S3Objects calls, counted by operation (the wire API's requests are not counted here). */
    final S3RequestCounts inProcessCalls = new S3RequestCounts();

    ObjectStore(Path root) {
        this.root = root;
        this.bucketsDir = root.resolve("buckets");
        try {
            Files.createDirectories(bucketsDir);
            Files.createDirectories(root.resolve("tmp"));
            StoreFiles.deleteContents(root.resolve("tmp"));
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(bucketsDir)) {
                for (Path dir : dirs) {
                    Path settings = dir.resolve("bucket.json");
                    if (Files.isRegularFile(settings)) {
                        Bucket.Settings s = StoreFiles.MAPPER.readValue(settings.toFile(), Bucket.Settings.class);
                        buckets.put(s.name(), new Bucket(dir, s, this::seqSeen));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the S3 store in " + root, e);
        }
        startTrashRemoval();
    }

    Path root() {
        return root;
    }

    // ---- buckets

    @Override
    public void createBucket(String bucket, String region) {
        Keys.validateBucketName(bucket);
        synchronized (buckets) {
            if (buckets.containsKey(bucket)) {
                throw S3Error.BUCKET_ALREADY_OWNED_BY_YOU.exception().with("BucketName", bucket);
            }
            Bucket.Settings settings = new Bucket.Settings(bucket, region == null || region.isEmpty() ? "us-east-1" : region,
                    System.currentTimeMillis(), null);
            Path staging = root.resolve("tmp").resolve(UUID.randomUUID().toString());
            Path dir = bucketsDir.resolve(bucket);
            try {
                Files.createDirectories(staging.resolve("objects"));
                Files.createDirectories(staging.resolve("tmp"));
                Files.write(staging.resolve("bucket.json"), StoreFiles.MAPPER.writeValueAsBytes(settings));
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create bucket " + bucket, e);
            }
            buckets.put(bucket, new Bucket(dir, settings, this::seqSeen));
        }
    }

    @Override
    public boolean bucketExists(String bucket) {
        return bucket != null && buckets.containsKey(bucket);
    }

    Collection<Bucket> buckets() {
        return buckets.values();
    }

    Bucket bucket(String name) {
        Bucket bucket = name == null ? null : buckets.get(name);
        if (bucket == null) {
            throw S3Error.noSuchBucket(name);
        }
        return bucket;
    }

    @Override
    public void deleteBucket(String name) {
        synchronized (buckets) {
            Bucket bucket = bucket(name);
            synchronized (bucket) {
                if (!bucket.index().isEmpty()) {
                    throw S3Error.BUCKET_NOT_EMPTY.exception().with("BucketName", name);
                }
                Path trash = root.resolve("trash").resolve(UUID.randomUUID().toString());
                try {
                    Files.createDirectories(trash.getParent());
                    Files.move(bucket.dir(), trash, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete bucket " + name, e);
                }
                buckets.remove(name);
                StoreFiles.deleteTree(trash);
            }
        }
    }

    @Override
    public void setVersioning(String bucket, boolean enabled) {
        setVersioning(bucket, enabled ? "Enabled" : "Suspended");
    }

    /** {@code Enabled} or {@code Suspended} (PutBucketVersioning). */
    void setVersioning(String name, String status) {
        Bucket bucket = bucket(name);
        synchronized (bucket) {
            Bucket.Settings s = bucket.settings();
            Bucket.Settings changed = new Bucket.Settings(s.name(), s.region(), s.created(), status);
            StoreFiles.writeAtomically(bucket.tmpDir(), bucket.dir().resolve("bucket.json"), StoreFiles.json(changed));
            bucket.settings(changed);
        }
    }

    // ---- writing objects

    /** Writes content to the bucket's temp folder, computing MD5 and the given checksums. Nothing is visible yet. */
    StagedData stage(String bucketName, InputStream content, Set<ChecksumAlgorithm> algorithms) {
        Bucket bucket = bucket(bucketName);
        synchronized (bucket) {
            bucket.index(); // loading the index clears tmp/: do it before anything is staged there
        }
        return StagedData.write(bucket.tmpDir(), content, algorithms);
    }

    /** Makes staged content the key's newest version (or replaces its {@code null} version). */
    ObjectVersion commit(String bucketName, String key, StagedData data, Attributes attributes) {
        Map<String, String> checksums = new LinkedHashMap<>();
        data.checksums().forEach((a, v) -> checksums.put(a.name(), v));
        return commit(bucketName, key, data, attributes, HexFormat.of().formatHex(data.md5()), checksums,
                "FULL_OBJECT", List.of());
    }

    ObjectVersion commit(String bucketName, String key, StagedData data, Attributes attributes, String eTag,
                         Map<String, String> checksums, String checksumType, List<Long> partSizes) {
        Keys.validateKey(key);
        return versions.commit(bucket(bucketName), key, data, attributes, eTag, checksums, checksumType, partSizes);
    }


    @Override
    public ObjectSummary putObject(String bucket, String key, InputStream content, String contentType,
                                  Map<String, String> userMetadata) {
        inProcessCalls.add("PutObject");
        Keys.validateKey(key);
        StagedData staged = stage(bucket, content, Set.of(ChecksumAlgorithm.CRC64NVME));
        return commit(bucket, key, staged, new Attributes(contentType, userMetadata, Map.of())).summary();
    }

    // ---- reading objects

    /** The key's current version (which may be a delete marker), if any. */
    Optional<ObjectVersion> current(String bucketName, String key) {
        Bucket bucket = bucket(bucketName);
        synchronized (bucket) {
            return Optional.ofNullable(bucket.index().current(key));
        }
    }

    /** A specific version ({@code null} for the null version), if it exists. */
    Optional<ObjectVersion> version(String bucketName, String key, String versionId) {
        Bucket bucket = bucket(bucketName);
        synchronized (bucket) {
            return Optional.ofNullable(bucket.index().version(key, versionId));
        }
    }

    /** The current version; NoSuchKey when there is none or it is a delete marker. */
    ObjectVersion currentObject(String bucketName, String key) {
        return current(bucketName, key).filter(v -> !v.deleteMarker()).orElseThrow(() -> S3Error.noSuchKey(key));
    }

    /** Opens a version's content; null when it was replaced or deleted meanwhile (look it up again). */
    FileChannel open(String bucketName, ObjectVersion version) {
        Bucket bucket = bucket(bucketName);
        try {
            String stem = Keys.fileStem(version.key());
            return FileChannel.open(bucket.objectDir(stem).resolve(version.dataFile(stem)), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream getObject(String bucket, String key) {
        inProcessCalls.add("GetObject");
        for (int attempt = 0; attempt < 5; attempt++) {
            ObjectVersion v = currentObject(bucket, key);
            if (v.size() == 0) {
                return InputStream.nullInputStream();
            }
            FileChannel channel = open(bucket, v);
            if (channel != null) {
                return Channels.newInputStream(channel);
            }
        }
        throw S3Error.noSuchKey(key);
    }

    @Override
    public ObjectSummary headObject(String bucket, String key) {
        inProcessCalls.add("HeadObject");
        return currentObject(bucket, key).summary();
    }

    // ---- deleting

    /** DeleteObject: with a version id removes that version for good; without, removes or hides the current one. */
    DeleteOutcome delete(String bucketName, String key, String versionId) {
        return versions.delete(bucket(bucketName), key, versionId);
    }

    /** Deletes the current object (S3Objects callers: a delete marker in a versioned bucket). */
    public void deleteObject(String bucket, String key) {
        inProcessCalls.add("DeleteObject");
        Keys.validateKey(key);
        delete(bucket, key, null);
    }

    @Override
    public void emptyBucket(String bucketName) {
        versions.empty(bucket(bucketName));
    }

    // ---- listing

    @Override
    public ListPage listObjectsV2(String bucket, String prefix, String continuationToken, int maxKeys) {
        inProcessCalls.add("ListObjectsV2");
        String after = continuationToken == null || continuationToken.isEmpty() ? null : ContinuationTokens.decode(continuationToken);
        Listing listing = list(bucket, prefix, null, after, maxKeys);
        return new ListPage(listing.contents().stream().map(ObjectVersion::summary).toList(),
                listing.truncated() ? Optional.of(ContinuationTokens.encode(listing.lastReturned())) : Optional.empty());
    }

    /**
     * Current objects with keys after {@code after} (exclusive; a rolled-up prefix skips all its keys), starting
     * with {@code prefix}, keys containing {@code delimiter} after the prefix rolled up into common prefixes.
     */
    Listing list(String bucketName, String prefix, String delimiter, String after, int maxKeys) {
        return KeyListings.list(bucket(bucketName), prefix, delimiter, after, maxKeys);
    }

    /** ListObjectVersions: entries after ({@code keyMarker}, {@code versionIdMarker}), in key order, newest first. */
    VersionListing listVersions(String bucketName, String prefix, String delimiter, String keyMarker,
                                String versionIdMarker, int maxKeys) {
        return KeyListings.versions(bucket(bucketName), prefix, delimiter, keyMarker, versionIdMarker, maxKeys);
    }

    /** Writes each loaded bucket's index snapshot so the next start need not read every version file. */
    void close() {
        for (Bucket bucket : buckets.values()) {
            bucket.writeSnapshot();
        }
    }

    // ---- helpers

    private void seqSeen(long seq) {
        lastSeq.accumulateAndGet(seq, Math::max);
    }

    private long nextSeq() {
        long now = System.currentTimeMillis() * 1000;
        return lastSeq.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    /** Buckets deleted just before a crash: removed in the background so start-up stays fast. */
    private void startTrashRemoval() {
        Path trash = root.resolve("trash");
        if (Files.isDirectory(trash)) {
            Thread t = new Thread(() -> StoreFiles.deleteContents(trash), "s3-trash");
            t.setDaemon(true);
            t.start();
        }
    }
}
