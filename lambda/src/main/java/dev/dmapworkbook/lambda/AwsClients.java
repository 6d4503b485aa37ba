package dev.dmapworkbook.lambda;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the function's SDK clients once per execution environment. Region and credentials come from the
 * Lambda environment (AWS_REGION, AWS_ACCESS_KEY_ID, …) through the SDK's default chains. When
 * {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL} is set (the SDKs' "service-specific
 * endpoints" setting, e.g. by the local cloud) the clients go there, and S3 uses path-style addressing
 * because a local endpoint has no per-bucket host names.
 */
final class AwsClients {

    private AwsClients() {
    }

    static S3Client s3(Map<String, String> env) {
        var builder = S3Client.builder().httpClientBuilder(httpClient());
        endpoint(env, "S3").ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }

    static DynamoDbClient dynamoDb(Map<String, String> env) {
        var builder = DynamoDbClient.builder().httpClientBuilder(httpClient());
        endpoint(env, "DYNAMODB").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The service-specific variable wins over the global one, as in the AWS SDKs and Tools reference guide. */
    static Optional<URI> endpoint(Map<String, String> env, String serviceId) {
        String value = env.get("AWS_ENDPOINT_URL_" + serviceId);
        if (value == null || value.isBlank()) {
            value = env.get("AWS_ENDPOINT_URL");
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(URI.create(value.strip()));
    }

    private static UrlConnectionHttpClient.Builder httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60));
    }
}
