package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Task state invoking the real workshop function (the lambda module's jar, deployed through the Lambda API) with
 * a batch like the Distributed Map's children get: without {@code BatchInput} the task fails with the function's
 * exception class as Error (lab 02's lesson); with it the results land in DynamoDB.
 */
class RealLambdaTaskTest {
    static final String BUCKET = "multi-file-data-bucket";
    static final String TABLE = "HighPrecipitationTable";
    static final String DEFINITION = """
            {"StartAt": "Batch", "States": {"Batch": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "HighPrecipitation", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}}""";

    @TempDir
    Path dataDir;

    @Test
    void invokesTheWorkshopFunction() throws Exception {
        String jarPath = System.getProperty("lambda.jar");
        Assumptions.assumeTrue(jarPath != null && Files.isRegularFile(Path.of(jarPath)),
                "the lambda module's jar (" + jarPath + ") was not built: skipping the real Lambda task test");
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
             SfnClient sfn = StatesContractTest.client(cloud);
             S3Client s3 = SdkClients.client(S3Client.builder().forcePathStyle(true), cloud.endpoint());
             DynamoDbClient dynamo = SdkClients.client(DynamoDbClient.builder(), cloud.endpoint());
             LambdaClient lambda = SdkClients.client(LambdaClient.builder(), cloud.endpoint())) {
            s3.createBucket(r -> r.bucket(BUCKET));
            String header = "ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME\n";
            s3.putObject(r -> r.bucket(BUCKET).key("csv/by_station/USW00000001.csv"), RequestBody.fromString(header
                    + "USW00000001,20200101,PRCP,53,,,W,\nUSW00000001,20200102,PRCP,120,,,W,\nUSW00000001,20200102,TMAX,300,,,W,\n"));
            s3.putObject(r -> r.bucket(BUCKET).key("csv/by_station/USW00000002.csv"), RequestBody.fromString(header
                    + "USW00000002,20200101,PRCP,0,,,W,\nUSW00000002,20200103,PRCP,7,,,W,\n"));
            dynamo.createTable(r -> r.tableName(TABLE)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            byte[] jar = readJar(jarPath);
            lambda.createFunction(r -> r.functionName("HighPrecipitation").runtime(Runtime.JAVA17)
                    .role("arn:aws:iam::000000000000:role/HighPrecipitationLambda")
                    .handler("dev.dmapworkbook.lambda.HighPrecipitationHandler::handleRequest").timeout(120).memorySize(512)
                    .environment(e -> e.variables(Map.of("RESULTS_DYNAMODB_TABLE_NAME", TABLE)))
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(jar))));
            String sm = StatesContractTest.create(sfn, "OneBatch", DEFINITION);
            String items = "[{\"Key\":\"csv/by_station/USW00000001.csv\"},{\"Key\":\"csv/by_station/USW00000002.csv\"}]";

            String without = sfn.startExecution(r -> r.stateMachineArn(sm).name("without-batch-input")
                    .input("{\"Items\":" + items + "}")).executionArn();
            DescribeExecutionResponse failed = StatesContractTest.await(sfn, without);
            assertEquals(ExecutionStatus.FAILED, failed.status());
            assertEquals("dev.dmapworkbook.lambda.MissingBatchInputException", failed.error());
            JsonNode cause = Json.parse(failed.cause());
            assertEquals("dev.dmapworkbook.lambda.MissingBatchInputException", cause.get("errorType").asText());
            assertTrue(cause.get("errorMessage").asText().contains("BatchInput.Bucket"), failed.cause());

            String with = sfn.startExecution(r -> r.stateMachineArn(sm).name("with-batch-input")
                    .input("{\"BatchInput\":{\"Bucket\":\"" + BUCKET + "\"},\"Items\":" + items + "}")).executionArn();
            DescribeExecutionResponse succeeded = StatesContractTest.await(sfn, with);
            assertEquals(ExecutionStatus.SUCCEEDED, succeeded.status(), succeeded.error() + " " + succeeded.cause());
            assertEquals(2, Json.parse(succeeded.output()).get("filesRead").asInt(), succeeded.output());
            assertEquals("120", dynamo.getItem(r -> r.tableName(TABLE).key(Map.of("pk",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("USW00000001")))).item().get("PRCP").n());
            assertEquals("7", dynamo.getItem(r -> r.tableName(TABLE).key(Map.of("pk",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("USW00000002")))).item().get("PRCP").n());
        }
    }

    static byte[] readJar(String path) throws java.io.IOException {
        return Files.readAllBytes(Path.of(path));
    }
}
