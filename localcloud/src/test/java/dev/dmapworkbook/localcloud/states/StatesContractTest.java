package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Step Functions API through the real {@link SfnClient} against a local cloud on port 0. */
class StatesContractTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/StatesTest";
    static final String HELLO = """
            {"Comment": "hello", "StartAt": "Greet", "States": {
              "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"}, "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.greeting", "StringMatches": "Hello*", "Next": "Done"}], "Default": "Nope"},
              "Nope": {"Type": "Fail", "Error": "Unexpected", "Cause": "no greeting"},
              "Done": {"Type": "Succeed"}}}""";
    static final String FAILING = """
            {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Custom.Error", "Cause": "it broke"}}}""";
    static final String WAITING = """
            {"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 3600, "End": true}}}""";

    @TempDir
    Path dataDir;

    static SfnClient client(LocalCloud cloud) {
        return SdkClients.client(SfnClient.builder(), cloud.endpoint());
    }

    /**
     * StartSyncExecution carries the host prefix {@code sync-}; against an IP endpoint the SDK must be told not to
     * inject it (AWS serves sync calls from {@code sync-states.<region>.amazonaws.com}).
     */
    static SfnClient syncClient(LocalCloud cloud) {
        return SdkClients.client(SfnClient.builder()
                .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)),
                cloud.endpoint());
    }

    LocalCloud start() {
        return LocalCloud.start(LocalCloudConfig.forTests(dataDir).withWaitScale(0.01));
    }

    static String create(SfnClient sfn, String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    static DescribeExecutionResponse await(SfnClient sfn, String executionArn) {
        Instant deadline = Instant.now().plusSeconds(180); // generous: a loaded machine
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING || Instant.now().isAfter(deadline)) {
                return d;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static List<HistoryEventType> types(SfnClient sfn, String executionArn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn).maxResults(2)).events().stream()
                .map(HistoryEvent::type).collect(Collectors.toList());
    }

    @Test
    void createsDescribesListsAndDeletesStateMachines() {
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            String arn = create(sfn, "Hello", HELLO);
            assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:Hello", arn);
            assertEquals(arn, create(sfn, "Hello", HELLO), "creating the same machine again is idempotent");
            var already = assertThrows(StateMachineAlreadyExistsException.class, () -> create(sfn, "Hello", FAILING));
            assertTrue(already.getMessage().contains("State Machine Already Exists: '" + arn + "'"), already.getMessage());
            var d = sfn.describeStateMachine(r -> r.stateMachineArn(arn));
            assertEquals(HELLO, d.definition());
            assertEquals("ACTIVE", d.statusAsString());
            assertEquals(StateMachineType.STANDARD, d.type());
            assertEquals("OFF", d.loggingConfiguration().levelAsString());
            assertFalse(d.tracingConfiguration().enabled());
            create(sfn, "Another", FAILING);
            assertEquals(List.of("Another", "Hello"), sfn.listStateMachinesPaginator(r -> r.maxResults(1)).stateMachines()
                    .stream().map(s -> s.name()).collect(Collectors.toList()));
            var updated = sfn.updateStateMachine(r -> r.stateMachineArn(arn).definition(FAILING));
            assertNotNull(updated.revisionId());
            assertEquals(FAILING, sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition());
            assertThrows(MissingRequiredParameterException.class, () -> sfn.updateStateMachine(r -> r.stateMachineArn(arn)));
            sfn.deleteStateMachine(r -> r.stateMachineArn(arn));
            var gone = assertThrows(StateMachineDoesNotExistException.class, () -> sfn.describeStateMachine(r -> r.stateMachineArn(arn)));
            assertTrue(gone.getMessage().startsWith("State Machine Does Not Exist: '" + arn + "'"), gone.getMessage());
            sfn.deleteStateMachine(r -> r.stateMachineArn(arn));
            var bad = assertThrows(InvalidArnException.class, () -> sfn.describeStateMachine(r -> r.stateMachineArn("not_a_valid_arn")));
            assertTrue(bad.getMessage().startsWith("Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'"), bad.getMessage());
            assertThrows(InvalidNameException.class, () -> create(sfn, "has space", HELLO));
        }
    }

    @Test
    void refusesInvalidDefinitionsNamingTheField() {
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            var missing = assertThrows(InvalidDefinitionException.class, () -> create(sfn, "M", "{}"));
            assertTrue(missing.getMessage().startsWith(
                    "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /'"), missing.getMessage());
            var unknown = assertThrows(InvalidDefinitionException.class, () -> create(sfn, "M",
                    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Colour\":\"red\",\"End\":true}}}"));
            assertTrue(unknown.getMessage().contains("Colour") && unknown.getMessage().contains("at /States/A"), unknown.getMessage());
            var resource = assertThrows(InvalidDefinitionException.class, () -> create(sfn, "M",
                    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage\",\"End\":true}}}"));
            assertTrue(resource.getMessage().contains("arn:aws:states:::sqs:sendMessage") && resource.getMessage().contains("at /States/A/Resource"),
                    resource.getMessage());
            var jsonata = assertThrows(InvalidDefinitionException.class, () -> create(sfn, "M",
                    "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"InputPath\":\"$\",\"End\":true}}}"));
            assertTrue(jsonata.getMessage().contains("field 'InputPath' is only supported for the 'JSONPath' QueryLanguage"), jsonata.getMessage());
            var target = assertThrows(InvalidDefinitionException.class, () -> create(sfn, "M",
                    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"}}}"));
            assertTrue(target.getMessage().contains("MISSING_TRANSITION_TARGET") && target.getMessage().contains("/States/A/Next"), target.getMessage());
            // an escaped double quote inside an intrinsic's string argument is refused when created [AWS-rec]
            var escaped = assertThrows(InvalidDefinitionException.class, () -> create(sfn, "M",
                    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":"
                            + "{\"x.$\":\"States.Format('say \\\\\\\"{}\\\\\\\"', $.w)\"},\"End\":true}}}"));
            assertTrue(escaped.getMessage().contains("escaped quote") && escaped.getMessage().contains("at /States/A/Parameters/x.$"),
                    escaped.getMessage());
            ValidateStateMachineDefinitionResponse v = sfn.validateStateMachineDefinition(r -> r.definition("{}"));
            assertEquals("FAIL", v.resultAsString());
            assertEquals("SCHEMA_VALIDATION_FAILED", v.diagnostics().get(0).code());
            assertEquals("/", v.diagnostics().get(0).location());
            assertEquals("OK", sfn.validateStateMachineDefinition(r -> r.definition(HELLO)).resultAsString());
            ValidateStateMachineDefinitionResponse two = sfn.validateStateMachineDefinition(r -> r.maxResults(1)
                    .definition("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Foo\":1,\"Bar\":2,\"End\":true}}}"));
            assertEquals(1, two.diagnostics().size());
            assertTrue(two.truncated());
            ValidateStateMachineDefinitionResponse express = sfn.validateStateMachineDefinition(r -> r.type(StateMachineType.EXPRESS)
                    .definition("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
                            + "\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":{\"FunctionName\":\"f\"},\"End\":true}}}"));
            assertEquals("/States/T/Resource", express.diagnostics().get(0).location());
            assertEquals("Express state machine does not support '.waitForTaskToken' service integration ", express.diagnostics().get(0).message());
        }
    }

    @Test
    void runsAnExecutionAndRecordsItsHistory() {
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            String sm = create(sfn, "Hello", HELLO);
            var started = sfn.startExecution(r -> r.stateMachineArn(sm).name("first").input("{\"name\": \"World\"}"));
            assertEquals("arn:aws:states:us-east-1:000000000000:execution:Hello:first", started.executionArn());
            DescribeExecutionResponse d = await(sfn, started.executionArn());
            assertEquals(ExecutionStatus.SUCCEEDED, d.status());
            assertEquals("{\"greeting\":\"Hello, World!\"}", d.output());
            assertEquals("{\"name\": \"World\"}", d.input());
            assertNotNull(d.stopDate());
            assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
                    HistoryEventType.CHOICE_STATE_ENTERED, HistoryEventType.CHOICE_STATE_EXITED, HistoryEventType.SUCCEED_STATE_ENTERED,
                    HistoryEventType.SUCCEED_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED), types(sfn, started.executionArn()));
            var reversed = sfn.getExecutionHistory(r -> r.executionArn(started.executionArn()).reverseOrder(true).includeExecutionData(false));
            assertEquals(HistoryEventType.EXECUTION_SUCCEEDED, reversed.events().get(0).type());
            assertEquals(null, reversed.events().get(0).executionSucceededEventDetails().output());
            var first = sfn.getExecutionHistory(r -> r.executionArn(started.executionArn())).events();
            assertEquals("{\"name\": \"World\"}", first.get(0).executionStartedEventDetails().input());
            assertEquals(0L, first.get(1).previousEventId(), "the first state's entered event points at 0 (spec §3.3)");
            assertThrows(ExecutionAlreadyExistsException.class,
                    () -> sfn.startExecution(r -> r.stateMachineArn(sm).name("first").input("{\"name\": \"Again\"}")));
            assertEquals(1, sfn.listExecutions(r -> r.stateMachineArn(sm)).executions().size());
            assertEquals(0, sfn.listExecutions(r -> r.stateMachineArn(sm).statusFilter(ExecutionStatus.FAILED)).executions().size());
            assertThrows(ValidationException.class, () -> sfn.listExecutions(r -> r.stateMachineArn(sm).statusFilter("succeeded")));
            assertThrows(ValidationException.class, () -> sfn.listExecutions(r -> r.stateMachineArn(sm).maxResults(1001)));
            var forExecution = sfn.describeStateMachineForExecution(r -> r.executionArn(started.executionArn()));
            assertEquals(HELLO, forExecution.definition());
        }
    }

    @Test
    void reportsFailuresBadInputAndUnknownExecutions() {
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            String sm = create(sfn, "Failing", FAILING);
            String exec = sfn.startExecution(r -> r.stateMachineArn(sm)).executionArn();
            DescribeExecutionResponse d = await(sfn, exec);
            assertEquals(ExecutionStatus.FAILED, d.status());
            assertEquals("Custom.Error", d.error());
            assertEquals("it broke", d.cause());
            assertEquals("REDRIVABLE", d.redriveStatusAsString());
            List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(exec)).events();
            HistoryEvent last = events.get(events.size() - 1);
            assertEquals(HistoryEventType.EXECUTION_FAILED, last.type());
            assertEquals("Custom.Error", last.executionFailedEventDetails().error());
            var badInput = assertThrows(InvalidExecutionInputException.class, () -> sfn.startExecution(r -> r.stateMachineArn(sm).input("not json")));
            assertTrue(badInput.getMessage().startsWith("Invalid State Machine Execution Input: 'Unrecognized token 'not'"), badInput.getMessage());
            String unknown = "arn:aws:states:us-east-1:000000000000:execution:Failing:nope";
            var missing = assertThrows(ExecutionDoesNotExistException.class, () -> sfn.describeExecution(r -> r.executionArn(unknown)));
            assertTrue(missing.getMessage().startsWith("Execution Does Not Exist: '" + unknown + "'"), missing.getMessage());
            assertThrows(StateMachineDoesNotExistException.class, () -> sfn.startExecution(r -> r.stateMachineArn(sm + "x")));
        }
    }

    @Test
    void stopsARunningExecution() {
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            String sm = create(sfn, "Waiting", WAITING);
            String exec = sfn.startExecution(r -> r.stateMachineArn(sm)).executionArn();
            assertEquals(ExecutionStatus.RUNNING, sfn.describeExecution(r -> r.executionArn(exec)).status());
            sfn.stopExecution(r -> r.executionArn(exec).error("Operator.Stop").cause("enough"));
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(exec));
            assertEquals(ExecutionStatus.ABORTED, d.status());
            assertEquals("Operator.Stop", d.error());
            List<HistoryEventType> types = types(sfn, exec);
            assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.WAIT_STATE_ENTERED, HistoryEventType.EXECUTION_ABORTED), types);
            sfn.stopExecution(r -> r.executionArn(exec));
            assertEquals(ExecutionStatus.ABORTED, sfn.describeExecution(r -> r.executionArn(exec)).status());
        }
    }

    @Test
    void runsExpressMachinesSynchronously() {
        try (LocalCloud cloud = start(); SfnClient sfn = syncClient(cloud)) {
            String sm = sfn.createStateMachine(r -> r.name("Quick").definition(HELLO).roleArn(ROLE).type(StateMachineType.EXPRESS)).stateMachineArn();
            StartSyncExecutionResponse ok = sfn.startSyncExecution(r -> r.stateMachineArn(sm).input("{\"name\":\"Sync\"}"));
            assertEquals(SyncExecutionStatus.SUCCEEDED, ok.status());
            assertEquals("{\"greeting\":\"Hello, Sync!\"}", ok.output());
            assertTrue(ok.executionArn().startsWith("arn:aws:states:us-east-1:000000000000:express:Quick:"), ok.executionArn());
            StartSyncExecutionResponse failed = sfn.startSyncExecution(r -> r.stateMachineArn(sm).input("{}"));
            assertEquals(SyncExecutionStatus.FAILED, failed.status());
            assertEquals("States.Runtime", failed.error());
            assertTrue(failed.cause().contains("'$.name'"), failed.cause());
            var express = assertThrows(InvalidArnException.class, () -> sfn.describeExecution(r -> r.executionArn(ok.executionArn())));
            assertTrue(express.getMessage().startsWith("Invalid Arn: 'Resource type not valid in this context: express'"), express.getMessage());
            String standard = create(sfn, "Slow", HELLO);
            assertThrows(StateMachineTypeNotSupportedException.class, () -> sfn.startSyncExecution(r -> r.stateMachineArn(standard)));
            assertThrows(StateMachineTypeNotSupportedException.class, () -> sfn.listExecutions(r -> r.stateMachineArn(sm)));
        }
    }

    @Test
    void tagsStateMachines() {
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            String sm = create(sfn, "Tagged", HELLO);
            sfn.tagResource(r -> r.resourceArn(sm).tags(Tag.builder().key("team").value("maps").build(), Tag.builder().key("x").value("y").build()));
            sfn.untagResource(r -> r.resourceArn(sm).tagKeys("x"));
            assertEquals(List.of(Tag.builder().key("team").value("maps").build()), sfn.listTagsForResource(r -> r.resourceArn(sm)).tags());
        }
    }

    @Test
    void keepsMachinesAndExecutionsAcrossARestartAndFailsInterruptedOnes() {
        String sm;
        String done;
        String interrupted;
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            sm = create(sfn, "Durable", HELLO);
            done = sfn.startExecution(r -> r.stateMachineArn(sm).input("{\"name\":\"Disk\"}")).executionArn();
            assertEquals(ExecutionStatus.SUCCEEDED, await(sfn, done).status());
            String waiting = create(sfn, "Sleeper", WAITING);
            interrupted = sfn.startExecution(r -> r.stateMachineArn(waiting)).executionArn();
        }
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            assertEquals(HELLO, sfn.describeStateMachine(r -> r.stateMachineArn(sm)).definition());
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(done));
            assertEquals(ExecutionStatus.SUCCEEDED, d.status());
            assertEquals("{\"greeting\":\"Hello, Disk!\"}", d.output());
            assertEquals(8, sfn.getExecutionHistory(r -> r.executionArn(done)).events().size());
            DescribeExecutionResponse cut = sfn.describeExecution(r -> r.executionArn(interrupted));
            assertEquals(ExecutionStatus.FAILED, cut.status());
            assertTrue(cut.cause().contains("stopped while this execution was running"), cut.cause());
            List<HistoryEventType> types = types(sfn, interrupted);
            assertEquals(HistoryEventType.EXECUTION_FAILED, types.get(types.size() - 1));
            String again = sfn.startExecution(r -> r.stateMachineArn(sm).input("{\"name\":\"Again\"}")).executionArn();
            assertEquals(ExecutionStatus.SUCCEEDED, await(sfn, again).status());
        }
    }


    /** Inputs and outputs over a few KiB go to files of their own (the history keeps its copies); nothing is lost. */
    @Test
    void keepsLargeInputsAndOutputsInFilesAcrossARestart() throws Exception {
        String big = "x".repeat(100_000);
        String input = "{\"name\":\"" + big + "\"}";
        String expectedOutput = "{\"greeting\":\"Hello, " + big + "!\"}";
        String done;
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            String sm = create(sfn, "Large", HELLO);
            done = sfn.startExecution(r -> r.stateMachineArn(sm).input(input)).executionArn();
            DescribeExecutionResponse d = await(sfn, done);
            assertEquals(ExecutionStatus.SUCCEEDED, d.status());
            assertEquals(input, d.input());
            assertEquals(expectedOutput, d.output());
        }
        Path states = dataDir.resolve("states");
        try (var files = Files.list(states.resolve("payloads"))) {
            long bytes = 0;
            for (Path f : files.toList()) {
                bytes += Files.size(f);
            }
            assertEquals(input.length() + expectedOutput.length(), bytes, "the input and the output, each written once");
        }
        int lines = 0;
        try (var journal = Files.list(states.resolve("journal"))) {
            for (Path file : journal.toList()) {
                for (String text : Files.readAllLines(file)) {
                    var line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
                    var record = line.path("t").asText().equals("execution") ? line.get("execution") : line;
                    if (line.path("t").asText().equals("execution")) {
                        assertTrue(record.has("inputFile") && !record.hasNonNull("input"), "the record refers to its input file: " + text);
                        lines++;
                    }
                    if (line.path("t").asText().equals("end") || record.path("status").asText().equals("SUCCEEDED")) {
                        assertTrue(record.has("outputFile") && !record.hasNonNull("output"), "the end refers to its output file: " + text);
                        lines++;
                    }
                }
            }
        }
        assertTrue(lines >= 2, "the journal holds the execution and its end");
        try (LocalCloud cloud = start(); SfnClient sfn = client(cloud)) {
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(done));
            assertEquals(input, d.input());
            assertEquals(expectedOutput, d.output());
        }
    }
}
