import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a lab runs: the local cloud ({@code endpoint} and {@code dataDir} set, dummy credentials) or AWS (the
 * default credential chain, no endpoint).
 */
record Target(boolean local, Region region, AwsCredentialsProvider credentials, String account, URI endpoint, Path dataDir) {

    /**
     * Builds any SDK v2 client for the target. On AWS: the default credential chain and the region. On the
     * local cloud: the same, plus the endpoint override and dummy credentials, as the AWS SDK documentation
     * describes for local endpoints.
     */
    <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.region(region).credentialsProvider(credentials).build();
    }

    /** The endpoint's port (80 when the URL names none). */
    int port() {
        return endpoint.getPort() == -1 ? 80 : endpoint.getPort();
    }
}
