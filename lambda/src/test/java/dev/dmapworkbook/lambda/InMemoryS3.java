package dev.dmapworkbook.lambda;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;

/**
 * GetObject from one in-memory bucket, for the handler tests in this module. The handler against a real
 * S3 endpoint (the local cloud's S3) is tested in the localcloud module.
 */
final class InMemoryS3 implements S3Client {

    final String bucket;
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    InMemoryS3(String bucket) {
        this.bucket = bucket;
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
        if (!request.bucket().equals(bucket)) {
            throw (NoSuchBucketException) NoSuchBucketException.builder().statusCode(404)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchBucket")
                            .errorMessage("The specified bucket does not exist").build()).build();
        }
        byte[] content = objects.get(request.key());
        if (content == null) {
            throw (NoSuchKeyException) NoSuchKeyException.builder().statusCode(404)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey")
                            .errorMessage("The specified key does not exist.").build()).build();
        }
        return new ResponseInputStream<>(GetObjectResponse.builder().contentLength((long) content.length).build(),
                AbortableInputStream.create(new ByteArrayInputStream(content)));
    }

    @Override
    public String serviceName() {
        return "s3";
    }

    @Override
    public void close() {
    }
}
