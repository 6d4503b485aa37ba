package dev.dmapworkbook.localcloud.sts;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STS through the edge with the real SDK client. */
class StsContractTest {
    @TempDir
    Path dataDir;

    static StsClient client(LocalCloud cloud, Region region) {
        return StsClient.builder()
                .endpointOverride(cloud.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void getCallerIdentityIsTheLocalAccountsRoot() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
             StsClient sts = client(cloud, Region.US_EAST_1); StsClient euSts = client(cloud, Region.EU_WEST_1)) {
            var identity = sts.getCallerIdentity();
            assertEquals("000000000000", identity.account());
            assertEquals("arn:aws:iam::000000000000:root", identity.arn());
            assertEquals("000000000000", identity.userId());
            assertEquals("000000000000", euSts.getCallerIdentity().account());
        }
    }

    @Test
    void otherActionsAreRefusedByName() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); StsClient sts = client(cloud, Region.US_EAST_1)) {
            var error = assertThrows(StsException.class, () -> sts.assumeRole(r -> r
                    .roleArn("arn:aws:iam::000000000000:role/Any").roleSessionName("s")));
            assertEquals("InvalidAction", error.awsErrorDetails().errorCode());
            assertEquals(400, error.statusCode());
            assertTrue(error.awsErrorDetails().errorMessage().contains("'AssumeRole' is not implemented"),
                    error.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void anUnsignedQueryRequestIsRoutedByItsAction() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"),
                    response.body());
            assertTrue(response.body().contains("<Account>000000000000</Account>"), response.body());
        }
    }
}
