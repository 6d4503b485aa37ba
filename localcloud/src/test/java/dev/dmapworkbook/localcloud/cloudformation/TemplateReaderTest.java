package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateReaderTest {
    @Test
    void shortFormTagsBecomeTheirLongForm() {
        JsonNode root = TemplateReader.read("""
                AWSTemplateFormatVersion: 2010-09-09
                Resources:
                  A:
                    Type: Test::Local::Thing
                    Properties:
                      Name: !Ref Param
                      Value: !Sub "${AWS::StackName}-x"
                      Arn: !GetAtt B.Arn
                      Nested: !GetAtt B.Outputs.Name
                      Joined: !Join [",", [!Ref X, !Select [0, !Split [",", "a,b"]]]]
                      Account: 000000000000
                      Rating: 4.0
                """).root();
        assertEquals("2010-09-09", root.get("AWSTemplateFormatVersion").asText());
        JsonNode p = root.at("/Resources/A/Properties");
        assertEquals("Param", p.at("/Name/Ref").asText());
        assertEquals("${AWS::StackName}-x", p.at("/Value/Fn::Sub").asText());
        assertEquals("[\"B\",\"Arn\"]", p.at("/Arn/Fn::GetAtt").toString());
        assertEquals("[\"B\",\"Outputs.Name\"]", p.at("/Nested/Fn::GetAtt").toString());
        assertEquals("X", p.at("/Joined/Fn::Join/1/0/Ref").asText());
        assertEquals("a,b", p.at("/Joined/Fn::Join/1/1/Fn::Select/1/Fn::Split/1").asText());
        assertEquals("000000000000", p.get("Account").asText());
        assertEquals("4.0", p.get("Rating").decimalValue().toPlainString());
    }

    @Test
    void badYamlSaysWhichLine() {
        TemplateError e = assertThrows(TemplateError.class, () -> TemplateReader.read("""
                Resources:
                  A:
                    Type: [unclosed
                """));
        assertTrue(e.getMessage().startsWith("Template format error: YAML not well-formed. (line"), e.getMessage());
    }

    @Test
    void jsonTemplatesToo() {
        JsonNode root = TemplateReader.read("{\"Resources\": {\"A\": {\"Type\": \"T\"}}}").root();
        assertEquals("T", root.at("/Resources/A/Type").asText());
        TemplateError e = assertThrows(TemplateError.class, () -> TemplateReader.read("{\"Resources\": {"));
        assertTrue(e.getMessage().startsWith("Template format error: JSON not well-formed. (line 1"), e.getMessage());
    }
}
