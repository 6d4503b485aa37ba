package dev.dmapworkbook.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Lambda API through the SDK's LambdaClient: deploy the test functions from a zip, invoke them, see them fail as AWS says. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaFunctionsTest {
    /**
     * The timeout of a function whose test is not about timeouts, in seconds: a cold worker JVM on a loaded machine
     * (parallel builds) can take longer than Lambda's 3 s default, or the 10 s init allowance plus 10 s.
     */
    static final int ROOMY = 45;

    LocalCloud cloud;
    LambdaClient lambda;
    byte[] zip;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir).withLambdaWorkers(2));
        lambda = LambdaClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
        zip = TestFunctions.zip();
    }

    @AfterAll
    void stop() {
        lambda.close();
        cloud.close();
    }

    CreateFunctionResponse create(String name, String handler, int timeout, int memory, Map<String, String> env) {
        return lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA17).role(TestFunctions.ROLE)
                .handler(handler).timeout(timeout).memorySize(memory)
                .environment(e -> e.variables(env))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    InvokeResponse invoke(String name, String event) {
        return lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String(event)));
    }

    static JsonNode json(InvokeResponse response) {
        return Json.parse(response.payload().asByteArray());
    }

    @Test
    void createdFromAZipTheFunctionIsActiveAndDescribedAsAwsDescribesIt() throws Exception {
        CreateFunctionResponse created = create("describe-me", TestFunctions.BEHAVE, ROOMY, 256, Map.of("COLOR", "blue"));
        String sha = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:describe-me", created.functionArn());
        assertEquals(sha, created.codeSha256());
        assertEquals(zip.length, created.codeSize());
        assertEquals(State.ACTIVE, created.state());
        assertEquals("$LATEST", created.version());
        assertEquals(256, created.memorySize());
        var fetched = lambda.getFunction(r -> r.functionName("describe-me"));
        assertEquals(sha, fetched.configuration().codeSha256());
        assertEquals("blue", fetched.configuration().environment().variables().get("COLOR"));
        assertTrue(lambda.listFunctions().functions().stream().anyMatch(f -> f.functionName().equals("describe-me")));
    }

    @Test
    void theFunctionSeesItsEventEnvironmentAndContext() {
        create("echo", TestFunctions.BEHAVE, ROOMY, 256, Map.of("RESULTS_DYNAMODB_TABLE_NAME", "results"));
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"bucket\":\"b\",\"prefix\":\"csv/by_station\"}")));
        assertEquals(200, response.statusCode());
        assertNull(response.functionError());
        assertEquals("$LATEST", response.executedVersion());
        JsonNode out = json(response);
        assertEquals("csv/by_station", out.path("event").path("prefix").asText());
        JsonNode env = out.path("env");
        assertEquals("results", env.path("RESULTS_DYNAMODB_TABLE_NAME").asText());
        assertEquals("us-east-1", env.path("AWS_REGION").asText());
        assertEquals("echo", env.path("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertEquals("256", env.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText());
        assertEquals("/aws/lambda/echo", env.path("AWS_LAMBDA_LOG_GROUP_NAME").asText());
        assertEquals(cloud.endpoint().toString(), env.path("AWS_ENDPOINT_URL").asText());
        assertEquals(":UTC", env.path("TZ").asText());
        assertEquals(256, out.path("memoryLimitInMB").asInt());
        assertEquals(256, out.path("maxHeapMb").asInt(), 16);
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:echo", out.path("invokedFunctionArn").asText());
        assertEquals(response.responseMetadata().requestId(), out.path("requestId").asText());
        String tail = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        assertTrue(tail.contains("START RequestId: " + out.path("requestId").asText() + " Version: $LATEST"), tail);
        assertTrue(tail.contains("behave echo in " + out.path("requestId").asText()), tail);
        assertTrue(tail.contains("END RequestId: " + out.path("requestId").asText()), tail);
        assertTrue(tail.contains("REPORT RequestId: " + out.path("requestId").asText() + "\tDuration: "), tail);
        // warm: the second invocation reuses the JVM
        JsonNode again = json(invoke("echo", "{}"));
        assertEquals(out.path("jvmLoadedNanos").asLong(), again.path("jvmLoadedNanos").asLong());
        assertEquals(2, again.path("invocationsInThisJvm").asInt());
    }

    @Test
    void anUnhandledExceptionIsReportedWithTheRuntimesPayload() {
        create("thrower", TestFunctions.BEHAVE, ROOMY, 256, Map.of());
        InvokeResponse response = invoke("thrower", "{\"action\":\"throw\",\"message\":\"no bucket\"}");
        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.functionError());
        JsonNode error = json(response);
        assertEquals("java.lang.IllegalArgumentException", error.path("errorType").asText());
        assertEquals("boom: no bucket", error.path("errorMessage").asText());
        assertTrue(error.path("stackTrace").isArray() && error.path("stackTrace").size() > 0, error.toString());
        assertNull(invoke("thrower", "{}").functionError(), "the worker survives a handled invocation error");
    }

    @Test
    void aTimedOutInvocationKillsTheWorkerAndReportsSandboxTimedout() {
        create("sleeper", TestFunctions.BEHAVE, 1, 256, Map.of());
        invoke("sleeper", "{}"); // warm, so the timeout is the handler's alone
        InvokeResponse response = invoke("sleeper", "{\"action\":\"sleep\",\"ms\":5000}");
        assertEquals("Unhandled", response.functionError());
        JsonNode error = json(response);
        assertEquals("Sandbox.Timedout", error.path("errorType").asText());
        var message = java.util.regex.Pattern.compile("RequestId: " + response.responseMetadata().requestId()
                + " Error: Task timed out after (\\d+\\.\\d\\d) seconds").matcher(error.path("errorMessage").asText());
        assertTrue(message.matches(), error.toString());
        assertTrue(Double.parseDouble(message.group(1)) >= 1.0, "not before the 1 s timeout: " + error); // later on a loaded machine
        JsonNode next = json(invoke("sleeper", "{}"));
        assertEquals(1, next.path("invocationsInThisJvm").asInt(), "a fresh worker replaced the killed one");
    }

    @Test
    void systemExitIsARuntimeExitError() {
        create("quitter", TestFunctions.BEHAVE, ROOMY, 256, Map.of());
        InvokeResponse response = invoke("quitter", "{\"action\":\"exit\",\"status\":3}");
        assertEquals("Unhandled", response.functionError());
        JsonNode error = json(response);
        assertEquals("Runtime.ExitError", error.path("errorType").asText());
        assertEquals("RequestId: " + response.responseMetadata().requestId() + " Error: Runtime exited with error: exit status 3",
                error.path("errorMessage").asText());
        assertNull(invoke("quitter", "{}").functionError(), "the pool recovers");
    }

    @Test
    void runningOutOfHeapIsReportedAndThePoolRecovers() {
        create("hog", TestFunctions.BEHAVE, ROOMY, 128, Map.of());
        InvokeResponse response = invoke("hog", "{\"action\":\"oom\"}");
        assertEquals("Unhandled", response.functionError());
        String type = json(response).path("errorType").asText();
        assertTrue(type.equals("java.lang.OutOfMemoryError") || type.equals("Runtime.ExitError"), json(response).toString());
        assertNull(invoke("hog", "{}").functionError(), "the pool recovers");
    }

    @Test
    void nativeMemoryBeyondMemorySizeKillsTheWholeProcessAsLambdaDoes() {
        create("native-hog", TestFunctions.BEHAVE, ROOMY, 128, Map.of());
        assertNull(invoke("native-hog", "{\"action\":\"native\",\"mb\":16}").functionError(), "16 MB fits in 128 MB");
        InvokeResponse response = invoke("native-hog", "{\"action\":\"native\",\"mb\":600}");
        assertEquals("Unhandled", response.functionError());
        JsonNode error = json(response);
        assertEquals("Runtime.ExitError", error.path("errorType").asText(), error.toString());
        assertTrue(error.path("errorMessage").asText().endsWith("Runtime exited with error: signal: killed"), error.toString());
        assertNull(invoke("native-hog", "{}").functionError(), "the pool recovers");
    }

    @Test
    void aHandlerClassThatDoesNotExistIsAClassNotFoundException() {
        create("missing-class", "dev.nowhere.Missing::handleRequest", ROOMY, 256, Map.of());
        InvokeResponse response = invoke("missing-class", "{}");
        assertEquals("Unhandled", response.functionError());
        JsonNode error = json(response);
        assertEquals("java.lang.ClassNotFoundException", error.path("errorType").asText(), error.toString());
        assertTrue(error.path("errorMessage").asText().contains("dev.nowhere.Missing"), error.toString());
    }

    @Test
    void aFailingInitializerIsAnInitError() {
        create("broken-init", TestFunctions.BROKEN_INIT, ROOMY, 256, Map.of());
        InvokeResponse response = invoke("broken-init", "{}");
        assertEquals("Unhandled", response.functionError());
        JsonNode error = json(response);
        // the runtime interface client's own init-error document
        assertEquals("java.lang.ExceptionInInitializerError", error.path("errorType").asText(), error.toString());
        assertEquals("Error loading class " + TestFunctions.BROKEN_INIT.replace("::handleRequest", ""),
                error.path("errorMessage").asText());
        assertEquals("Unhandled", invoke("broken-init", "{}").functionError(), "and again on the next cold start");
    }

    @Test
    void eventAndDryRunInvocations() {
        create("async", TestFunctions.BEHAVE, ROOMY, 256, Map.of());
        assertEquals(202, lambda.invoke(r -> r.functionName("async").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}"))).statusCode());
        assertEquals(204, lambda.invoke(r -> r.functionName("async").invocationType(InvocationType.DRY_RUN)
                .payload(SdkBytes.fromUtf8String("{}"))).statusCode());
    }

    @Test
    void errorsAreAwsErrors() {
        create("twice", TestFunctions.BEHAVE, ROOMY, 256, Map.of());
        var conflict = assertThrows(ResourceConflictException.class, () -> create("twice", TestFunctions.BEHAVE, ROOMY, 256, Map.of()));
        assertEquals(409, conflict.statusCode());
        var missing = assertThrows(ResourceNotFoundException.class, () -> invoke("nope", "{}"));
        assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope", missing.awsErrorDetails().errorMessage());
        var badRuntime = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r
                .functionName("py").runtime("python3.12").role(TestFunctions.ROLE).handler("x.handler")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))));
        assertTrue(badRuntime.awsErrorDetails().errorMessage().contains("python3.12"));
        assertTrue(badRuntime.awsErrorDetails().errorMessage().contains("java17"));
        var missingVersion = assertThrows(ResourceNotFoundException.class, () -> lambda.invoke(r -> r.functionName("twice").qualifier("7")));
        assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:twice:7",
                missingVersion.awsErrorDetails().errorMessage());
    }

    @Test
    void updatingCodeOrConfigurationRetiresTheOldWorkers() {
        create("changing", TestFunctions.BEHAVE, ROOMY, 256, Map.of("STAGE", "one"));
        assertEquals("one", json(invoke("changing", "{}")).path("env").path("STAGE").asText());
        lambda.updateFunctionConfiguration(r -> r.functionName("changing").environment(e -> e.variables(Map.of("STAGE", "two"))));
        JsonNode after = json(invoke("changing", "{}"));
        assertEquals("two", after.path("env").path("STAGE").asText());
        assertEquals(1, after.path("invocationsInThisJvm").asInt());
    }

    @Test
    void theInProcessInvokerGivesTheSameOutcome() {
        create("in-process", TestFunctions.BEHAVE, ROOMY, 256, Map.of());
        LambdaInvoker invoker = cloud.service(LambdaService.class).invoker();
        var ok = invoker.invoke("arn:aws:lambda:us-east-1:000000000000:function:in-process",
                "{\"k\":1}".getBytes(StandardCharsets.UTF_8), "us-east-1");
        assertEquals(200, ok.statusCode());
        assertNull(ok.functionError());
        assertEquals(1, Json.parse(ok.payload()).path("event").path("k").asInt());
        assertEquals(ok.requestId(), Json.parse(ok.payload()).path("requestId").asText());
        var failed = invoker.invoke("in-process", "{\"action\":\"throw\"}".getBytes(StandardCharsets.UTF_8), "us-east-1");
        assertEquals("Unhandled", failed.functionError());
        assertEquals("java.lang.IllegalArgumentException", Json.parse(failed.payload()).path("errorType").asText());
    }

    @Test
    void aZipWhoseEntriesEscapeTheFolderIsRefused() {
        byte[] evil = TestFunctions.zipOf(java.util.List.<String[]>of(new String[] {"../../escaped.txt", "x"}));
        var e = assertThrows(software.amazon.awssdk.services.lambda.model.InvalidZipFileException.class, () -> lambda.createFunction(r -> r
                .functionName("zip-slip").runtime(Runtime.JAVA17).role(TestFunctions.ROLE).handler(TestFunctions.BEHAVE)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(evil)))));
        assertTrue(e.awsErrorDetails().errorMessage().contains("../../escaped.txt"));
        var notAZip = assertThrows(software.amazon.awssdk.services.lambda.model.InvalidZipFileException.class, () -> lambda.createFunction(r -> r
                .functionName("not-a-zip").runtime(Runtime.JAVA17).role(TestFunctions.ROLE).handler(TestFunctions.BEHAVE)
                .code(c -> c.zipFile(SdkBytes.fromUtf8String("hello")))));
        assertEquals(400, notAZip.statusCode());
    }

    @Test
    void getFunctionsCodeLocationServesTheDeploymentPackage() throws Exception {
        create("downloadable", TestFunctions.BEHAVE, ROOMY, 256, Map.of());
        String location = lambda.getFunction(r -> r.functionName("downloadable")).code().location();
        try (var in = java.net.URI.create(location).toURL().openStream()) {
            assertTrue(java.util.Arrays.equals(zip, in.readAllBytes()));
        }
    }

    @Test
    void aPublishedVersionKeepsItsConfigurationWhileLatestMovesOn() {
        create("versioned", TestFunctions.BEHAVE, ROOMY, 256, Map.of("STAGE", "v1"));
        assertEquals("1", lambda.publishVersion(r -> r.functionName("versioned")).version());
        lambda.updateFunctionConfiguration(r -> r.functionName("versioned").environment(e -> e.variables(Map.of("STAGE", "v2"))));
        InvokeResponse one = lambda.invoke(r -> r.functionName("versioned").qualifier("1").payload(SdkBytes.fromUtf8String("{}")));
        assertEquals("1", one.executedVersion());
        assertEquals("v1", json(one).path("env").path("STAGE").asText());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:versioned:1", json(one).path("invokedFunctionArn").asText());
        InvokeResponse latest = lambda.invoke(r -> r.functionName("versioned:$LATEST").payload(SdkBytes.fromUtf8String("{}")));
        assertEquals("v2", json(latest).path("env").path("STAGE").asText());
        assertEquals(2, lambda.listVersionsByFunction(r -> r.functionName("versioned")).versions().size());
    }

    @Test
    void functionsAndTheirLogsSurviveARestart(@TempDir Path dir) {
        var config = LocalCloudConfig.forTests(dir).withLambdaWorkers(1);
        String requestId;
        try (LocalCloud first = LocalCloud.start(config); LambdaClient client = client(first)) {
            client.createFunction(r -> r.functionName("durable").runtime(Runtime.JAVA17).role(TestFunctions.ROLE).timeout(ROOMY)
                    .handler(TestFunctions.BEHAVE).code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
            requestId = client.invoke(r -> r.functionName("durable")).responseMetadata().requestId();
        }
        try (LocalCloud second = LocalCloud.start(config); LambdaClient client = client(second);
             var logs = SdkClients.client(software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.builder(),
                     second.endpoint())) {
            assertNull(client.invoke(r -> r.functionName("durable")).functionError());
            var found = logs.filterLogEvents(r -> r.logGroupName("/aws/lambda/durable").filterPattern("\"START RequestId: " + requestId + "\""));
            assertEquals(1, found.events().size(), "the first run's log is still there");
        }
    }

    LambdaClient client(LocalCloud cloud) {
        return LambdaClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build()).build();
    }

    @Test
    void aFailingEventInvocationIsRetriedTwice(@TempDir Path dir) throws Exception {
        // retry delays of 1 and 2 minutes, scaled down to 60 and 120 ms
        try (LocalCloud scaled = LocalCloud.start(LocalCloudConfig.forTests(dir).withLambdaWorkers(1).withWaitScale(0.001));
             LambdaClient client = client(scaled)) {
            client.createFunction(r -> r.functionName("async-failure").runtime(Runtime.JAVA17).role(TestFunctions.ROLE).timeout(ROOMY)
                    .handler(TestFunctions.BEHAVE).code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
            String id = client.invoke(r -> r.functionName("async-failure").invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"throw\"}"))).responseMetadata().requestId();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            long ended = 0;
            while (ended < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                ended = countLines(dir, "END RequestId: " + id);
            }
            assertEquals(3, ended, "the first attempt and two retries ended, each with the same request id");
            // what is checked is that nothing more comes: a third retry would start 120 ms (scaled) after the last end
            Thread.sleep(500);
            assertEquals(3, countLines(dir, "START RequestId: " + id), "no third retry");
        }
    }

    /** Counts log lines across the data dir's log files (the Logs API is tested elsewhere). */
    static long countLines(Path dataDir, String text) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(dataDir.resolve("logs"))) {
            long n = 0;
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                n += java.nio.file.Files.readAllLines(f).stream().filter(l -> l.contains(text)).count();
            }
            return n;
        }
    }
}
