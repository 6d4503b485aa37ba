package dev.dmapworkbook.localcloud.states.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonataExpressionTest {
    private static final JsonNode INPUT = Json.parse("{\"title\":\"Doctor\",\"items\":[1,2,3],\"nothing\":null,\"n\":2.5}");
    private static final JsonNode CONTEXT = Json.parse("{\"Execution\":{\"Name\":\"run-1\"},\"State\":{\"Name\":\"S\"}}");

    private static Bindings bindings(Map<String, JsonNode> variables) {
        return new Bindings(INPUT, () -> CONTEXT, null, null, variables::get, () -> "11111111-2222-4333-8444-555555555555");
    }

    private static JsonNode eval(String template) {
        return JsonataExpression.compile(template).evaluate(bindings(Map.of()), "Output");
    }

    private static String cause(String template) {
        return assertThrows(QueryEvaluationFailure.class, () -> eval(template)).cause();
    }

    @Test
    void statesInputContextResultAndErrorOutputAreBound() {
        assertEquals("Doctor", eval("{% $states.input.title %}").textValue());
        assertEquals("run-1", eval("{% $states.context.Execution.Name %}").textValue());
        Bindings withResult = bindings(Map.of()).withResult(Json.parse("{\"r\":7}")).withErrorOutput(Json.parse("{\"Error\":\"E\"}"));
        assertEquals(7, JsonataExpression.compile("{% $states.result.r %}").evaluate(withResult, "Output").intValue());
        assertEquals("E", JsonataExpression.compile("{% $states.errorOutput.Error %}").evaluate(withResult, "Output").textValue());
    }

    @Test
    void variablesAreBoundByName() {
        JsonNode value = JsonataExpression.compile("{% $customerName & ' ' & $count %}")
                .evaluate(bindings(Map.of("customerName", Json.parse("\"María\""), "count", Json.parse("42"))), "Output");
        assertEquals("María 42", value.textValue());
    }

    @Test
    void jsonValuesComeBackAsAwsWritesThem() {
        assertEquals("[1,2,3]", Json.write(eval("{% $states.input.items %}")));
        assertEquals("null", Json.write(eval("{% $states.input.nothing %}")));
        assertEquals("3", Json.write(eval("{% 6 / 2 %}")), "an integral number is written as an integer");
        assertEquals("2.5", Json.write(eval("{% $states.input.n %}")));
        assertEquals("{\"a\":1}", Json.write(eval("{% {'a': 1, 'b': $states.input.absent} %}")), "undefined members are left out");
    }

    @Test
    void undefinedFailsWithAwsCause() {
        assertEquals("The JSONata expression '$states.input.absent' specified for the field 'Output' returned nothing (undefined).",
                cause("{% $states.input.absent %}"));
    }

    @Test
    void engineErrorsNameTheirCode() {
        assertEquals("The JSONata expression '$range('0',4,1)' specified for the field 'Output' threw an error during "
                + "evaluation. T0410: Argument 1 of function \"range\" does not match function signature", cause("{% $range('0',4,1) %}"));
        assertTrue(cause("{% 1 + 'a' %}").endsWith("T2002: The right side of the \"+\" operator must evaluate to a number"));
    }

    /**
     * The detail of engine errors as the reference implementation, jsonata 2.0.6 (AWS: "Supported JSONata version"),
     * words them; each expected text was produced by running the same expression through jsonata 2.0.6 in Node.
     */
    @Test
    void engineErrorsReadAsTheReferenceImplementationWordsThem() {
        assertDetail("T2009: The values 1 and \"a\" either side of operator \">\" must be of the same data type",
                "$states.input.items[0] > 'a'");
        assertDetail("T2009: The values \"Doctor\" and 2 either side of operator \"<=\" must be of the same data type",
                "$states.input.title <= 2");
        assertDetail("T0410: Argument 1 of function \"lowercase\" does not match function signature",
                "$lowercase($states.input.nothing)");
        assertDetail("T0410: Argument 1 of function \"uppercase\" does not match function signature", "$uppercase(1)");
        assertDetail("T0412: Argument 1 of function \"join\" must be an array of \"strings\"", "$join([1,2])");
        assertDetail("T0412: Argument 1 of function \"sum\" must be an array of \"numbers\"", "$sum(['a'])");
        assertDetail("D3030: Unable to cast value to a number: \"abc\"", "$number('abc')");
        assertDetail("D3110: The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given \"x\"",
                "$toMillis('x')");
        assertDetail("D1002: Cannot negate a non-numeric value: \"a\"", "-'a'");
        assertDetail("T0410: Argument 2 of function \"range\" does not match function signature", "$range(0, '4', 1)");
        // the engine does not say which of several arguments is wrong (jsonata 2.0.6: "Argument 2"): no guess
        assertDetail("T0410: One of the arguments of function \"substring\" does not match function signature",
                "$substring('abc', '1')");
    }

    @Test
    void cloneKeepsNullsAsJsonata206Does() {
        assertEquals("{\"a\":null,\"b\":[1,null]}", Json.write(eval("{% $clone({'a': null, 'b': [1, null]}) %}")));
        assertEquals("{\"title\":\"Doctor\",\"items\":[1,2,3],\"nothing\":null,\"n\":2.5}", Json.write(eval("{% $clone($states.input) %}")));
    }

    /**
     * Differences from jsonata 2.0.6 that remain (docs/jsonata.md, "Differences that remain"). If one of these fails,
     * the engine changed: update that table, then this test.
     */
    @Test
    void knownEngineDifferencesAreStillThoseTheDocsList() {
        assertEquals("{\"b\":[1]}", Json.write(eval("{% {'a': null, 'b': [1, null]} ~> |$|{}| %}")), "2.0.6 keeps the nulls");
        assertEquals("1e+20", eval("{% $string(1e20) %}").textValue(), "2.0.6: 100000000000000000000");
        assertEquals(12, eval("{% $number(' 12 ') %}").intValue(), "2.0.6: D3030");
        assertEquals("aMOpbGxv", eval("{% $base64encode('h\u00e9llo') %}").textValue(), "2.0.6: aOlsbG8=");
        assertTrue(cause("{% 1/0 %}").endsWith("D1001: Number out of range: \"Infinity\""), "2.0.6: Infinity");
    }

    private static void assertDetail(String detail, String expression) {
        String c = cause("{% " + expression + " %}");
        assertEquals("The JSONata expression '" + expression + "' specified for the field 'Output' threw an error during evaluation. "
                + detail, c);
    }

    @Test
    void evalIsNotAvailableAndParseReplacesIt() {
        assertTrue(cause("{% $eval('1') %}").endsWith("T1006: Attempted to invoke a non-function"));
        assertEquals("{\"a\":[1,true]}", Json.write(eval("{% $parse('{\"a\":[1,true]}') %}")));
    }

    @Test
    void awsFunctions() {
        assertEquals("[[1,2,3],[4,5,6],[7]]", Json.write(eval("{% $partition([1,2,3,4,5,6,7], 3) %}")));
        assertEquals("[0,2,4,6,8,10]", Json.write(eval("{% $range(0, 10, 2) %}")));
        assertEquals("[[0]]", Json.write(eval("{% $partition([0], 1) %}")), "AWS recording: an array of one chunk");
        assertEquals("[0,3,6,9]", Json.write(eval("{% $range(0, 10, 3) %}")), "AWS recording");
        assertEquals("1", Json.write(eval("{% $range(1, 9, 9) %}")), "AWS recording: one value is the bare number");
        assertEquals("[9,7,5,3,1]", Json.write(eval("{% $range(9, 1, -2) %}")));
        assertEquals("3", Json.write(eval("{% $range(3, 3, 1) %}")), "a single value is the bare number");
        assertEquals("[-1,0,1,2]", Json.write(eval("{% $range(-1.2, 2.8, 1.9) %}")), "arguments truncate towards zero");
        assertTrue(cause("{% $range(3, 1, 1) %}").endsWith("returned nothing (undefined)."));
        assertEquals("ed076287532e86365e841e92bfc50d8c", eval("{% $hash('Hello World!', 'MD5') %}").textValue());
        assertEquals("7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069",
                eval("{% $hash('Hello World!', 'SHA-256') %}").textValue());
        assertTrue(cause("{% $hash('x', 'sha-256') %}").contains("is not supported"), "algorithm names are case-sensitive");
        assertEquals(eval("{% $random(42) %}"), eval("{% $random(42) %}"), "a seed repeats the number");
        double r = eval("{% $random() %}").doubleValue();
        assertTrue(r >= 0 && r < 1);
        assertEquals("11111111-2222-4333-8444-555555555555", eval("{% $uuid() %}").textValue());
    }

    @Test
    void typeChecksNameExpectedAndActual() {
        QueryEvaluationFailure f = assertThrows(QueryEvaluationFailure.class, () -> JsonataExpression.compile("{% 1 %}")
                .evaluate(bindings(Map.of()), "Items", "array"));
        assertEquals("The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. "
                + "Expected 'array', but was 'number' for value: 1", f.cause());
        assertEquals("States.QueryEvaluationError", f.error());
        assertEquals("Items", f.location());
    }

    @Test
    void functionsAreNotJson() {
        assertTrue(cause("{% function($x) { $x } %}").endsWith("returned an unsupported result type."));
    }

    @Test
    void rootReferenceAndSyntaxErrorsAreRefusedWhenCompiled() {
        var root = assertThrows(JsonataExpression.Invalid.class, () -> JsonataExpression.compile("{% $$.Execution %}"));
        assertEquals("UNSUPPORTED_JSONATA_EXPRESSION", root.code());
        assertEquals("Reference to '$$' is not supported.", root.getMessage());
        assertFalse(ExpressionText.scan("'$$' & \"$$\"").referencesRoot(), "inside a string $$ is text");
        var syntax = assertThrows(JsonataExpression.Invalid.class, () -> JsonataExpression.compile("{% a[1,2) %}"));
        assertEquals("INVALID_JSONATA_EXPRESSION", syntax.code());
    }

    @Test
    void templatesEvaluateNestedExpressionsAndNameTheirFields() {
        JsonataTemplate t = JsonataTemplate.compile(Json.parse("{\"static\":\"Hello\",\"title\":\"{% $states.input.title %}\","
                + "\"not-evaluated\":\"$customerName\",\"list\":[1,\"{% $states.input.absent %}\"]}"), "Arguments", "/States/T/Arguments");
        QueryEvaluationFailure f = assertThrows(QueryEvaluationFailure.class, () -> t.evaluate(bindings(Map.of())));
        assertEquals("Arguments/list[1]", f.location());
        JsonataTemplate ok = JsonataTemplate.compile(Json.parse("{\"static\":\"Hello\",\"title\":\"{% $states.input.title %}\","
                + "\"name\":\"{% $customerName %}\",\"not-evaluated\":\"$customerName\"}"), "Arguments", "/States/T/Arguments");
        assertEquals("{\"static\":\"Hello\",\"title\":\"Doctor\",\"name\":\"María\",\"not-evaluated\":\"$customerName\"}",
                Json.write(ok.evaluate(bindings(Map.of("customerName", Json.parse("\"María\""))))));
        assertEquals(java.util.Set.of("customerName"), ok.variables());
        DefinitionException bad = assertThrows(DefinitionException.class, () -> JsonataTemplate.compile(
                Json.parse("{\"v\":\"{% $$ %}\"}"), "Output", "/States/E/Output"));
        assertEquals("UNSUPPORTED_JSONATA_EXPRESSION: Reference to '$$' is not supported. at /States/E/Output/v", bad.getMessage());
    }

    @Test
    void aStringMustStartAndEndWithTheDelimitersToBeAnExpression() {
        assertTrue(JsonataExpression.isExpression("{%1%}"));
        assertFalse(JsonataExpression.isExpression(" {% 1 %}"));
        assertFalse(JsonataExpression.isExpression("{% 1 %} "));
        assertNotEquals(null, VariableReference.parse("$name.a[0]"));
        assertEquals(new VariableReference("name", "$.a[0]"), VariableReference.parse("$name.a[0]"));
        assertEquals(new VariableReference("x", "$"), VariableReference.parse("$x"));
        assertEquals(null, VariableReference.parse("$.x"));
        assertEquals(null, VariableReference.parse("$$.Execution"));
    }
}
