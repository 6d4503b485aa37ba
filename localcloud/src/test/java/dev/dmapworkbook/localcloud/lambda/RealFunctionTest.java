package dev.dmapworkbook.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workshop's own function jar (the lambda module's build), uploaded to the local S3, created with
 * CreateFunction from S3Bucket/S3Key, invoked with the SDK and with {@code aws lambda invoke}: it reads station
 * files from S3 and writes maxima to DynamoDB through AWS_ENDPOINT_URL, unmodified.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealFunctionTest {
    static final String HANDLER = "dev.dmapworkbook.lambda.HighPrecipitationHandler::handleRequest";
    Path dataDir;
    LocalCloud cloud;
    LambdaClient lambda;
    S3Client s3;
    DynamoDbClient dynamo;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        Path jar = Path.of(System.getProperty("lambda.jar", "../lambda/target/high-precipitation-lambda.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), jar + " absent (build the lambda module with `package`): skipping the real-function test");
        this.dataDir = dataDir;
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir).withLambdaWorkers(2));
        lambda = LambdaClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1).credentialsProvider(SdkClients.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(120)).build())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))).build();
        s3 = SdkClients.client(S3Client.builder(), cloud.endpoint());
        dynamo = SdkClients.client(DynamoDbClient.builder(), cloud.endpoint());
        s3.createBucket(r -> r.bucket("deploy"));
        s3.putObject(r -> r.bucket("deploy").key("lambda/high-precipitation-lambda.jar"), RequestBody.fromFile(jar));
        s3.createBucket(r -> r.bucket("noaa"));
        s3.putObject(r -> r.bucket("noaa").key("csv/by_station/USW00000001.csv"), RequestBody.fromString(
                "ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME\n"
                        + "USW00000001,20220101,PRCP,12,,,W,\nUSW00000001,20220102,PRCP,87,,,W,\nUSW00000001,20220103,TMAX,300,,,W,\n"));
        s3.putObject(r -> r.bucket("noaa").key("csv/by_station/USW00000002.csv"), RequestBody.fromString(
                "ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME\nUSW00000002,20220101,PRCP,5,,,W,\n"));
        dynamo.createTable(r -> r.tableName("results")
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .billingMode("PAY_PER_REQUEST"));
        lambda.createFunction(r -> r.functionName("HighPrecipitation").runtime(Runtime.JAVA21).role(TestFunctions.ROLE)
                .handler(HANDLER).timeout(60).memorySize(512)
                .environment(e -> e.variables(Map.of("RESULTS_DYNAMODB_TABLE_NAME", "results")))
                .code(c -> c.s3Bucket("deploy").s3Key("lambda/high-precipitation-lambda.jar")));
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            lambda.close();
            s3.close();
            dynamo.close();
            cloud.close();
        }
    }

    @Test
    void aBatchWithBatchInputWritesEachStationsMaximumToDynamoDb() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("HighPrecipitation").payload(SdkBytes.fromUtf8String(
                "{\"Items\":[{\"Key\":\"csv/by_station/USW00000001.csv\"},{\"Key\":\"csv/by_station/USW00000002.csv\"}],"
                        + "\"BatchInput\":{\"Bucket\":\"noaa\"}}")));
        assertNull(response.functionError(), response.payload().asUtf8String());
        var item = dynamo.getItem(r -> r.tableName("results").key(Map.of("pk", AttributeValue.fromS("USW00000001")))).item();
        assertEquals("87", item.get("PRCP").n());
    }

    @Test
    void withoutBatchInputTheFunctionFailsAsLab02Shows() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("HighPrecipitation").payload(SdkBytes.fromUtf8String(
                "{\"Items\":[{\"Key\":\"csv/by_station/USW00000001.csv\",\"Size\":140}]}")));
        assertEquals("Unhandled", response.functionError());
        JsonNode error = Json.parse(response.payload().asByteArray());
        assertEquals("dev.dmapworkbook.lambda.MissingBatchInputException", error.path("errorType").asText(), error.toString());
        assertTrue(error.path("errorMessage").asText().contains("BatchInput.Bucket"), error.toString());
    }

    @Test
    void codeFromAMissingS3ObjectIsRefusedWithS3sError() {
        var e = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r.functionName("nowhere")
                .runtime(Runtime.JAVA21).role(TestFunctions.ROLE).handler(HANDLER)
                .code(c -> c.s3Bucket("deploy").s3Key("missing.jar"))));
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("Error occurred while GetObject. S3 Error Code: NoSuchKey."),
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void theAwsCliInvokesIt() throws Exception {
        Assumptions.assumeTrue(onPath("aws"), "the AWS CLI (aws) is not on PATH: skipping the CLI invocation");
        Path out = dataDir.resolve("cli-out.json");
        Path event = Files.writeString(dataDir.resolve("event.json"),
                "{\"Items\":[{\"Key\":\"csv/by_station/USW00000002.csv\"}],\"BatchInput\":{\"Bucket\":\"noaa\"}}");
        String printed = cli("lambda", "invoke", "--function-name", "HighPrecipitation",
                "--payload", "fileb://" + event, out.toString()); // fileb:// is raw bytes in CLI v1 and v2
        JsonNode status = Json.parse(printed);
        assertEquals(200, status.path("StatusCode").asInt(), printed);
        assertEquals("$LATEST", status.path("ExecutedVersion").asText(), printed);
        assertTrue(Files.readString(out).contains("\"stationsWritten\":1"), Files.readString(out));
        String logs = cli("logs", "filter-log-events", "--log-group-name", "/aws/lambda/HighPrecipitation", "--filter-pattern", "REPORT");
        assertTrue(Json.parse(logs).path("events").size() >= 1, logs);
    }

    private String cli(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("aws", "--endpoint-url", cloud.endpoint().toString(), "--region", "us-east-1"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), printed);
        return printed;
    }

    static boolean onPath(String command) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
