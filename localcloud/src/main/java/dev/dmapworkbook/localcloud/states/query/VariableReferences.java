package dev.dmapworkbook.localcloud.states.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DescribeStateMachine's and DescribeStateMachineForExecution's {@code variableReferences} (API reference: "A map of
 * state name to a list of variables referenced by that state. States that do not use variable references will not be
 * shown in the response"): the workflow variables each state reads, states at every depth (a Parallel branch's, a
 * Map's ItemProcessor's) keyed by their own name. As recorded on AWS (November 2024): JSONPath references count
 * where a path is evaluated ({@code .$} values of Parameters, ItemSelector, ResultSelector and Assign, intrinsic
 * arguments, InputPath, OutputPath, ItemsPath, the {@code …Path} fields, Choice rules' Variable and {@code …Path}
 * operators); a plain string such as {@code "bucketName": "$bucket"} is no reference.
 */
public final class VariableReferences {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** State fields whose value is a path (or, for ErrorPath and CausePath, an intrinsic). */
    private static final List<String> PATHS = List.of("InputPath", "OutputPath", "ItemsPath", "SecondsPath", "TimestampPath",
            "MaxConcurrencyPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath", "ErrorPath", "CausePath");
    /** State fields whose value is a template of {@code .$} keys. */
    private static final List<String> TEMPLATES = List.of("Parameters", "ItemSelector", "ResultSelector", "Assign");
    /** A {@code $name} inside an intrinsic's arguments (not {@code $.x}, not {@code $$.x}). */
    private static final Pattern INTRINSIC_VARIABLE = Pattern.compile("(?<![$\\p{L}\\p{N}_])\\$([\\p{L}_][\\p{L}\\p{N}_]*)");
    private static final Pattern QUOTED = Pattern.compile("'(?:\\\\.|[^'\\\\])*'");

    private VariableReferences() {
    }

    /** The references of a definition, by state name; empty when no state reads a variable. */
    public static ObjectNode of(JsonNode definition) {
        Map<String, Set<String>> out = new TreeMap<>();
        machine(definition, QueryLanguageRules.JSONATA.equals(definition.path("QueryLanguage").asText()), out);
        ObjectNode json = NODES.objectNode();
        out.forEach((state, names) -> {
            ArrayNode list = json.putArray(state);
            names.forEach(list::add);
        });
        return json;
    }

    private static void machine(JsonNode machine, boolean jsonataMachine, Map<String, Set<String>> out) {
        machine.path("States").fields().forEachRemaining(e -> {
            JsonNode state = e.getValue();
            JsonNode ql = state.path("QueryLanguage");
            boolean jsonata = ql.isTextual() ? QueryLanguageRules.JSONATA.equals(ql.asText()) : jsonataMachine;
            Set<String> names = new TreeSet<>();
            if (jsonata) {
                jsonata(state, names, true);
            } else {
                jsonPath(state, names);
            }
            if (!names.isEmpty()) {
                out.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).addAll(names);
            }
            for (JsonNode branch : state.path("Branches")) {
                machine(branch, jsonataMachine, out);
            }
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                if (state.path(processor).isObject()) {
                    machine(state.get(processor), jsonataMachine, out);
                }
            }
        });
    }

    private static void jsonPath(JsonNode state, Set<String> names) {
        for (String field : PATHS) {
            path(state.path(field), names);
        }
        for (String field : TEMPLATES) {
            template(state.path(field), names);
        }
        JsonNode reader = state.path("ItemReader");
        template(reader.path("Parameters"), names);
        path(reader.path("ReaderConfig").path("MaxItemsPath"), names);
        JsonNode batcher = state.path("ItemBatcher");
        template(batcher.path("BatchInput"), names);
        path(batcher.path("MaxItemsPerBatchPath"), names);
        path(batcher.path("MaxInputBytesPerBatchPath"), names);
        template(state.path("ResultWriter").path("Parameters"), names);
        for (JsonNode catcher : state.path("Catch")) {
            template(catcher.path("Assign"), names);
        }
        for (JsonNode rule : state.path("Choices")) {
            template(rule.path("Assign"), names);
            rule(rule, names);
        }
    }

    /** A Choice rule: its Variable, its {@code …Path} comparison, and the rules under And, Or and Not. */
    private static void rule(JsonNode rule, Set<String> names) {
        rule.fields().forEachRemaining(e -> {
            String field = e.getKey();
            if (field.equals("Variable") || field.endsWith("Path")) {
                path(e.getValue(), names);
            } else if (field.equals("And") || field.equals("Or")) {
                e.getValue().forEach(r -> rule(r, names));
            } else if (field.equals("Not")) {
                rule(e.getValue(), names);
            }
        });
    }

    /** The {@code .$} values of a template, at any depth. */
    private static void template(JsonNode value, Set<String> names) {
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> {
                if (e.getKey().endsWith(".$")) {
                    path(e.getValue(), names);
                } else {
                    template(e.getValue(), names);
                }
            });
        } else if (value.isArray()) {
            value.forEach(v -> template(v, names));
        }
    }

    /** A path ({@code $name.a}) or an intrinsic ({@code States.Format('{}', $name)}). */
    private static void path(JsonNode value, Set<String> names) {
        if (!value.isTextual()) {
            return;
        }
        String text = value.textValue();
        if (text.startsWith("States.")) {
            Matcher m = INTRINSIC_VARIABLE.matcher(QUOTED.matcher(text).replaceAll("''"));
            while (m.find()) {
                names.add(m.group(1));
            }
            return;
        }
        VariableReference ref = VariableReference.parse(text);
        if (ref != null) {
            names.add(ref.name());
        }
    }

    /**
     * The variables the {@code {% %}} strings of a JSONata state read, outside its nested machines. [GUESS] no AWS
     * recording shows a JSONata state's references (the recorded JSONata ones read only {@code $states}, which is no
     * variable): a name counts unless the expression only calls it as a function or binds it itself
     * ({@code $x := …}, {@code function($x)}).
     */
    private static void jsonata(JsonNode value, Set<String> names, boolean state) {
        if (value.isTextual() && JsonataExpression.isExpression(value.textValue())) {
            String text = value.textValue().substring(2, value.textValue().length() - 2);
            for (String name : ExpressionText.scan(text).variables()) {
                if (!name.equals("states") && readsVariable(text, name)) {
                    names.add(name);
                }
            }
        } else if (value.isObject()) {
            value.fields().forEachRemaining(e -> {
                boolean nested = state && (e.getKey().equals("Branches") || e.getKey().equals("ItemProcessor")
                        || e.getKey().equals("Iterator"));
                if (!nested) {
                    jsonata(e.getValue(), names, false);
                }
            });
        } else if (value.isArray()) {
            value.forEach(v -> jsonata(v, names, false));
        }
    }

    private static boolean readsVariable(String text, String name) {
        String quoted = Pattern.quote("$" + name);
        boolean bound = Pattern.compile(quoted + "\\s*:=").matcher(text).find()
                || Pattern.compile("function\\s*\\([^)]*" + quoted + "(?![\\p{L}\\p{N}_])").matcher(text).find();
        boolean read = Pattern.compile(quoted + "(?![\\p{L}\\p{N}_])(?!\\s*\\()").matcher(text).find();
        return read && !bound;
    }
}
