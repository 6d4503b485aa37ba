package dev.dmapworkbook.localcloud.s3;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * S3 as the other services use it in-process (Step Functions' ItemReader and ResultWriter, Lambda's code
 * download, CloudFormation's buckets): the same store and the same errors as the wire API, no HTTP.
 * Every method throws {@link dev.dmapworkbook.localcloud.core.ServiceException} with S3's error code
 * ({@code NoSuchBucket}, {@code NoSuchKey}, {@code BucketNotEmpty}, …) exactly as the wire API would.
 */
public interface S3Objects {
    /** One object's metadata, as ListObjectsV2 and HeadObject report it ({@code eTag} quoted, as on the wire). */
    record ObjectSummary(String key, String eTag, long size, Instant lastModified, String storageClass) {
    }

    /** One page of ListObjectsV2 ({@code nextContinuationToken} empty on the last page). */
    record ListPage(List<ObjectSummary> contents, Optional<String> nextContinuationToken) {
    }

    void createBucket(String bucket, String region);

    boolean bucketExists(String bucket);

    /** Fails with {@code BucketNotEmpty} while any object or version remains. */
    void deleteBucket(String bucket);

    void setVersioning(String bucket, boolean enabled);

    /** Writes atomically (whole or absent); returns the new object's summary. */
    ObjectSummary putObject(String bucket, String key, InputStream content, String contentType,
                            Map<String, String> userMetadata);

    /** Opens the current version for streaming; the caller closes the stream. */
    InputStream getObject(String bucket, String key);

    ObjectSummary headObject(String bucket, String key);

    /** Keys in lexicographic (UTF-8 binary) order after {@code continuationToken}, at most {@code maxKeys}. */
    ListPage listObjectsV2(String bucket, String prefix, String continuationToken, int maxKeys);

    /**
     * Deletes the current object as DeleteObject without a version id does: removes it from an unversioned
     * bucket, adds a delete marker in a versioned one. Deleting a missing key succeeds.
     */
    void deleteObject(String bucket, String key);

    /** Deletes every object and every version (what lab 05 and stack deletion need). */
    void emptyBucket(String bucket);
}
