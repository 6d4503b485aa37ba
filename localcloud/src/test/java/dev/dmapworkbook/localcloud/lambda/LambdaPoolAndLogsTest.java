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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pool of four workers under twenty concurrent invocations, throttling past the queue, and the logs CloudWatch Logs shows. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaPoolAndLogsTest {
    LocalCloud cloud;
    LambdaClient lambda;
    CloudWatchLogsClient logs;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir).withLambdaWorkers(4));
        lambda = LambdaClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1).credentialsProvider(SdkClients.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
        logs = SdkClients.client(CloudWatchLogsClient.builder(), cloud.endpoint());
    }

    @AfterAll
    void stop() {
        lambda.close();
        logs.close();
        cloud.close();
    }

    void create(String name) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).role(TestFunctions.ROLE)
                .handler(TestFunctions.BEHAVE).timeout(30).memorySize(128)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(TestFunctions.zip()))));
    }

    InvokeResponse invoke(String name, String event) {
        return lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String(event)));
    }

    @Test
    void twentyConcurrentInvocationsShareFourWorkers() throws Exception {
        create("crowd");
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<Future<InvokeResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(callers.submit(() -> invoke("crowd", "{\"action\":\"sleep\",\"ms\":300}")));
            }
            Set<String> streams = new HashSet<>();
            for (Future<InvokeResponse> call : calls) {
                InvokeResponse response = call.get();
                if (response.functionError() != null) {
                    System.err.println("failed invocation: " + response.payload().asUtf8String());
                    for (var st : logs.describeLogStreams(r -> r.logGroupName("/aws/lambda/crowd")).logStreams()) {
                        logs.getLogEvents(r -> r.logGroupName("/aws/lambda/crowd").logStreamName(st.logStreamName()).startFromHead(true))
                                .events().forEach(e -> System.err.println("worker log " + st.logStreamName() + ": " + e.message()));
                    }
                }
                assertNull(response.functionError(), response.payload().asUtf8String());
                streams.add(Json.parse(response.payload().asByteArray()).path("logStreamName").asText());
                assertTrue(cloud.service(LambdaService.class).invocations().liveWorkers("us-east-1", "crowd") <= 4);
            }
            assertTrue(streams.size() <= 4, "one log stream per worker, at most four: " + streams);
            var described = logs.describeLogStreams(r -> r.logGroupName("/aws/lambda/crowd")).logStreams();
            assertEquals(streams.size(), described.size());
            assertTrue(described.stream().allMatch(s -> s.logStreamName().matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}")),
                    described.toString());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void beyondTheQueueInvocationsAreThrottled() throws Exception {
        create("throttled");
        invoke("throttled", "{}");
        cloud.service(LambdaService.class).invocations().queueLimit(2);
        ExecutorService callers = Executors.newFixedThreadPool(10);
        try {
            List<Future<InvokeResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(callers.submit(() -> invoke("throttled", "{\"action\":\"sleep\",\"ms\":3000}")));
            }
            int ok = 0;
            int throttled = 0;
            for (Future<InvokeResponse> call : calls) {
                try {
                    assertNull(call.get().functionError());
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    TooManyRequestsException tooMany = (TooManyRequestsException) e.getCause();
                    assertEquals(429, tooMany.statusCode());
                    assertEquals("ConcurrentInvocationLimitExceeded", tooMany.reasonAsString());
                    throttled++;
                }
            }
            assertTrue(ok >= 4 && ok <= 6, "four running and two queued at most: " + ok);
            assertEquals(10 - ok, throttled);
        } finally {
            callers.shutdownNow();
            cloud.service(LambdaService.class).invocations().queueLimit(LambdaService.DEFAULT_QUEUE_LIMIT);
        }
    }

    @Test
    void reservedConcurrencyOfZeroThrottlesEveryInvocation() {
        create("reserved");
        lambda.putFunctionConcurrency(r -> r.functionName("reserved").reservedConcurrentExecutions(0));
        var e = assertThrows(TooManyRequestsException.class, () -> invoke("reserved", "{}"));
        assertEquals("ReservedFunctionConcurrentInvocationLimitExceeded", e.reasonAsString());
        lambda.deleteFunctionConcurrency(r -> r.functionName("reserved"));
        assertNull(invoke("reserved", "{}").functionError());
    }

    @Test
    void eachInvocationsLogIsFramedAndReadableThroughCloudWatchLogs() {
        create("logged");
        InvokeResponse ok = invoke("logged", "{\"action\":\"print\",\"lines\":3}");
        InvokeResponse failed = invoke("logged", "{\"action\":\"throw\",\"message\":\"no BatchInput\"}");
        String okId = ok.responseMetadata().requestId();
        String failedId = failed.responseMetadata().requestId();
        var group = logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/logged")).logGroups();
        assertEquals(1, group.size());
        String stream = logs.describeLogStreams(r -> r.logGroupName("/aws/lambda/logged")).logStreams().get(0).logStreamName();
        List<String> lines = logs.getLogEvents(r -> r.logGroupName("/aws/lambda/logged").logStreamName(stream).startFromHead(true))
                .events().stream().map(OutputLogEvent::message).toList();
        int start = lines.indexOf("START RequestId: " + okId + " Version: $LATEST");
        int end = lines.indexOf("END RequestId: " + okId);
        assertTrue(start >= 0 && end > start, lines.toString());
        assertEquals(List.of("behave print in " + okId, "line 0", "line 1", "line 2", "to stderr"), lines.subList(start + 1, end));
        String report = lines.get(end + 1);
        assertTrue(report.matches("REPORT RequestId: " + okId + "\tDuration: \\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms"
                + "\tMemory Size: 128 MB\tMax Memory Used: \\d+ MB\tInit Duration: \\d+\\.\\d\\d ms"), report);
        // the failing invocation's error is in its log, where lab 02 looks for it
        var found = logs.filterLogEvents(r -> r.logGroupName("/aws/lambda/logged").filterPattern("\"no BatchInput\"")).events();
        assertFalse(found.isEmpty());
        assertTrue(found.stream().anyMatch(e -> e.message().contains("java.lang.IllegalArgumentException")), found.toString());
        var reports = logs.filterLogEvents(r -> r.logGroupName("/aws/lambda/logged").filterPattern("REPORT")).events();
        assertEquals(2, reports.size());
        assertTrue(reports.get(1).message().startsWith("REPORT RequestId: " + failedId));
    }

    @Test
    void logGroupsCanBeManagedThroughTheApi() {
        logs.createLogGroup(r -> r.logGroupName("/workbook/manual"));
        assertThrows(ResourceAlreadyExistsException.class, () -> logs.createLogGroup(r -> r.logGroupName("/workbook/manual")));
        logs.putRetentionPolicy(r -> r.logGroupName("/workbook/manual").retentionInDays(7));
        logs.createLogStream(r -> r.logGroupName("/workbook/manual").logStreamName("s"));
        logs.putLogEvents(r -> r.logGroupName("/workbook/manual").logStreamName("s")
                .logEvents(e -> e.timestamp(System.currentTimeMillis()).message("hello")));
        assertEquals(7, logs.describeLogGroups(r -> r.logGroupNamePrefix("/workbook/")).logGroups().get(0).retentionInDays());
        assertEquals("hello", logs.getLogEvents(r -> r.logGroupName("/workbook/manual").logStreamName("s")).events().get(0).message());
        logs.deleteLogGroup(r -> r.logGroupName("/workbook/manual"));
        assertTrue(logs.describeLogGroups(r -> r.logGroupNamePrefix("/workbook/")).logGroups().isEmpty());
        assertThrows(software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException.class,
                () -> logs.describeLogStreams(r -> r.logGroupName("/workbook/manual")));
    }
}
