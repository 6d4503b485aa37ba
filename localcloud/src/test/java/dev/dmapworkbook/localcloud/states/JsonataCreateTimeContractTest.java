package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionDiagnostic;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The create-time checks of JSONata states and workflow variables through the real {@link SfnClient} (issue 17):
 * each refused definition gives CreateStateMachine's InvalidDefinition with AWS's code and the JSON pointer, and
 * ValidateStateMachineDefinition the same diagnostic; the allowed neighbour of each is created.
 */
class JsonataCreateTimeContractTest {
    private static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

    @TempDir
    static Path dataDir;
    private static LocalCloud cloud;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
        sfn = StatesContractTest.client(cloud);
    }

    @AfterAll
    static void stop() {
        sfn.close();
        cloud.close();
    }

    private static String refused(String definition) {
        return assertThrows(InvalidDefinitionException.class, () -> StatesContractTest.create(sfn, "Bad", definition))
                .awsErrorDetails().errorMessage();
    }

    private static List<String> diagnostics(String definition) {
        return sfn.validateStateMachineDefinition(r -> r.definition(definition)).diagnostics().stream()
                .map(d -> d.code() + " " + d.location()).toList();
    }

    private static void created(String name, String definition) {
        assertTrue(StatesContractTest.create(sfn, name, definition).endsWith(":stateMachine:" + name));
    }

    private static String task(String fields) {
        return "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + LAMBDA
                + "\"," + fields + ",\"Next\":\"H\"},\"H\":{\"Type\":\"Succeed\"}}}";
    }

    @Test
    void statesErrorOutputOutsideACatchIsRefusedAtItsField() {
        String message = refused(task("\"Output\":\"{% $states.errorOutput %}\""));
        assertEquals("Invalid State Machine Definition: 'UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.errorOutput' does not "
                + "exist. at /States/T/Output'", message);
        assertEquals(List.of("UNSUPPORTED_JSONATA_EXPRESSION /States/T/Assign"),
                diagnostics(task("\"Assign\":{\"e\":\"{% $states.errorOutput.Error %}\"}")));
        created("CatchReadsErrorOutput", task("\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"H\","
                + "\"Output\":\"{% $states.errorOutput %}\",\"Assign\":{\"cause\":\"{% $states.errorOutput.Cause %}\"}}]"));
    }

    @Test
    void statesResultWhereThereIsNoResultIsRefused() {
        assertEquals(List.of("UNSUPPORTED_JSONATA_EXPRESSION /States/T/Arguments"),
                diagnostics(task("\"Arguments\":{\"a\":\"{% $states.result %}\"}")));
        assertEquals(List.of("UNSUPPORTED_JSONATA_EXPRESSION /States/P/Output"), diagnostics("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $states.result %}","End":true}}}"""));
        assertEquals(List.of("UNSUPPORTED_JSONATA_EXPRESSION /States/C/Choices/0/Condition"), diagnostics("""
                {"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
                  {"Condition":"{% $states.result.ok %}","Next":"S"}],"Default":"S"},"S":{"Type":"Succeed"}}}"""));
        assertEquals(List.of("UNSUPPORTED_JSONATA_EXPRESSION /States/T/Catch/0/Output"), diagnostics(task(
                "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"H\",\"Output\":\"{% $states.result %}\"}]")));
        created("TaskReadsResult", task("\"Output\":{\"r\":\"{% $states.result %}\"},\"Assign\":{\"r\":\"{% $states.result.Payload %}\"}"));
    }

    @Test
    void aBareNameAtTheTopOfAnExpressionIsRefusedAsAwsWordsIt() {
        assertEquals("Invalid State Machine Definition: 'UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level "
                + "is not supported. at /States/E/Output/v'", refused("""
                {"QueryLanguage":"JSONata","StartAt":"E","States":{"E":{"Type":"Pass","Output":{"v":"{% phone %}"},"End":true}}}"""));
        assertEquals(List.of("UNSUPPORTED_JSONATA_EXPRESSION /States/T/Arguments/id"),
                diagnostics(task("\"Arguments\":{\"id\":\"{% order.id %}\"}")));
        created("NestedNames", task("\"Arguments\":{\"cheap\":\"{% $states.input.items[price < 5].name %}\"}"));
    }

    @Test
    void jsonPathFieldsInAJsonataStateAreEachNamed() {
        for (String field : List.of("Parameters", "InputPath", "OutputPath", "ResultPath", "ResultSelector")) {
            String value = field.endsWith("Path") ? "\"$.x\"" : "{\"a.$\":\"$.x\"}";
            assertEquals("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', "
                    + "but field '" + field + "' is only supported for the 'JSONPath' QueryLanguage at /States/T'",
                    refused(task("\"" + field + "\":" + value)), field);
        }
        assertEquals(List.of("SCHEMA_VALIDATION_FAILED /States/T/Catch/0"), diagnostics(task(
                "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"H\",\"ResultPath\":\"$.error\"}]")));
    }

    @Test
    void variableNamesAwsRejectsAreEachNamedAtTheirKey() {
        String longName = "v".repeat(81);
        List<ValidateStateMachineDefinitionDiagnostic> found = sfn.validateStateMachineDefinition(r -> r.definition(
                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Assign\":{\"1st\":1,\"states\":2,\"a-b\":3,\""
                        + longName + "\":4,\"ok_1\":5,\"été\":6},\"End\":true}}}")).diagnostics();
        assertEquals(List.of("/States/P/Assign/1st", "/States/P/Assign/states", "/States/P/Assign/a-b", "/States/P/Assign/" + longName),
                found.stream().map(d -> d.location()).toList());
        assertTrue(found.stream().allMatch(d -> d.code().equals("SCHEMA_VALIDATION_FAILED")));
        assertEquals("The variable name 'states' is reserved: $states is Step Functions' own variable", found.get(1).message());
    }

    @Test
    void aDotDollarKeyIsAVariableNameOnlyInJsonPath() {
        List<ValidateStateMachineDefinitionDiagnostic> found = sfn.validateStateMachineDefinition(r -> r.definition("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Assign":{"x.$":"{% 1 %}"},"End":true}}}"""))
                .diagnostics();
        assertEquals(List.of("SCHEMA_VALIDATION_FAILED /States/P/Assign/x.$"), found.stream().map(d -> d.code() + " " + d.location()).toList());
        assertEquals("The variable name 'x.$' may hold only letters, digits and underscores", found.get(0).message());
        created("JsonPathDotDollar", """
                {"StartAt":"P","States":{"P":{"Type":"Pass","Assign":{"x.$":"$.a"},"End":true}}}""");
    }

    @Test
    void anItemProcessorCannotDeclareAQueryLanguage() {
        List<ValidateStateMachineDefinitionDiagnostic> found = sfn.validateStateMachineDefinition(r -> r.definition("""
                {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"QueryLanguage":"JSONata",
                  "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""")).diagnostics();
        assertEquals(List.of("SCHEMA_VALIDATION_FAILED /States/M/ItemProcessor Field 'QueryLanguage' is not supported"),
                found.stream().map(d -> d.code() + " " + d.location() + " " + d.message()).toList());
    }

    @Test
    void assignWhereAStateCannotHaveItIsRefused() {
        assertEquals("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Field 'Assign' is not supported at /States/S'", refused("""
                {"StartAt":"S","States":{"S":{"Type":"Succeed","Assign":{"x":1}}}}"""));
        assertEquals(List.of("SCHEMA_VALIDATION_FAILED /States/F"), diagnostics("""
                {"QueryLanguage":"JSONata","StartAt":"F","States":{"F":{"Type":"Fail","Assign":{"x":1}}}}"""));
        assertEquals(List.of("SCHEMA_VALIDATION_FAILED /States/P/Branches/0/States/B/Assign/x"), diagnostics("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"Next":"P"},
                 "P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Assign":{"x":2},"End":true}}}],"End":true}}}"""));
    }
}
