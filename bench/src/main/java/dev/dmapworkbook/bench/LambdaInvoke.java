package dev.dmapworkbook.bench;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 9 item 7: the workbook's function ({@code HighPrecipitationHandler}, the jar lab 01 deploys) invoked
 * through the Lambda API with a real one-station batch: the first call after CreateFunction (a new worker JVM:
 * cold) and the calls after it (warm). Each run creates its own function, so each run has one cold start.
 */
final class LambdaInvoke implements Benchmark {
    private static final int WARM_CALLS = 10;

    @Override
    public void run(Suite suite) throws Exception {
        Figure cold = suite.report().figure("lambdaCold", "Lambda cold invoke (the first Invoke after CreateFunction)", "ms", null);
        Figure warm = suite.report().figure("lambdaWarm", "Lambda warm invoke (median of the next " + WARM_CALLS + " per run)", "ms", null);
        var station = StationFiles.load(suite.project().noahZip(), 1).files().entrySet().iterator().next();
        String key = "csv/by_station/" + station.getKey();
        try (CloudProcess cloud = CloudProcess.start(suite.project());
             S3Client s3 = Clients.local(S3Client.builder(), cloud.endpoint());
             DynamoDbClient dynamo = Clients.local(DynamoDbClient.builder(), cloud.endpoint());
             LambdaClient lambda = Clients.local(LambdaClient.builder(), cloud.endpoint())) {
            prepare(suite, s3, dynamo, key, station.getValue());
            SdkBytes payload = SdkBytes.fromUtf8String("{\"Items\":[{\"Key\":\"" + key + "\"}],\"BatchInput\":{\"Bucket\":\"bench-data\"}}");
            for (int run = 0; run < suite.options().runs(); run++) {
                String name = "bench-high-precipitation-" + run;
                createFunction(lambda, name);
                awaitActive(lambda, name);
                long t0 = System.nanoTime();
                check(lambda.invoke(r -> r.functionName(name).payload(payload)));
                double coldMs = (System.nanoTime() - t0) / 1e6;
                List<Double> warmMs = new ArrayList<>();
                for (int i = 0; i < WARM_CALLS; i++) {
                    long t1 = System.nanoTime();
                    check(lambda.invoke(r -> r.functionName(name).payload(payload)));
                    warmMs.add((System.nanoTime() - t1) / 1e6);
                }
                cold.add(coldMs);
                warm.add(Suite.median(warmMs));
                System.out.printf("  run %d: cold %.0f ms, warm %.1f ms (median of %d)%n", run + 1, coldMs, Suite.median(warmMs), WARM_CALLS);
            }
        }
        suite.report().show("lambdaCold");
        suite.report().show("lambdaWarm");
    }

    /** The function's jar, the station file and the results table, as lab 01 leaves them. */
    private static void prepare(Suite suite, S3Client s3, DynamoDbClient dynamo, String key, byte[] station) {
        s3.createBucket(r -> r.bucket("bench-artifacts"));
        s3.putObject(r -> r.bucket("bench-artifacts").key("high-precipitation-lambda.jar"),
                RequestBody.fromFile(suite.project().lambdaJar()));
        s3.createBucket(r -> r.bucket("bench-data"));
        s3.putObject(r -> r.bucket("bench-data").key(key), RequestBody.fromBytes(station));
        dynamo.createTable(r -> r.tableName("BenchResults").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
    }

    private static void createFunction(LambdaClient lambda, String name) throws NotMeasured {
        try {
            lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).memorySize(2048).timeout(300)
                    .role("arn:aws:iam::000000000000:role/bench-lambda")
                    .handler("dev.dmapworkbook.lambda.HighPrecipitationHandler::handleRequest")
                    .environment(e -> e.variables(Map.of("RESULTS_DYNAMODB_TABLE_NAME", "BenchResults")))
                    .code(c -> c.s3Bucket("bench-artifacts").s3Key("high-precipitation-lambda.jar")));
        } catch (RuntimeException e) {
            throw new NotMeasured("CreateFunction failed (is the Lambda service on this checkout?): " + e.getMessage());
        }
    }

    private static void awaitActive(LambdaClient lambda, String name) throws Exception {
        for (int i = 0; i < 1200; i++) {
            String state = lambda.getFunction(r -> r.functionName(name)).configuration().stateAsString();
            if (state == null || state.equals("Active")) {
                return;
            }
            if (state.equals("Failed")) {
                throw new NotMeasured("function " + name + " is Failed: "
                        + lambda.getFunction(r -> r.functionName(name)).configuration().stateReason());
            }
            Thread.sleep(50);
        }
        throw new NotMeasured("function " + name + " not Active after 60 s");
    }

    private static void check(InvokeResponse response) throws NotMeasured {
        if (response.functionError() != null) {
            throw new NotMeasured("the function failed (" + response.functionError() + "): "
                    + response.payload().asString(StandardCharsets.UTF_8));
        }
    }
}
