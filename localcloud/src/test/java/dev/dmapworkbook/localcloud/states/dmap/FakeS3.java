package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.s3.S3Objects;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A small in-memory S3Objects for tests that need no S3 service (quoted ETags, like S3's wire format). */
final class FakeS3 implements S3Objects {
    static final Instant MODIFIED = Instant.parse("2026-11-23T10:15:30.000Z");
    private final Map<String, TreeMap<String, byte[]>> buckets = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Supplier<InputStream>> streams = new ConcurrentHashMap<>();
    int listCalls;

    /** An object whose content comes from {@code content} on every GetObject (e.g. a stream that waits). */
    void stream(String bucket, String key, java.util.function.Supplier<InputStream> content) {
        createBucket(bucket, "us-east-1");
        streams.put(bucket + "/" + key, content);
    }

    @Override
    public void createBucket(String bucket, String region) {
        buckets.putIfAbsent(bucket, new TreeMap<>());
    }

    @Override
    public boolean bucketExists(String bucket) {
        return buckets.containsKey(bucket);
    }

    @Override
    public void deleteBucket(String bucket) {
        buckets.remove(bucket);
    }

    @Override
    public void setVersioning(String bucket, boolean enabled) {
    }

    @Override
    public synchronized ObjectSummary putObject(String bucket, String key, InputStream content, String contentType,
                                                Map<String, String> userMetadata) {
        byte[] bytes;
        try {
            bytes = content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bucket(bucket).put(key, bytes);
        return summary(key, bytes);
    }

    void put(String bucket, String key, String content) {
        createBucket(bucket, "us-east-1");
        putObject(bucket, key, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "text/plain", Map.of());
    }

    synchronized String text(String bucket, String key) {
        byte[] bytes = bucket(bucket).get(key);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    synchronized List<String> keys(String bucket) {
        return new ArrayList<>(bucket(bucket).keySet());
    }

    @Override
    public synchronized InputStream getObject(String bucket, String key) {
        var stream = streams.get(bucket + "/" + key);
        if (stream != null) {
            return stream.get();
        }
        byte[] bytes = bucket(bucket).get(key);
        if (bytes == null) {
            throw new ServiceException(404, "NoSuchKey", "The specified key does not exist.").with("Key", key);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public synchronized ObjectSummary headObject(String bucket, String key) {
        byte[] bytes = bucket(bucket).get(key);
        if (bytes == null) {
            throw new ServiceException(404, "NoSuchKey", "The specified key does not exist.");
        }
        return summary(key, bytes);
    }

    @Override
    public synchronized ListPage listObjectsV2(String bucket, String prefix, String continuationToken, int maxKeys) {
        listCalls++;
        TreeMap<String, byte[]> objects = bucket(bucket);
        List<ObjectSummary> page = new ArrayList<>();
        var tail = continuationToken == null ? objects : objects.tailMap(continuationToken, false);
        String last = null;
        for (var entry : tail.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                continue;
            }
            if (page.size() == maxKeys) {
                return new ListPage(page, Optional.of(last));
            }
            page.add(summary(entry.getKey(), entry.getValue()));
            last = entry.getKey();
        }
        return new ListPage(page, Optional.empty());
    }

    @Override
    public synchronized void deleteObject(String bucket, String key) {
        bucket(bucket).remove(key);
    }

    @Override
    public void emptyBucket(String bucket) {
        bucket(bucket).clear();
    }

    private TreeMap<String, byte[]> bucket(String bucket) {
        TreeMap<String, byte[]> objects = buckets.get(bucket);
        if (objects == null) {
            throw new ServiceException(404, "NoSuchBucket", "The specified bucket does not exist.")
                    .with("BucketName", bucket);
        }
        return objects;
    }

    private static ObjectSummary summary(String key, byte[] bytes) {
        try {
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
            return new ObjectSummary(key, "\"" + md5 + "\"", bytes.length, MODIFIED, "STANDARD");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
