package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineForExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * DescribeStateMachine's and DescribeStateMachineForExecution's {@code variableReferences} through the real
 * {@link SfnClient}: the machines are those whose answers were recorded on AWS (November 2024, as published by
 * LocalStack's AWS-validated snapshots), each compared with what AWS returned.
 */
class VariableReferencesContractTest {
    @TempDir
    Path dataDir;

    private static DescribeStateMachineResponse describe(SfnClient sfn, String name, String definition) {
        String arn = StatesContractTest.create(sfn, name, definition);
        return sfn.describeStateMachine(r -> r.stateMachineArn(arn));
    }

    @Test
    void eachStateListsTheVariablesItsPathsRead() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); SfnClient sfn = StatesContractTest.client(cloud)) {
            // a plain "$result" string is no reference; "result.$" is
            assertEquals(Map.of("State1", List.of("result")), describe(sfn, "Parameters", """
                    {"StartAt":"State0","States":{
                      "State0":{"Type":"Pass","Parameters":{"result":"$result"},"Assign":{"result":"foobar"},"Next":"State1"},
                      "State1":{"Type":"Pass","ResultPath":"$.result","Parameters":{"result.$":"$result"},"End":true}}}""")
                    .variableReferences());
            assertEquals(Map.of("CheckAnswer", List.of("answer", "guess"), "WrongAnswer", List.of("answer")),
                    describe(sfn, "Choice", """
                    {"StartAt":"Setup","States":{
                      "Setup":{"Type":"Pass","Assign":{"guess":"the_guess","answer":"the_answer"},"Next":"CheckAnswer"},
                      "CheckAnswer":{"Type":"Choice","Choices":[{"Variable":"$guess","StringEqualsPath":"$answer","Next":"CorrectAnswer"}],
                        "Default":"WrongAnswer"},
                      "CorrectAnswer":{"Type":"Pass","Result":{"state":"CORRECT"},"End":true},
                      "WrongAnswer":{"Type":"Pass","Assign":{"guess.$":"$answer"},"Result":{"state":"WRONG"},"Next":"CheckAnswer"}}}""")
                            .variableReferences());
            // a state inside two inline Maps is listed by its own name; intrinsic arguments count
            assertEquals(Map.of("Summate", List.of("bias", "xCurrent", "yCurrent", "zCurrent")), describe(sfn, "Nested", """
                    {"StartAt":"Input","States":{
                      "Input":{"Type":"Pass","Result":[[9,44,6],[82,25,76]],"Assign":{"bias":4.3},"Next":"IterateLevels"},
                      "IterateLevels":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},
                        "StartAt":"AssignCurrentVector","States":{
                          "AssignCurrentVector":{"Type":"Pass","Assign":{"xCurrent.$":"$[0]","yCurrent.$":"$[1]","zCurrent.$":"$[2]"},"Next":"Calculate"},
                          "Calculate":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},
                            "StartAt":"Summate","States":{"Summate":{"Type":"Pass",
                              "Assign":{"Sum.$":"States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)"},
                              "End":true}}},"End":true}}},"End":true}}}""").variableReferences());
        }
    }

    @Test
    void aMachineThatReadsNoVariableHasNoMapAndAnExecutionDescribesTheSame() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); SfnClient sfn = StatesContractTest.client(cloud)) {
            assertFalse(describe(sfn, "None", """
                    {"StartAt":"P","States":{"P":{"Type":"Pass","Assign":{"x":1},"Parameters":{"bucket":"$x"},"End":true}}}""")
                    .hasVariableReferences());
            String arn = StatesContractTest.create(sfn, "Jsonata", """
                    {"QueryLanguage":"JSONata","StartAt":"Set","States":{
                      "Set":{"Type":"Pass","Assign":{"x":"{% $states.input.n %}"},"Next":"Show"},
                      "Show":{"Type":"Pass","Output":{"y":"{% $x + 1 %}","n":"{% $count($states.input.items) %}",
                        "local":"{% ($z := 2; $z * $x) %}"},"End":true}}}""");
            assertEquals(Map.of("Show", List.of("x")), sfn.describeStateMachine(r -> r.stateMachineArn(arn)).variableReferences());
            String execution = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"n\":1,\"items\":[1]}")).executionArn();
            assertEquals(ExecutionStatus.SUCCEEDED, StatesContractTest.await(sfn, execution).status());
            DescribeStateMachineForExecutionResponse forExecution = sfn.describeStateMachineForExecution(r -> r.executionArn(execution));
            assertEquals(Map.of("Show", List.of("x")), forExecution.variableReferences());
        }
    }
}
