package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A bucket's S3 Inventory configurations, kept in {@code buckets/<bucket>/inventory.json} (id → configuration,
 * written whole by an atomic rename like {@code bucket.json}), so they go when the bucket goes.
 */
final class InventoryConfigurations {
    /** "You can have up to 1,000 inventory configurations per bucket" (PutBucketInventoryConfiguration). */
    static final int MAX_PER_BUCKET = 1000;
    private static final String FILE = "inventory.json";
    private static final TypeReference<TreeMap<String, InventoryConfiguration>> TYPE = new TypeReference<>() {
    };

    private final ObjectStore store;

    InventoryConfigurations(ObjectStore store) {
        this.store = store;
    }

    void put(String bucketName, InventoryConfiguration configuration) {
        Bucket bucket = store.bucket(bucketName);
        synchronized (bucket) {
            TreeMap<String, InventoryConfiguration> all = read(bucket);
            if (!all.containsKey(configuration.id()) && all.size() >= MAX_PER_BUCKET) {
                throw S3Error.TOO_MANY_CONFIGURATIONS.exception();
            }
            all.put(configuration.id(), configuration);
            write(bucket, all);
        }
    }

    Optional<InventoryConfiguration> get(String bucketName, String id) {
        Bucket bucket = store.bucket(bucketName);
        synchronized (bucket) {
            return Optional.ofNullable(read(bucket).get(id));
        }
    }

    /** The configuration, or NoSuchConfiguration. */
    InventoryConfiguration require(String bucketName, String id) {
        return get(bucketName, id).orElseThrow(() -> S3Error.NO_SUCH_CONFIGURATION.exception());
    }

    /** Configurations with ids after {@code after} (null: from the first), in id order. */
    List<InventoryConfiguration> list(String bucketName, String after) {
        Bucket bucket = store.bucket(bucketName);
        synchronized (bucket) {
            TreeMap<String, InventoryConfiguration> all = read(bucket);
            return List.copyOf((after == null ? all : all.tailMap(after, false)).values());
        }
    }

    void delete(String bucketName, String id) {
        Bucket bucket = store.bucket(bucketName);
        synchronized (bucket) {
            TreeMap<String, InventoryConfiguration> all = read(bucket);
            if (all.remove(id) == null) {
                throw S3Error.NO_SUCH_CONFIGURATION.exception();
            }
            write(bucket, all);
        }
    }

    private static TreeMap<String, InventoryConfiguration> read(Bucket bucket) {
        Path file = bucket.dir().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new TreeMap<>();
        }
        try {
            return StoreFiles.MAPPER.readValue(file.toFile(), TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the inventory configurations of bucket " + bucket.name(), e);
        }
    }

    private static void write(Bucket bucket, TreeMap<String, InventoryConfiguration> all) {
        StoreFiles.writeAtomically(bucket.tmpDir(), bucket.dir().resolve(FILE), StoreFiles.json(all));
    }
}
