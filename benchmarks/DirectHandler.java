import dev.dmapworkbook.lambda.HighPrecipitationHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline for the orchestration-overhead figure: the workbook's handler called directly, in one JVM, over
 * the same keys in batches of 100, against the same local S3 and DynamoDB. Run with the Lambda jar on the class
 * path: {@code java -cp lambda/target/high-precipitation-lambda.jar benchmarks/DirectHandler.java ENDPOINT BUCKET PREFIX TABLE}.
 * Prints the milliseconds the calls took (listing included, JVM start excluded).
 */
class DirectHandler {
    public static void main(String[] args) {
        URI endpoint = URI.create(args[0]);
        String bucket = args[1];
        String prefix = args[2];
        String table = args[3];
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .forcePathStyle(true).build();
             DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).build()) {
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
            System.out.println((System.nanoTime() - t0) / 1_000_000);
        }
    }
}
