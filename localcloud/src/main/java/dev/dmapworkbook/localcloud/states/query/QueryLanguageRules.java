package dev.dmapworkbook.localcloud.states.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which fields belong to which query language, as CreateStateMachine checks them (AWS "Transforming data with
 * JSONata": a JSONata state has {@code Arguments} and {@code Output} where a JSONPath state has InputPath,
 * Parameters, ResultSelector, ResultPath and OutputPath, {@code Items} for ItemsPath, {@code Condition} for the
 * comparison operators, and expressions instead of the {@code …Path} variants). {@code Assign} belongs to both.
 */
public final class QueryLanguageRules {
    public static final String JSONPATH = "JSONPath";
    public static final String JSONATA = "JSONata";

    /** State fields only a JSONPath state may have. */
    private static final List<String> JSONPATH_ONLY = List.of("InputPath", "Parameters", "ResultSelector", "ResultPath",
            "OutputPath", "Result", "ItemsPath", "MaxConcurrencyPath", "TimeoutSecondsPath", "HeartbeatSecondsPath",
            "SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath");
    /** State fields only a JSONata state may have. */
    private static final List<String> JSONATA_ONLY = List.of("Arguments", "Output", "Items");
    /** Choice rule fields of JSONPath (a JSONata rule has only Condition, Next, Assign, Output, Comment). */
    private static final Set<String> JSONPATH_RULE_FIELDS = Set.of("Variable", "And", "Or", "Not");
    private static final Pattern READS_RESULT = Pattern.compile("\\$states\\s*\\.\\s*result(?![\\p{L}\\p{N}_])");
    private static final Pattern READS_ERROR_OUTPUT = Pattern.compile("\\$states\\s*\\.\\s*errorOutput(?![\\p{L}\\p{N}_])");

    private QueryLanguageRules() {
    }

    /**
     * The problems of one state's fields under its language: every field of the other language, at the state's
     * pointer, and likewise inside its Catchers, Choice rules, ItemReader, ItemBatcher, ReaderConfig and ResultWriter.
     */
    public static void check(JsonNode state, String pointer, boolean jsonata, List<DefinitionException.Problem> problems) {
        fields(state, pointer, jsonata, jsonata ? JSONPATH_ONLY : JSONATA_ONLY, problems);
        JsonNode catchers = state.path("Catch");
        for (int i = 0; catchers.isArray() && i < catchers.size(); i++) {
            fields(catchers.get(i), pointer + "/Catch/" + i, jsonata, List.of(jsonata ? "ResultPath" : "Output"), problems);
        }
        JsonNode rules = state.path("Choices");
        for (int i = 0; rules.isArray() && i < rules.size(); i++) {
            rule(rules.get(i), pointer + "/Choices/" + i, jsonata, problems);
        }
        for (String part : List.of("ItemReader", "ResultWriter")) {
            fields(state.path(part), pointer + "/" + part, jsonata, List.of(jsonata ? "Parameters" : "Arguments"), problems);
        }
        if (jsonata) {
            fields(state.path("ItemBatcher"), pointer + "/ItemBatcher", true,
                    List.of("MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"), problems);
            fields(state.path("ItemReader").path("ReaderConfig"), pointer + "/ItemReader/ReaderConfig", true,
                    List.of("MaxItemsPath"), problems);
        }
    }

    private static void rule(JsonNode rule, String pointer, boolean jsonata, List<DefinitionException.Problem> problems) {
        if (!rule.isObject()) {
            return;
        }
        if (!jsonata) {
            fields(rule, pointer, false, List.of("Condition"), problems);
            return;
        }
        rule.fieldNames().forEachRemaining(name -> {
            if (JSONPATH_RULE_FIELDS.contains(name) || isComparison(name)) {
                problems.add(problem(pointer, true, name));
            }
        });
    }

    /** {@code StringEquals}, {@code NumericLessThanPath}, {@code IsPresent}…: the JSONPath comparison operators. */
    private static boolean isComparison(String name) {
        return name.startsWith("String") || name.startsWith("Numeric") || name.startsWith("Boolean")
                || name.startsWith("Timestamp") || name.startsWith("Is");
    }

    private static void fields(JsonNode node, String pointer, boolean jsonata, List<String> foreign,
                               List<DefinitionException.Problem> problems) {
        if (!node.isObject()) {
            return;
        }
        for (String name : foreign) {
            if (node.has(name)) {
                problems.add(problem(pointer, jsonata, name));
            }
        }
    }

    /** AWS's message (ValidateStateMachineDefinition on AWS, as recorded by peers), at the object holding the field. */
    private static DefinitionException.Problem problem(String pointer, boolean jsonata, String field) {
        String language = jsonata ? JSONATA : JSONPATH;
        String other = jsonata ? JSONPATH : JSONATA;
        return new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED", "The QueryLanguage is set to '" + language
                + "', but field '" + field + "' is only supported for the '" + other + "' QueryLanguage", pointer);
    }

    /** A state written in JSONPath inside a JSONata machine: AWS refuses the downgrade (recorded, spec §6). */
    public static DefinitionException.Problem downgrade(String statePointer) {
        return new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED",
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", statePointer);
    }

    /** A {@code QueryLanguage} value that is neither language. */
    public static DefinitionException.Problem unknown(String fieldPointer) {
        return new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED",
                "Value should be one of the following: [JSONPath, JSONata]", fieldPointer);
    }

    /**
     * Where {@code $states.result} and {@code $states.errorOutput} exist (AWS "Passing data between states with
     * variables", reserved {@code $states}: result is "API or sub-workflow's result (if successful)", errorOutput
     * "only available in a Catch"); reading them elsewhere is refused when the definition is created, updated or
     * validated (AWS "Transforming data with JSONata"). A field's expressions read {@code result} only where
     * {@code result} is true (a Task's, Parallel's or Map's Output and Assign) and {@code errorOutput} only where
     * {@code errorOutput} is true (a Catcher's Output and Assign). AWS refuses such a read as
     * {@code UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.errorOutput' does not exist.} at the field.
     */
    public static void statesFields(List<JsonataExpression> expressions, String pointer, boolean result,
                                    boolean errorOutput, List<DefinitionException.Problem> problems) {
        for (JsonataExpression e : expressions) {
            if (!result && READS_RESULT.matcher(e.text()).find()) {
                // [GUESS] worded as AWS words errorOutput (below); a peer emulator words result so too
                problems.add(notThere("$states.result", pointer));
                return;
            }
            if (!errorOutput && READS_ERROR_OUTPUT.matcher(e.text()).find()) {
                // [peer-rec] AWS's diagnostic as github floci-io/floci measured it (issue #2745, pull request #2786)
                problems.add(notThere("$states.errorOutput", pointer));
                return;
            }
        }
    }

    private static DefinitionException.Problem notThere(String field, String pointer) {
        return new DefinitionException.Problem("UNSUPPORTED_JSONATA_EXPRESSION", "Field '" + field + "' does not exist.",
                pointer);
    }
}
