package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * JSONata and workflow variables through the real {@link SfnClient} (issue 17): AWS's create-time errors with their
 * codes and JSON pointers, and what an execution shows a caller: its output, {@code assignedVariables} on the exit
 * events and {@code EvaluationFailed} before a failure.
 */
class JsonataContractTest {
    @TempDir
    Path dataDir;

    private LocalCloud start() {
        return LocalCloud.start(LocalCloudConfig.forTests(dataDir).withWaitScale(0.01));
    }

    private static String refused(SfnClient sfn, String definition) {
        return assertThrows(InvalidDefinitionException.class, () -> StatesContractTest.create(sfn, "Bad", definition))
                .awsErrorDetails().errorMessage();
    }

    @Test
    void createTimeErrorsAreAwsMessagesAtTheirPointers() {
        try (LocalCloud cloud = start(); SfnClient sfn = StatesContractTest.client(cloud)) {
            assertEquals("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', "
                    + "but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage at /States/P'", refused(sfn, """
                    {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","ResultPath":"$.x","End":true}}}"""));
            assertEquals("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' "
                    + "if set to 'JSONata' for whole state machine at /States/P'", refused(sfn, """
                    {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}"""));
            assertEquals("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', "
                    + "but field 'Arguments' is only supported for the 'JSONata' QueryLanguage at /States/P'", refused(sfn, """
                    {"StartAt":"P","States":{"P":{"Type":"Parallel","Arguments":{},"Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}],"End":true}}}"""));
            assertEquals("Invalid State Machine Definition: 'UNSUPPORTED_JSONATA_EXPRESSION: Reference to '$$' is not supported. "
                    + "at /States/P/Output/a'", refused(sfn, """
                    {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"a":"{% $$ %}"},"End":true}}}"""));
            String syntax = refused(sfn, """
                    {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $states.input.( %}","End":true}}}""");
            assertEquals(true, syntax.startsWith("Invalid State Machine Definition: 'INVALID_JSONATA_EXPRESSION: ")
                    && syntax.endsWith(" at /States/P/Output'"), syntax);
            ValidateStateMachineDefinitionResponse v = sfn.validateStateMachineDefinition(r -> r.definition("""
                    {"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"Next":"P"},
                     "P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Assign":{"x":2,"ok-not":3},"End":true}}}],"End":true}}}"""));
            assertEquals("FAIL", v.resultAsString());
            assertEquals(List.of("/States/P/Branches/0/States/B/Assign/x", "/States/P/Branches/0/States/B/Assign/ok-not"),
                    v.diagnostics().stream().map(d -> d.location()).toList());
        }
    }

    @Test
    void anExecutionShowsItsVariablesAndItsEvaluationFailure() {
        try (LocalCloud cloud = start(); SfnClient sfn = StatesContractTest.client(cloud)) {
            String arn = StatesContractTest.create(sfn, "Vars", """
                    {"QueryLanguage":"JSONata","StartAt":"Count","States":{
                      "Count":{"Type":"Pass","Assign":{"count":"{% $count($states.input.items) %}","first":"{% $states.input.items[0] %}"},"Next":"Show"},
                      "Show":{"Type":"Pass","Output":{"count":"{% $count %}","first":"{% $first %}","hash":"{% $hash($first, 'MD5') %}"},"Next":"Broken"},
                      "Broken":{"Type":"Pass","Output":"{% $states.input.missing %}","End":true}}}""");
            String execution = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"items\":[\"a\",\"b\"]}")).executionArn();
            DescribeExecutionResponse d = StatesContractTest.await(sfn, execution);
            assertEquals(ExecutionStatus.FAILED, d.status());
            assertEquals("States.QueryEvaluationError", d.error());
            assertEquals("An error occurred while executing the state 'Broken' (entered at the event id #6). The JSONata "
                    + "expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined).", d.cause());
            List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(execution)).events();
            HistoryEvent exited = events.get(2);
            assertEquals(HistoryEventType.PASS_STATE_EXITED, exited.type());
            assertEquals(Map.of("count", "2", "first", "\"a\""), exited.stateExitedEventDetails().assignedVariables());
            assertEquals(false, exited.stateExitedEventDetails().assignedVariablesDetails().truncated());
            assertEquals("{\"count\":2,\"first\":\"a\",\"hash\":\"0cc175b9c0f1b6a831c399e269772661\"}",
                    events.get(4).stateExitedEventDetails().output());
            HistoryEvent evaluation = events.get(events.size() - 2);
            assertEquals(HistoryEventType.EVALUATION_FAILED, evaluation.type());
            assertEquals("Output", evaluation.evaluationFailedEventDetails().location());
            assertEquals("Broken", evaluation.evaluationFailedEventDetails().state());
            assertEquals(d.cause(), evaluation.evaluationFailedEventDetails().cause());
        }
    }
}
