package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.query.QueryLanguageRules;
import dev.dmapworkbook.localcloud.states.query.VariableScopes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.dmapworkbook.localcloud.states.asl.AslFields.expression;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.ioPath;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.path;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.positiveInt;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.resultPath;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.template;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.text;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.union;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.unknownFields;

/**
 * Parses a definition into a {@link StateMachine}, validating it as CreateStateMachine does (spec §2.1, §7):
 * every unknown or unsupported field is refused with its JSON pointer, never ignored. This class reads the
 * top level, the States of every (nested) machine, their transitions, each state's common fields and query
 * language, and the small state types; Task ({@link TaskParser}), Choice ({@link ChoiceParser}), Map
 * ({@link MapStateParser}) and Retry/Catch ({@link RetryCatchParser}) have their own parsers.
 */
public final class AslParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TOP = Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage");
    private static final Set<String> BRANCH = Set.of("StartAt", "States", "Comment");
    private static final Set<String> IO = Set.of("Type", "Comment", "InputPath", "OutputPath", "QueryLanguage");
    private static final Set<String> FLOW = Set.of("Next", "End");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", union(IO, FLOW, Set.of("Parameters", "Result", "ResultPath", "Assign")),
            "Task", union(IO, FLOW, Set.of("Resource", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
                    "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "Assign")),
            "Choice", union(IO, Set.of("Choices", "Default", "Assign")),
            "Wait", union(IO, FLOW, Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign")),
            "Succeed", IO,
            "Fail", Set.of("Type", "Comment", "Error", "ErrorPath", "Cause", "CausePath", "QueryLanguage"),
            "Parallel", union(IO, FLOW, Set.of("Branches", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "Assign")),
            "Map", union(IO, FLOW, Set.of("ItemsPath", "ItemSelector", "Parameters", "ItemProcessor", "Iterator",
                    "MaxConcurrency", "MaxConcurrencyPath", "ResultSelector", "ResultPath", "Retry", "Catch", "Assign")));
    /** Fields only a JSONata state has: a JSONPath state that has them is told so by {@link QueryLanguageRules}. */
    private static final List<String> JSONATA_ONLY = List.of("Arguments", "Output", "Items");

    private final boolean distributedMaps;

    /** @param distributedMaps whether this local cloud runs Distributed Maps (false: DISTRIBUTED maps are refused) */
    public AslParser(boolean distributedMaps) {
        this.distributedMaps = distributedMaps;
    }

    /** Parses definition text; {@code express} applies the EXPRESS restrictions. */
    public StateMachine parse(String definition, boolean express) {
        if (definition == null || definition.isBlank()) {
            throw new DefinitionException(null, "Definition must be a valid JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(definition);
        } catch (JsonProcessingException e) {
            throw new DefinitionException(List.of(new DefinitionException.Problem("INVALID_JSON_DESCRIPTION",
                    e.getOriginalMessage(), e.getLocation() == null ? null : "[Source: line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "]")));
        }
        if (root == null || !root.isObject()) {
            throw new DefinitionException(null, "Definition must be a valid JSON object");
        }
        return parse(root, express);
    }

    public StateMachine parse(JsonNode root, boolean express) {
        JsonNode ql = root.get("QueryLanguage");
        ParseContext ctx = new ParseContext(express, ql != null && "JSONata".equals(ql.asText()), distributedMaps);
        if (ql != null && !QueryLanguageRules.JSONPATH.equals(ql.asText()) && !QueryLanguageRules.JSONATA.equals(ql.asText())) {
            ctx.problems.add(QueryLanguageRules.unknown("/QueryLanguage"));
        }
        VariableScopes.check(root, "/", ctx.problems);
        StateMachine machine = machine(root, "/", TOP, ctx);
        if (!ctx.problems.isEmpty()) {
            throw new DefinitionException(ctx.problems);
        }
        return machine;
    }

    /** A machine: the top level, a Parallel branch or a Map's ItemProcessor (ASL "Top-level fields"). */
    static StateMachine machine(JsonNode node, String pointer, Set<String> allowed, ParseContext ctx) {
        List<String> missing = new ArrayList<>();
        if (!node.has("States")) {
            missing.add("States");
        }
        if (!node.has("StartAt")) {
            missing.add("StartAt");
        }
        if (!missing.isEmpty()) {
            throw new DefinitionException(pointer, "These fields are required: " + missing);
        }
        unknownFields(node, pointer, allowed, ctx);
        Integer timeout = null;
        if (node.has("TimeoutSeconds")) {
            timeout = positiveInt(node.get("TimeoutSeconds"), Pointers.child(pointer, "TimeoutSeconds"), ctx, 1);
        }
        if (!node.get("StartAt").isTextual()) {
            throw new DefinitionException(Pointers.child(pointer, "StartAt"), "The value for the field 'StartAt' must be a STRING");
        }
        String startAt = node.get("StartAt").textValue();
        JsonNode statesNode = node.get("States");
        String statesPointer = Pointers.child(pointer, "States");
        if (!statesNode.isObject() || statesNode.isEmpty()) {
            throw new DefinitionException(statesPointer, "The field 'States' must be a non-empty OBJECT");
        }
        int problemsBefore = ctx.problems.size();
        Map<String, State> states = states(statesNode, statesPointer, ctx);
        if (!statesNode.has(startAt)) {
            ctx.problem("MISSING_TRANSITION_TARGET", Pointers.child(pointer, "StartAt"),
                    "Missing 'Next' target: " + startAt);
        }
        if (ctx.problems.size() == problemsBefore) {
            checkTransitions(states, startAt, statesPointer, ctx);
        }
        return new StateMachine(startAt, Collections.unmodifiableMap(states), timeout, pointer);
    }

    /** Each state of a States object, by name in definition order; a state with problems is left out, its problems kept. */
    private static Map<String, State> states(JsonNode statesNode, String statesPointer, ParseContext ctx) {
        Map<String, State> states = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields();
        while (it.hasNext()) {
            var e = it.next();
            String at = Pointers.child(statesPointer, e.getKey());
            try {
                if (e.getKey().isEmpty() || e.getKey().length() > 80) {
                    ctx.problem(at, "State names must be 1 to 80 characters long");
                }
                states.put(e.getKey(), state(e.getKey(), e.getValue(), at, ctx));
            } catch (DefinitionException ex) {
                ctx.add(ex);
            }
        }
        return states;
    }

    private static void checkTransitions(Map<String, State> states, String startAt, String statesPointer, ParseContext ctx) {
        Set<String> reachable = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(startAt));
        while (!todo.isEmpty()) {
            String name = todo.remove(todo.size() - 1);
            State s = states.get(name);
            if (s == null || !reachable.add(name)) {
                continue;
            }
            for (var target : targets(s).entrySet()) {
                if (!states.containsKey(target.getValue())) {
                    ctx.problem("MISSING_TRANSITION_TARGET", Pointers.child(Pointers.child(statesPointer, name), target.getKey()),
                            "Missing 'Next' target: " + target.getValue());
                } else {
                    todo.add(target.getValue());
                }
            }
        }
        if (states.containsKey(startAt)) {
            for (String name : states.keySet()) {
                if (!reachable.contains(name)) {
                    ctx.problem("UNREACHABLE_STATE", Pointers.child(statesPointer, name), "State \"" + name + "\" is not reachable");
                }
            }
        }
    }

    private static Map<String, String> targets(State s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.common().next() != null) {
            out.put("Next", s.common().next());
        }
        List<State.Catcher> catchers = RetryCatchParser.catchers(s);
        for (int i = 0; i < catchers.size(); i++) {
            out.put("Catch/" + i + "/Next", catchers.get(i).next());
        }
        if (s instanceof State.Choice c) {
            for (int i = 0; i < c.choices().size(); i++) {
                out.put("Choices/" + i + "/Next", c.choices().get(i).next());
            }
            if (c.defaultNext() != null) {
                out.put("Default", c.defaultNext());
            }
        }
        return out;
    }

    private static State state(String name, JsonNode node, String pointer, ParseContext ctx) {
        if (!node.isObject()) {
            throw new DefinitionException(pointer, "A state must be a JSON object");
        }
        JsonNode typeNode = node.get("Type");
        if (typeNode == null) {
            throw new DefinitionException(pointer, "These fields are required: [Type]");
        }
        String type = typeNode.asText();
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            throw new DefinitionException(Pointers.child(pointer, "Type"), "The value '" + type
                    + "' is not a valid state type (Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map)");
        }
        boolean jsonata = JsonataParsing.jsonata(node, ctx.jsonata);
        queryLanguage(node, pointer, jsonata, ctx);
        JsonataFields expressions = jsonata ? JsonataParsing.fields(node, pointer, ctx.problems) : null;
        Assign assign = JsonataParsing.assign(node, pointer, "Assign", jsonata, ctx.problems);
        if (jsonata) {
            statesFields(type, expressions, assign, pointer, ctx);
        }
        ObjectNode view = jsonata ? JsonataParsing.jsonPathView(node) : ((ObjectNode) node).deepCopy();
        if (!jsonata) {
            view.remove(JSONATA_ONLY); // QueryLanguageRules told the user which language they belong to
        }
        node = view;
        Set<String> fields = type.equals("Map") ? union(allowed, MapStateParser.DISTRIBUTED_ONLY) : allowed;
        unknownFields(node, pointer, fields, ctx);
        State.Common common = common(name, type, node, pointer, ctx, expressions, assign);
        return switch (type) {
            case "Pass" -> new State.Pass(common, template(node, "Parameters", pointer), node.get("Result"), resultPath(node, pointer));
            case "Task" -> TaskParser.task(common, node, pointer, ctx);
            case "Choice" -> ChoiceParser.choice(common, node, pointer, ctx, jsonata);
            case "Wait" -> waitState(common, node, pointer, ctx);
            case "Succeed" -> new State.Succeed(common);
            case "Fail" -> fail(common, node, pointer);
            case "Parallel" -> parallel(common, node, pointer, ctx);
            default -> MapStateParser.map(common, node, pointer, ctx);
        };
    }

    /** {@code $states.result} only in the Output and Assign of a state that has a result (see {@link QueryLanguageRules#statesFields}). */
    private static void statesFields(String type, JsonataFields expressions, Assign assign, String pointer, ParseContext ctx) {
        boolean hasResult = type.equals("Task") || type.equals("Parallel") || type.equals("Map");
        new TreeMap<>(expressions.fields()).forEach((field, value) -> QueryLanguageRules.statesFields(value.expressions(),
                Pointers.child(pointer, field), hasResult && field.equals("Output"), false, ctx.problems));
        if (assign != null && assign.jsonata() != null) {
            QueryLanguageRules.statesFields(assign.jsonata().expressions(), Pointers.child(pointer, "Assign"), hasResult,
                    false, ctx.problems);
        }
    }

    /** The state's QueryLanguage, and its fields checked against it (AWS "QueryLanguage"). */
    private static void queryLanguage(JsonNode node, String pointer, boolean jsonata, ParseContext ctx) {
        JsonNode ql = node.get("QueryLanguage");
        if (ql != null && !QueryLanguageRules.JSONPATH.equals(ql.asText()) && !QueryLanguageRules.JSONATA.equals(ql.asText())) {
            ctx.problems.add(QueryLanguageRules.unknown(Pointers.child(pointer, "QueryLanguage")));
        }
        if (ctx.jsonata && ql != null && QueryLanguageRules.JSONPATH.equals(ql.asText())) {
            ctx.problems.add(QueryLanguageRules.downgrade(pointer)); // the whole answer for this state's fields
        } else {
            QueryLanguageRules.check(node, pointer, jsonata, ctx.problems);
        }
    }

    private static State.Common common(String name, String type, JsonNode node, String pointer, ParseContext ctx,
                                JsonataFields expressions, Assign assign) {
        boolean terminal = type.equals("Choice") || type.equals("Succeed") || type.equals("Fail");
        String next = null;
        boolean end = false;
        if (!terminal) {
            JsonNode n = node.get("Next");
            JsonNode e = node.get("End");
            if (n != null && e != null) {
                ctx.problem(pointer, "Only one of 'Next' or 'End' can be set");
            } else if (n == null && (e == null || !e.asBoolean())) {
                ctx.problem(pointer, "Either 'Next' or 'End: true' must be set");
            }
            if (n != null) {
                if (!n.isTextual()) {
                    ctx.problem(Pointers.child(pointer, "Next"), "The value for the field 'Next' must be a STRING");
                } else {
                    next = n.textValue();
                }
            }
            if (e != null && !e.isBoolean()) {
                ctx.problem(Pointers.child(pointer, "End"), "The value for the field 'End' must be a BOOLEAN");
            }
            end = e != null && e.asBoolean();
        }
        return new State.Common(name, pointer, type, ioPath(node, "InputPath", pointer), ioPath(node, "OutputPath", pointer), next, end,
                expressions, assign);
    }

    private static State waitState(State.Common common, JsonNode node, String pointer, ParseContext ctx) {
        List<String> forms = new ArrayList<>();
        for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            if (node.has(f)) {
                forms.add(f);
            }
        }
        if (forms.size() != 1) {
            throw new DefinitionException(pointer, "Exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' must be set");
        }
        String f = forms.get(0);
        JsonNode v = node.get(f);
        String at = Pointers.child(pointer, f);
        return switch (f) {
            case "Seconds" -> {
                if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0) {
                    throw new DefinitionException(at, "The value for the field 'Seconds' must be a non-negative INTEGER");
                }
                yield new State.Wait(common, v.longValue(), null, null, null);
            }
            case "Timestamp" -> {
                Instant ts = v.isTextual() ? ChoiceRule.parseTimestamp(v.textValue()) : null;
                if (ts == null) {
                    throw new DefinitionException(at, "The value for the field 'Timestamp' must be an ISO-8601 extended offset date-time");
                }
                yield new State.Wait(common, null, null, ts, null);
            }
            case "SecondsPath" -> new State.Wait(common, null, path(v, at, f), null, null);
            default -> new State.Wait(common, null, null, null, path(v, at, f));
        };
    }

    private static State fail(State.Common common, JsonNode node, String pointer) {
        if (node.has("Error") && node.has("ErrorPath")) {
            throw new DefinitionException(pointer, "Only one of 'Error' or 'ErrorPath' can be set");
        }
        if (node.has("Cause") && node.has("CausePath")) {
            throw new DefinitionException(pointer, "Only one of 'Cause' or 'CausePath' can be set");
        }
        return new State.Fail(common, text(node, "Error", pointer), expression(node, "ErrorPath", pointer),
                text(node, "Cause", pointer), expression(node, "CausePath", pointer));
    }

    private static State parallel(State.Common common, JsonNode node, String pointer, ParseContext ctx) {
        JsonNode branches = node.get("Branches");
        String at = Pointers.child(pointer, "Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            throw new DefinitionException(pointer, "The field 'Branches' is required and must be a non-empty ARRAY");
        }
        List<StateMachine> machines = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            try {
                machines.add(machine(branches.get(i), at + "/" + i, BRANCH, ctx));
            } catch (DefinitionException e) {
                ctx.add(e);
            }
        }
        return new State.Parallel(common, List.copyOf(machines), template(node, "Parameters", pointer),
                template(node, "ResultSelector", pointer), resultPath(node, pointer), RetryCatchParser.retriers(node, pointer, ctx),
                RetryCatchParser.catchers(node, pointer, ctx));
    }
}
