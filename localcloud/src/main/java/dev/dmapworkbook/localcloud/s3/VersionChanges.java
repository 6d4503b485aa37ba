package dev.dmapworkbook.localcloud.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Every change to a bucket's versions, each under the bucket's monitor: a commit makes staged content a version, a
 * delete removes a version or adds a delete marker (S3 User Guide, "Deleting object versions"). On disk the data file
 * is in place before the version file that names it ({@code <sha256(key)>.<versionId>.json}) is written or removed;
 * the index follows the version file.
 */
final class VersionChanges {
    private final LongSupplier nextSeq;

    VersionChanges(LongSupplier nextSeq) {
        this.nextSeq = nextSeq;
    }

    /** Makes staged content the key's newest version (or replaces its {@code null} version). */
    ObjectVersion commit(Bucket bucket, String key, StagedData data, ObjectStore.Attributes attributes, String eTag,
                         Map<String, String> checksums, String checksumType, List<Long> partSizes) {
        String stem = Keys.fileStem(key);
        synchronized (bucket) {
            bucket.index();
            String versionId = bucket.versioningEnabled() ? newVersionId() : ObjectVersion.NULL_VERSION;
            String dataFile = stem + "." + versionId + "." + StoreFiles.nonce() + ".bin";
            ObjectVersion version = ObjectVersion.of(key, versionId, nextSeq.getAsLong(), false, dataFile, data.size(), eTag,
                    System.currentTimeMillis(), attributes.contentType(), attributes.userMetadata(), attributes.headers(),
                    checksums, checksumType, partSizes);
            Path shard;
            try {
                shard = bucket.shard(stem);
                Files.move(data.file(), shard.resolve(dataFile), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                data.discard();
                throw new UncheckedIOException("cannot store " + key, e);
            }
            install(bucket, version, shard, stem);
            return version;
        }
    }

    /** Writes the version's metadata (the moment it becomes visible), then drops any version it replaces. */
    private static void install(Bucket bucket, ObjectVersion version, Path shard, String stem) {
        bucket.beforeChange();
        StoreFiles.writeAtomically(bucket.tmpDir(), shard.resolve(stem + "." + version.versionId() + ".json"),
                StoreFiles.json(VersionFile.of(version)));
        ObjectVersion replaced = bucket.index().put(version);
        if (replaced != null && replaced.dataFile() != null) {
            StoreFiles.deleteQuietly(shard.resolve(replaced.dataFile(stem)));
        }
    }

    /** DeleteObject: with a version id removes that version for good; without, removes or hides the current one. */
    ObjectStore.DeleteOutcome delete(Bucket bucket, String key, String versionId) {
        String stem = Keys.fileStem(key);
        Path shard = bucket.objectDir(stem);
        synchronized (bucket) {
            if (versionId != null) {
                ObjectVersion v = bucket.index().version(key, versionId);
                if (v != null) {
                    remove(bucket, v, shard, stem);
                }
                return new ObjectStore.DeleteOutcome(versionId, v != null && v.deleteMarker());
            }
            if (bucket.settings().versioning() == null) {
                ObjectVersion current = bucket.index().current(key);
                if (current != null) {
                    remove(bucket, current, shard, stem);
                }
                return new ObjectStore.DeleteOutcome(null, false);
            }
            // Versioning enabled or suspended: a delete marker becomes the current version.
            String markerId = bucket.versioningEnabled() ? newVersionId() : ObjectVersion.NULL_VERSION;
            ObjectVersion marker = ObjectVersion.of(key, markerId, nextSeq.getAsLong(), true, null, 0, null,
                    System.currentTimeMillis(), null, Map.of(), Map.of(), Map.of(), null, List.of());
            try {
                bucket.shard(stem);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            install(bucket, marker, shard, stem);
            return new ObjectStore.DeleteOutcome(markerId, true);
        }
    }

    /** Every version of every key, and the multipart uploads in progress. */
    void empty(Bucket bucket) {
        synchronized (bucket) {
            for (String key : bucket.index().keys()) {
                String stem = Keys.fileStem(key);
                for (ObjectVersion v : bucket.index().versions(key)) {
                    remove(bucket, v, bucket.objectDir(stem), stem);
                }
            }
            StoreFiles.deleteContents(bucket.uploadsDir());
        }
    }

    private static void remove(Bucket bucket, ObjectVersion v, Path shard, String stem) {
        bucket.beforeChange();
        try {
            Files.deleteIfExists(shard.resolve(stem + "." + v.versionId() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + v.key(), e);
        }
        bucket.index().remove(v);
        if (v.dataFile() != null) {
            StoreFiles.deleteQuietly(shard.resolve(v.dataFile(stem)));
        }
    }

    private static String newVersionId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
