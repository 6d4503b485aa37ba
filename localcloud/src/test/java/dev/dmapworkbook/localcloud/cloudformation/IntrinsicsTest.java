package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Intrinsic functions and conditions as AWS's "Intrinsic function reference" describes them. */
class IntrinsicsTest {
    static final String TEMPLATE = """
            Parameters:
              Names: {Type: CommaDelimitedList, Default: "a, b,c"}
              Stage: {Type: String, Default: test}
            Conditions:
              IsTest: !Equals [!Ref Stage, test]
              NotProd: !Not [!Equals [prod, !Ref Stage]]
              Both: !And [!Condition IsTest, !Condition NotProd]
              Either: !Or [!Equals [x, y], !Condition Both]
            Resources:
              R:
                Type: Test::Local::Thing
                Properties:
                  Value: x
            """;

    final Template template = Template.parse(TEMPLATE);
    final StackPlan plan = StackPlan.of(template, Map.of(), Map.of(), "s", "arn:stack", "eu-west-1", "000000000000",
            new ResourceTypes(List.of(new FakeThing())));
    final Intrinsics intrinsics = plan.intrinsics(new Intrinsics.Lookup() {
        public JsonNode ref(String logicalId) {
            return TextNode.valueOf(logicalId + "-physical");
        }

        public JsonNode attribute(String logicalId, String attribute) {
            return TextNode.valueOf(logicalId + "." + attribute);
        }

        public Optional<String> importValue(String exportName) {
            return exportName.equals("shared") ? Optional.of("imported") : Optional.empty();
        }
    });

    String eval(String yaml) {
        JsonNode node = TemplateReader.read("V: " + yaml).root().get("V");
        JsonNode value = intrinsics.resolve(node, "/V");
        return value.isMissingNode() ? "<no value>" : value.isValueNode() ? value.asText() : value.toString();
    }

    @Test
    void functions() {
        assertEquals("aGVsbG8=", eval("!Base64 hello"));
        assertEquals("[\"eu-west-1a\",\"eu-west-1b\",\"eu-west-1c\"]", eval("!GetAZs ''"));
        assertEquals("b", eval("!Select [1, !Ref Names]"), "CommaDelimitedList items are trimmed");
        assertEquals("a|b|c", eval("!Join ['|', !Ref Names]"));
        assertEquals("R-physical/R.Arn/s/eu-west-1/${Literal}/v", eval("!Sub ['${R}/${R.Arn}/${AWS::StackName}/${AWS::Region}/${!Literal}/${Var}', {Var: v}]"));
        assertEquals("aws:amazonaws.com:000000000000:arn:stack", eval("!Sub '${AWS::Partition}:${AWS::URLSuffix}:${AWS::AccountId}:${AWS::StackId}'"));
        assertEquals("imported", eval("!ImportValue shared"));
        assertEquals("<no value>", eval("!If [IsTest, !Ref AWS::NoValue, kept]"));
        assertEquals("[\"a\"]", eval("[a, !If [IsTest, !Ref AWS::NoValue, b]]"));
        assertEquals("true", eval("!Equals [!Ref Stage, test]"));
    }

    @Test
    void conditions() {
        assertTrue(intrinsics.condition("IsTest"));
        assertTrue(intrinsics.condition("NotProd"));
        assertTrue(intrinsics.condition("Both"));
        assertTrue(intrinsics.condition("Either"));
    }

    @Test
    void errorsSayWhere() {
        TemplateError select = assertThrows(TemplateError.class, () -> eval("!Select [5, [a, b]]"));
        assertEquals("Template error: Fn::Select cannot select nonexistent value at index 5 (at /V/Fn::Select)", select.getMessage());
        TemplateError imported = assertThrows(TemplateError.class, () -> eval("!ImportValue nope"));
        assertTrue(imported.getMessage().startsWith("Template error: No export named nope found"), imported.getMessage());
        TemplateError alias = assertThrows(TemplateError.class, () -> TemplateReader.read("A: &x 1\nB: *x\n"));
        assertTrue(alias.getMessage().startsWith("Template format error: YAML aliases are not allowed in CloudFormation templates"));
    }
}
