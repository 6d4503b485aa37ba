package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --verify-signatures}: the SDKs signing with the known credentials pass, anything else is AWS's 403. */
class SignatureCheckTest {
    @TempDir
    Path dataDir;

    private LocalCloud cloud;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir).withEdge(new EdgeSettings(List.of(), true)));
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void requestsSignedWithTheKnownCredentialsPass() throws Exception {
        try (S3Client s3 = SdkClients.client(S3Client.builder().forcePathStyle(true), cloud.endpoint());
             DynamoDbClient dynamo = SdkClients.client(DynamoDbClient.builder(), cloud.endpoint());
             LambdaClient lambda = SdkClients.client(LambdaClient.builder(), cloud.endpoint());
             SfnClient sfn = SdkClients.client(SfnClient.builder(), cloud.endpoint());
             CloudFormationClient cfn = SdkClients.client(CloudFormationClient.builder(), cloud.endpoint())) {
            s3.createBucket(r -> r.bucket("signed"));
            s3.putObject(r -> r.bucket("signed").key("a key/with ünïcode+plus"), RequestBody.fromString("payload"));
            assertEquals("payload", s3.getObjectAsBytes(r -> r.bucket("signed").key("a key/with ünïcode+plus")).asUtf8String());
            assertEquals(1, s3.listObjectsV2(r -> r.bucket("signed").prefix("a key/").maxKeys(10)).keyCount());
            assertEquals(List.of(), dynamo.listTables().tableNames());
            assertEquals(List.of(), lambda.listFunctions(r -> r.maxItems(5)).functions());
            assertEquals(List.of(), sfn.listStateMachines().stateMachines());
            assertEquals(List.of(), cfn.listStacks().stackSummaries());

            try (S3Presigner presigner = S3Presigner.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(SdkClients.CREDENTIALS)
                    .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
                var url = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(g -> g.bucket("signed").key("a key/with ünïcode+plus"))).url();
                HttpResponse<String> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.toURI()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, fetched.statusCode(), fetched.body());
                assertEquals("payload", fetched.body());
                HttpResponse<String> tampered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        java.net.URI.create(url.toString().replace("a%20key", "b%20key"))).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, tampered.statusCode());
                assertTrue(tampered.body().contains("SignatureDoesNotMatch"), tampered.body());
            }
        }
    }

    @Test
    void aWrongSecretAnUnknownKeyAndNoSignatureAreRefused() throws Exception {
        S3Exception wrongSecret = assertThrows(S3Exception.class, () -> {
            try (S3Client s3 = client(S3Client.builder().forcePathStyle(true), "test", "guess")) {
                s3.createBucket(r -> r.bucket("nope"));
            }
        });
        assertEquals(403, wrongSecret.statusCode());
        assertEquals("SignatureDoesNotMatch", wrongSecret.awsErrorDetails().errorCode());
        DynamoDbException unknown = assertThrows(DynamoDbException.class, () -> {
            try (DynamoDbClient dynamo = client(DynamoDbClient.builder(), "AKIAOTHER", "test")) {
                dynamo.listTables();
            }
        });
        assertEquals("UnrecognizedClientException", unknown.awsErrorDetails().errorCode());
        DynamoDbException badSignature = assertThrows(DynamoDbException.class, () -> {
            try (DynamoDbClient dynamo = client(DynamoDbClient.builder(), "test", "wrong")) {
                dynamo.listTables();
            }
        });
        assertEquals("InvalidSignatureException", badSignature.awsErrorDetails().errorCode());

        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(cloud.endpoint().resolve("/"))
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables").header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, unsigned.statusCode());
        assertTrue(unsigned.body().contains("MissingAuthenticationTokenException"), unsigned.body());
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                cloud.endpoint().resolve(EdgeServer.HEALTH_PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "the health check is the local cloud's own, never signed");
    }

    @Test
    void theAwsCliSignsAsTheLocalCloudChecks(@TempDir Path home) throws Exception {
        Path aws = java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "aws")).filter(java.nio.file.Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(aws != null, "the AWS CLI is not installed (apt-get install awscli)");
        java.nio.file.Files.writeString(home.resolve("file.txt"), "from the cli");
        for (List<String> args : List.of(List.of("s3", "mb", "s3://cli-signed"),
                List.of("s3", "cp", home.resolve("file.txt").toString(), "s3://cli-signed/dir/file name.txt"),
                List.of("s3", "ls", "s3://cli-signed/dir/"), List.of("dynamodb", "list-tables"),
                List.of("lambda", "list-functions"), List.of("cloudformation", "list-stacks"))) {
            List<String> command = new java.util.ArrayList<>(List.of(aws.toString(), "--endpoint-url", cloud.endpoint().toString(),
                    "--region", "us-east-1"));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
            builder.environment().put("PYENV_ROOT", System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv"));
            builder.environment().put("HOME", home.toString());
            builder.environment().put("AWS_ACCESS_KEY_ID", "test");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
            builder.environment().put("AWS_CONFIG_FILE", home.resolve("none").toString());
            builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), "aws " + args + ": " + output);
        }
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C client(B builder, String key, String secret) {
        return builder.endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))).build();
    }
}
