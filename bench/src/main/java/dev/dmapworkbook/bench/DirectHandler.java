package dev.dmapworkbook.bench;

import dev.dmapworkbook.lambda.HighPrecipitationHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline of the orchestration-overhead figure, run in a fresh JVM (as a fresh Lambda worker is): the workbook's
 * handler called directly over the keys under a prefix, in batches of 100, against the same local S3 and DynamoDB.
 * {@code DirectHandler ENDPOINT BUCKET PREFIX TABLE} prints {@code {"ms": …, "keys": …}} (listing included, JVM start not).
 */
final class DirectHandler {
    private DirectHandler() {
    }

    public static void main(String[] args) {
        URI endpoint = URI.create(args[0]);
        String bucket = args[1];
        String prefix = args[2];
        String table = args[3];
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true).build();
             DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            var handler = new HighPrecipitationHandler(s3, dynamoDb, table);
            long t0 = System.nanoTime();
            List<String> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
            for (int i = 0; i < keys.size(); i += 100) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (String key : keys.subList(i, Math.min(keys.size(), i + 100))) {
                    items.add(Map.of("Key", key));
                }
                handler.handleRequest(Map.of("Items", items, "BatchInput", Map.of("Bucket", bucket)), null);
            }
            System.out.printf("{\"ms\": %d, \"keys\": %d}%n", (System.nanoTime() - t0) / 1_000_000, keys.size());
        }
    }
}
