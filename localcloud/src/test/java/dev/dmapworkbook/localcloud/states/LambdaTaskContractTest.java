package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.lambda.LambdaInvoker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lambda Task states through the SDK with an in-test {@link LambdaInvoker} wired into the service: the Invoke
 * wrapper, function errors, Lambda service faults mapped to {@code Lambda.<Code>}, Retry, Catch and an inline Map.
 */
class LambdaTaskContractTest {
    @TempDir
    Path dataDir;

    /** A "function" that doubles {@code n}, fails for {@code n < 0}, and is throttled on every third call. */
    static final class Doubler implements LambdaInvoker {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Invocation invoke(String function, byte[] payload, String region) {
            if (!function.endsWith("doubler")) {
                throw new ServiceException(404, "ResourceNotFoundException", "Function not found: " + function);
            }
            if (calls.incrementAndGet() % 3 == 0) {
                throw new ServiceException(429, "TooManyRequestsException", "Rate exceeded");
            }
            int n = Json.parse(payload).path("n").asInt();
            String body = n < 0
                    ? "{\"errorMessage\":\"negative: " + n + "\",\"errorType\":\"java.lang.IllegalArgumentException\",\"stackTrace\":[]}"
                    : "{\"doubled\":" + (2 * n) + "}";
            return new Invocation(200, n < 0 ? "Unhandled" : null, body.getBytes(StandardCharsets.UTF_8), "$LATEST",
                    "req-" + calls.get(), "END RequestId: req-" + calls.get() + "\n");
        }
    }

    static final String WORKFLOW = """
            {"StartAt": "Each", "States": {
              "Each": {"Type": "Map", "ItemsPath": "$.numbers", "MaxConcurrency": 2,
                "ItemSelector": {"n.$": "$$.Map.Item.Value"},
                "ItemProcessor": {"StartAt": "Double", "States": {
                  "Double": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:doubler", "Payload.$": "$"},
                    "OutputPath": "$.Payload",
                    "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2}],
                    "Catch": [{"ErrorEquals": ["java.lang.IllegalArgumentException"], "ResultPath": "$.error", "Next": "Rejected"}],
                    "End": true},
                  "Rejected": {"Type": "Pass", "Parameters": {"rejected.$": "$.n", "why.$": "States.StringToJson($.error.Cause)"}, "End": true}}},
                "End": true}}}""";

    @Test
    void runsLambdaTasksWithRetryCatchAndMap() {
        Doubler doubler = new Doubler();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir).withWaitScale(0.001));
             SfnClient sfn = StatesContractTest.client(cloud)) {
            cloud.service(StatesService.class).useLambda(doubler);
            String sm = StatesContractTest.create(sfn, "Doubling", WORKFLOW);
            String exec = sfn.startExecution(r -> r.stateMachineArn(sm).input("{\"numbers\":[1,2,-3,4,5]}")).executionArn();
            DescribeExecutionResponse d = StatesContractTest.await(sfn, exec);
            assertEquals(ExecutionStatus.SUCCEEDED, d.status(), d.error() + " " + d.cause());
            var output = Json.parse(d.output());
            assertEquals(2, output.get(0).get("doubled").asInt());
            assertEquals(4, output.get(1).get("doubled").asInt());
            assertEquals(-3, output.get(2).get("rejected").asInt());
            assertEquals("negative: -3", output.get(2).get("why").get("errorMessage").asText());
            assertEquals(10, output.get(4).get("doubled").asInt());
            List<HistoryEvent> events = sfn.getExecutionHistoryPaginator(r -> r.executionArn(exec)).events().stream().collect(Collectors.toList());
            List<HistoryEventType> types = events.stream().map(HistoryEvent::type).collect(Collectors.toList());
            assertTrue(types.contains(HistoryEventType.MAP_ITERATION_STARTED));
            assertEquals(5, types.stream().filter(t -> t == HistoryEventType.MAP_ITERATION_SUCCEEDED).count());
            HistoryEvent scheduled = events.stream().filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).findFirst().orElseThrow();
            assertEquals("lambda", scheduled.taskScheduledEventDetails().resourceType());
            assertEquals("invoke", scheduled.taskScheduledEventDetails().resource());
            HistoryEvent throttled = events.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED
                    && e.taskFailedEventDetails().error().equals("Lambda.TooManyRequestsException")).findFirst().orElseThrow();
            assertTrue(throttled.taskFailedEventDetails().cause().startsWith("Rate exceeded (Service: AWSLambda; Status Code: 429;"),
                    throttled.taskFailedEventDetails().cause());
        }
    }

    @Test
    void reportsMissingFunctionsAsLambdaErrors() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); SfnClient sfn = StatesContractTest.client(cloud)) {
            cloud.service(StatesService.class).useLambda(new Doubler());
            String sm = StatesContractTest.create(sfn, "Missing", """
                    {"StartAt": "Call", "States": {"Call": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:000000000000:function:nobody", "End": true}}}""");
            String exec = sfn.startExecution(r -> r.stateMachineArn(sm)).executionArn();
            DescribeExecutionResponse d = StatesContractTest.await(sfn, exec);
            assertEquals(ExecutionStatus.FAILED, d.status());
            assertEquals("Lambda.ResourceNotFoundException", d.error());
            assertTrue(d.cause().contains("Error Code: ResourceNotFoundException"), d.cause());
            // Step Functions names the qualified function [AWS-rec]
            assertTrue(d.cause().startsWith("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nobody:$LATEST"
                    + " (Service: AWSLambda; Status Code: 404;"), d.cause());
            List<HistoryEventType> types = StatesContractTest.types(sfn, exec);
            assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.TASK_STATE_ENTERED,
                    HistoryEventType.LAMBDA_FUNCTION_SCHEDULED, HistoryEventType.LAMBDA_FUNCTION_STARTED,
                    HistoryEventType.LAMBDA_FUNCTION_FAILED, HistoryEventType.EXECUTION_FAILED), types);
        }
    }
}
