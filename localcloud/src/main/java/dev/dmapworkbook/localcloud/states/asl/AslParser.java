package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMapParser;
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
import java.util.regex.Pattern;

/**
 * Parses a definition into a {@link StateMachine}, validating it as CreateStateMachine does (spec §2.1, §7):
 * every unknown or unsupported field is refused with its JSON pointer, never ignored.
 */
public final class AslParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TOP = Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage");
    private static final Set<String> BRANCH = Set.of("StartAt", "States", "Comment");
    private static final Set<String> PROCESSOR = Set.of("StartAt", "States", "Comment", "ProcessorConfig");
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
    /** Fields a DISTRIBUTED Map adds; {@link DistributedMapParser} validates them. */
    private static final Set<String> DISTRIBUTED_ONLY = new java.util.TreeSet<>(List.of("ItemReader", "ItemBatcher", "ResultWriter",
            "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath", "Label"));
    /** Fields only a JSONata state has: a JSONPath state that has them is told so by {@link QueryLanguageRules}. */
    private static final List<String> JSONATA_ONLY = List.of("Arguments", "Output", "Items");
    /** Optimized integrations we serve (S3 has none as a Task: its getObject/putObject exist only in ItemReader/ResultWriter). */
    private static final List<String> SERVICE_RESOURCES = List.of("arn:aws:states:::dynamodb:getItem", "arn:aws:states:::dynamodb:putItem");
    private static final Set<String> LAMBDA_INVOKE_PARAMETERS = Set.of("FunctionName", "Payload", "InvocationType",
            "Qualifier", "ClientContext", "LogType");
    private static final Pattern FUNCTION_ARN = Pattern.compile(
            "arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?");
    private static final JPath ROOT = JPath.parse("$");

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
        Context ctx = new Context(express, ql != null && "JSONata".equals(ql.asText()));
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

    private static final class Context {
        final boolean express;
        /** The machine's QueryLanguage is JSONata: its states, at every depth, are JSONata unless they say otherwise. */
        final boolean jsonata;
        final List<DefinitionException.Problem> problems = new ArrayList<>();
        /** Distributed Map labels seen so far: unique within the whole definition (spec §9.1). */
        final Map<String, String> labels = new LinkedHashMap<>();

        Context(boolean express, boolean jsonata) {
            this.express = express;
            this.jsonata = jsonata;
        }

        void add(DefinitionException e) {
            problems.addAll(e.problems());
        }

        void problem(String location, String message) {
            problems.add(new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED", message, location));
        }

        void problem(String code, String location, String message) {
            problems.add(new DefinitionException.Problem(code, message, location));
        }
    }

    private StateMachine machine(JsonNode node, String pointer, Set<String> allowed, Context ctx) {
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
        Map<String, State> states = new LinkedHashMap<>();
        int problemsBefore = ctx.problems.size();
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
        if (!statesNode.has(startAt)) {
            ctx.problem("MISSING_TRANSITION_TARGET", Pointers.child(pointer, "StartAt"),
                    "Missing 'Next' target: " + startAt);
        }
        if (ctx.problems.size() == problemsBefore) {
            checkTransitions(states, startAt, statesPointer, ctx);
        }
        return new StateMachine(startAt, Collections.unmodifiableMap(states), timeout, pointer);
    }

    private void checkTransitions(Map<String, State> states, String startAt, String statesPointer, Context ctx) {
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
        List<State.Catcher> catchers = catchers(s);
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

    static List<State.Catcher> catchers(State s) {
        if (s instanceof State.Task t) {
            return t.catchers();
        }
        if (s instanceof State.Parallel p) {
            return p.catchers();
        }
        return s instanceof State.Map m ? m.catchers() : List.of();
    }

    private State state(String name, JsonNode node, String pointer, Context ctx) {
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
        JsonNode ql = node.get("QueryLanguage");
        if (ql != null && !QueryLanguageRules.JSONPATH.equals(ql.asText()) && !QueryLanguageRules.JSONATA.equals(ql.asText())) {
            ctx.problems.add(QueryLanguageRules.unknown(Pointers.child(pointer, "QueryLanguage")));
        }
        if (ctx.jsonata && ql != null && QueryLanguageRules.JSONPATH.equals(ql.asText())) {
            ctx.problems.add(QueryLanguageRules.downgrade(pointer)); // the whole answer for this state's fields
        } else {
            QueryLanguageRules.check(node, pointer, jsonata, ctx.problems);
        }
        JsonataFields expressions = jsonata ? JsonataParsing.fields(node, pointer, ctx.problems) : null;
        Assign assign = JsonataParsing.assign(node, pointer, "Assign", jsonata, ctx.problems);
        ObjectNode view = jsonata ? JsonataParsing.jsonPathView(node) : ((ObjectNode) node).deepCopy();
        if (!jsonata) {
            view.remove(JSONATA_ONLY); // QueryLanguageRules told the user which language they belong to
        }
        node = view;
        Set<String> fields = type.equals("Map") ? union(allowed, DISTRIBUTED_ONLY) : allowed;
        unknownFields(node, pointer, fields, ctx);
        State.Common common = common(name, type, node, pointer, ctx, expressions, assign);
        return switch (type) {
            case "Pass" -> new State.Pass(common, template(node, "Parameters", pointer), node.get("Result"), resultPath(node, pointer));
            case "Task" -> task(common, node, pointer, ctx);
            case "Choice" -> choice(common, node, pointer, ctx, jsonata);
            case "Wait" -> waitState(common, node, pointer, ctx);
            case "Succeed" -> new State.Succeed(common);
            case "Fail" -> fail(common, node, pointer);
            case "Parallel" -> parallel(common, node, pointer, ctx);
            default -> map(common, node, pointer, ctx);
        };
    }

    private State.Common common(String name, String type, JsonNode node, String pointer, Context ctx,
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

    private static JPath ioPath(JsonNode node, String field, String pointer) {
        JsonNode v = node.get(field);
        if (v == null) {
            return ROOT;
        }
        if (v.isNull()) {
            return null;
        }
        return path(v, Pointers.child(pointer, field), field);
    }

    private static JPath resultPath(JsonNode node, String pointer) {
        JsonNode v = node.get("ResultPath");
        if (v == null) {
            return ROOT;
        }
        if (v.isNull()) {
            return null;
        }
        return referencePath(v, Pointers.child(pointer, "ResultPath"), "ResultPath");
    }

    /** ResultPath must name one place to write: a plain {@code $.a.b} path (ASL "Reference Paths"). */
    private static JPath referencePath(JsonNode v, String at, String field) {
        JPath p = path(v, at, field);
        if (p.fields() == null || p.isContext() || p.variable() != null) {
            throw new DefinitionException(at, "The value for the field '" + field + "' must be a valid Reference Path such as $.a.b");
        }
        return p;
    }

    private static JPath path(JsonNode v, String at, String field) {
        if (!v.isTextual()) {
            throw new DefinitionException(at, "The value for the field '" + field + "' must be a STRING");
        }
        try {
            return JPath.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(at, "The value for the field '" + field + "' must be a valid JSONPath: " + e.getMessage());
        }
    }

    private static Template template(JsonNode node, String field, String pointer) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        String at = Pointers.child(pointer, field);
        if (!v.isObject() && field.equals("ResultSelector")) {
            throw new DefinitionException(at, "The value for the field 'ResultSelector' must be an OBJECT");
        }
        return Template.compile(v, at);
    }

    private State task(State.Common common, JsonNode node, String pointer, Context ctx) {
        JsonNode res = node.get("Resource");
        String resAt = Pointers.child(pointer, "Resource");
        if (res == null) {
            throw new DefinitionException(pointer, "These fields are required: [Resource]");
        }
        if (!res.isTextual()) {
            throw new DefinitionException(resAt, "The value for the field 'Resource' must be a STRING");
        }
        String resource = res.textValue();
        State.Integration integration;
        if (resource.endsWith(".waitForTaskToken")) {
            throw new DefinitionException(resAt, ctx.express
                    ? "Express state machine does not support '.waitForTaskToken' service integration "
                    : "The resource '" + resource + "' is not supported by this local cloud: callbacks (.waitForTaskToken) need SendTaskSuccess, which it does not implement");
        } else if (resource.equals("arn:aws:states:::lambda:invoke")) {
            integration = State.Integration.LAMBDA_INVOKE;
        } else if (FUNCTION_ARN.matcher(resource).matches()) {
            integration = State.Integration.LAMBDA_FUNCTION;
        } else if (SERVICE_RESOURCES.contains(resource)) {
            integration = State.Integration.SERVICE;
        } else {
            throw new DefinitionException(resAt, "The resource '" + resource + "' is not supported by this local cloud"
                    + " (supported: arn:aws:states:::lambda:invoke, Lambda function ARNs, " + String.join(", ", SERVICE_RESOURCES) + ")");
        }
        Template parameters = template(node, "Parameters", pointer);
        boolean jsonata = common.jsonata() != null;
        if (integration == State.Integration.LAMBDA_INVOKE && jsonata && !common.jsonata().has("Arguments")) {
            ctx.problem(pointer, "The field 'Arguments' is required but was missing"); // [GUESS] wording: FunctionName is required
        } else if (integration == State.Integration.LAMBDA_INVOKE && !(jsonata && common.jsonata().get("Arguments").single() != null)) {
            String field = jsonata ? "Arguments" : "Parameters";
            JsonNode p = jsonata ? common.jsonata().get("Arguments").source() : node.get("Parameters");
            if (p == null || !p.isObject() || !(p.has("FunctionName") || p.has("FunctionName.$"))) {
                ctx.problem(Pointers.child(pointer, field), "The field 'FunctionName' is required but was missing");
            } else {
                p.fieldNames().forEachRemaining(f -> {
                    String bare = f.endsWith(".$") ? f.substring(0, f.length() - 2) : f;
                    if (!LAMBDA_INVOKE_PARAMETERS.contains(bare)) {
                        ctx.problem(Pointers.child(Pointers.child(pointer, field), f), "The field \"" + f
                                + "\" is not supported by Step Functions for arn:aws:states:::lambda:invoke");
                    }
                });
                JsonNode type = p.get("InvocationType");
                if (type != null && !"RequestResponse".equals(type.asText())) {
                    ctx.problem(Pointers.child(Pointers.child(pointer, field), "InvocationType"),
                            "InvocationType '" + type.asText() + "' is not supported by this local cloud (only RequestResponse is)");
                }
            }
        }
        JsonNode credentials = node.get("Credentials");
        if (credentials != null && (!credentials.isObject() || !credentials.has("RoleArn"))) {
            ctx.problem(Pointers.child(pointer, "Credentials"), "The field 'RoleArn' is required but was missing");
        }
        Integer timeout = null;
        Integer heartbeat = null;
        if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
            ctx.problem(pointer, "Only one of 'TimeoutSeconds' or 'TimeoutSecondsPath' can be set");
        }
        if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
            ctx.problem(pointer, "Only one of 'HeartbeatSeconds' or 'HeartbeatSecondsPath' can be set");
        }
        if (node.has("TimeoutSeconds")) {
            timeout = positiveInt(node.get("TimeoutSeconds"), Pointers.child(pointer, "TimeoutSeconds"), ctx, 1);
        }
        if (node.has("HeartbeatSeconds")) {
            heartbeat = positiveInt(node.get("HeartbeatSeconds"), Pointers.child(pointer, "HeartbeatSeconds"), ctx, 1);
            if (timeout != null && heartbeat != null && heartbeat >= timeout) {
                ctx.problem(Pointers.child(pointer, "HeartbeatSeconds"), "HeartbeatSeconds must be smaller than TimeoutSeconds");
            }
        }
        JPath timeoutPath = node.has("TimeoutSecondsPath") ? path(node.get("TimeoutSecondsPath"), Pointers.child(pointer, "TimeoutSecondsPath"), "TimeoutSecondsPath") : null;
        JPath heartbeatPath = node.has("HeartbeatSecondsPath") ? path(node.get("HeartbeatSecondsPath"), Pointers.child(pointer, "HeartbeatSecondsPath"), "HeartbeatSecondsPath") : null;
        return new State.Task(common, resource, integration, parameters, template(node, "ResultSelector", pointer),
                resultPath(node, pointer), retriers(node, pointer, ctx), catchers(node, pointer, ctx), timeout, timeoutPath,
                heartbeat, heartbeatPath);
    }

    private List<State.Retrier> retriers(JsonNode node, String pointer, Context ctx) {
        JsonNode retry = node.get("Retry");
        if (retry == null) {
            return List.of();
        }
        String at = Pointers.child(pointer, "Retry");
        if (!retry.isArray()) {
            throw new DefinitionException(at, "The value for the field 'Retry' must be an ARRAY");
        }
        List<State.Retrier> out = new ArrayList<>();
        for (int i = 0; i < retry.size(); i++) {
            JsonNode r = retry.get(i);
            String rAt = at + "/" + i;
            if (!r.isObject()) {
                ctx.problem(rAt, "A retrier must be an OBJECT");
                continue;
            }
            unknownFields(r, rAt, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                    "JitterStrategy", "Comment"), ctx);
            List<String> errors = errorEquals(r, rAt, i == retry.size() - 1, ctx);
            int interval = r.has("IntervalSeconds") ? orDefault(positiveInt(r.get("IntervalSeconds"), rAt + "/IntervalSeconds", ctx, 1), 1) : 1;
            int max = r.has("MaxAttempts") ? orDefault(positiveInt(r.get("MaxAttempts"), rAt + "/MaxAttempts", ctx, 0), 3) : 3;
            double backoff = 2.0;
            if (r.has("BackoffRate")) {
                JsonNode b = r.get("BackoffRate");
                if (!b.isNumber() || b.doubleValue() < 1.0) {
                    ctx.problem(rAt + "/BackoffRate", "The value for the field 'BackoffRate' must be a number greater than or equal to 1.0");
                } else {
                    backoff = b.doubleValue();
                }
            }
            Integer maxDelay = r.has("MaxDelaySeconds") ? positiveInt(r.get("MaxDelaySeconds"), rAt + "/MaxDelaySeconds", ctx, 1) : null;
            if (maxDelay != null && maxDelay > 31_622_400) {
                ctx.problem(rAt + "/MaxDelaySeconds", "The value for the field 'MaxDelaySeconds' must be at most 31622400");
            }
            boolean full = false;
            if (r.has("JitterStrategy")) {
                String j = r.get("JitterStrategy").asText();
                if (!j.equals("FULL") && !j.equals("NONE")) {
                    ctx.problem(rAt + "/JitterStrategy", "The value for the field 'JitterStrategy' must be FULL or NONE");
                }
                full = j.equals("FULL");
            }
            out.add(new State.Retrier(errors, interval, max, backoff, maxDelay, full));
        }
        return List.copyOf(out);
    }

    private List<State.Catcher> catchers(JsonNode node, String pointer, Context ctx) {
        boolean jsonata = JsonataParsing.jsonata(node, ctx.jsonata);
        JsonNode c = node.get("Catch");
        if (c == null) {
            return List.of();
        }
        String at = Pointers.child(pointer, "Catch");
        if (!c.isArray()) {
            throw new DefinitionException(at, "The value for the field 'Catch' must be an ARRAY");
        }
        List<State.Catcher> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            JsonNode r = c.get(i);
            String rAt = at + "/" + i;
            if (!r.isObject()) {
                ctx.problem(rAt, "A catcher must be an OBJECT");
                continue;
            }
            unknownFields(r, rAt, Set.of("ErrorEquals", "Next", "ResultPath", "Comment", "Assign", "Output"), ctx);
            List<String> errors = errorEquals(r, rAt, i == c.size() - 1, ctx);
            if (!r.path("Next").isTextual()) {
                ctx.problem(rAt, "The field 'Next' is required but was missing");
                continue;
            }
            String field = "Catch[" + i + "]";
            Assign assign = JsonataParsing.assign(r, rAt, field + "/Assign", jsonata, ctx.problems);
            out.add(jsonata ? new State.Catcher(errors, r.get("Next").textValue(), ROOT,
                            JsonataParsing.output(r, rAt, field + "/Output", ctx.problems), assign)
                    : new State.Catcher(errors, r.get("Next").textValue(), resultPath(r, rAt), null, assign));
        }
        return List.copyOf(out);
    }

    private static List<String> errorEquals(JsonNode r, String at, boolean last, Context ctx) {
        JsonNode e = r.get("ErrorEquals");
        if (e == null || !e.isArray() || e.isEmpty()) {
            ctx.problem(at, "The field 'ErrorEquals' is required and must be a non-empty ARRAY");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : e) {
            out.add(x.asText());
        }
        if (out.contains(ErrorName.ALL.text()) && (out.size() > 1 || !last)) {
            ctx.problem(at + "/ErrorEquals", "States.ALL must appear alone and in the last retrier or catcher");
        }
        return List.copyOf(out);
    }

    private State choice(State.Common common, JsonNode node, String pointer, Context ctx, boolean jsonata) {
        JsonNode choices = node.get("Choices");
        String at = Pointers.child(pointer, "Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new DefinitionException(pointer, "The field 'Choices' is required and must be a non-empty ARRAY");
        }
        List<ChoiceRule.Branch> branches = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            JsonNode c = choices.get(i);
            String cAt = at + "/" + i;
            if (!c.path("Next").isTextual()) {
                ctx.problem(cAt, "The field 'Next' is required but was missing");
                continue;
            }
            try {
                String field = "Choices[" + i + "]";
                Assign assign = JsonataParsing.assign(c, cAt, field + "/Assign", jsonata, ctx.problems);
                if (jsonata) {
                    unknownFields(c, cAt, Set.of("Condition", "Next", "Output", "Assign", "Comment"), ctx);
                    branches.add(new ChoiceRule.Branch(null, c.get("Next").textValue(), JsonataParsing.condition(c, cAt, ctx.problems),
                            JsonataParsing.output(c, cAt, field + "/Output", ctx.problems), assign));
                } else {
                    branches.add(new ChoiceRule.Branch(rule(c, cAt, true, ctx), c.get("Next").textValue(), null, null, assign));
                }
            } catch (DefinitionException e) {
                ctx.add(e);
            }
        }
        JsonNode def = node.get("Default");
        return new State.Choice(common, List.copyOf(branches), def == null ? null : def.asText());
    }

    private ChoiceRule rule(JsonNode c, String at, boolean top, Context ctx) {
        if (!c.isObject()) {
            throw new DefinitionException(at, "A choice rule must be an OBJECT");
        }
        Set<String> allowed = new HashSet<>(Set.of("Variable", "And", "Or", "Not", "Comment"));
        allowed.addAll(ChoiceRule.OPERATORS);
        if (top) {
            allowed.addAll(List.of("Next", "Assign", "Condition")); // Condition: QueryLanguageRules reports it
        }
        unknownFields(c, at, allowed, ctx);
        for (String combinator : List.of("And", "Or")) {
            if (c.has(combinator)) {
                JsonNode list = c.get(combinator);
                if (!list.isArray() || list.isEmpty()) {
                    throw new DefinitionException(at + "/" + combinator, "The value for the field '" + combinator + "' must be a non-empty ARRAY");
                }
                List<ChoiceRule> rules = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    rules.add(rule(list.get(i), at + "/" + combinator + "/" + i, false, ctx));
                }
                return combinator.equals("And") ? new ChoiceRule.And(List.copyOf(rules)) : new ChoiceRule.Or(List.copyOf(rules));
            }
        }
        if (c.has("Not")) {
            return new ChoiceRule.Not(rule(c.get("Not"), at + "/Not", false, ctx));
        }
        if (!c.has("Variable")) {
            throw new DefinitionException(at, "The field 'Variable' is required but was missing");
        }
        JPath variable = path(c.get("Variable"), at + "/Variable", "Variable");
        List<String> ops = new ArrayList<>();
        c.fieldNames().forEachRemaining(f -> {
            if (ChoiceRule.OPERATORS.contains(f)) {
                ops.add(f);
            }
        });
        if (ops.size() != 1) {
            throw new DefinitionException(at, "A choice rule must have exactly one comparison operator, found " + ops);
        }
        String op = ops.get(0);
        JsonNode value = c.get(op);
        String opAt = at + "/" + op;
        if (op.endsWith("Path")) {
            return new ChoiceRule.Compare(variable, op.substring(0, op.length() - 4), null, path(value, opAt, op));
        }
        boolean ok = switch (op.startsWith("Is") ? "Is" : op.replaceFirst("(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)$", "")) {
            case "Is", "Boolean" -> value.isBoolean();
            case "Numeric" -> value.isNumber();
            case "String" -> value.isTextual();
            case "Timestamp" -> value.isTextual() && ChoiceRule.parseTimestamp(value.textValue()) != null;
            default -> true;
        };
        if (!ok) {
            throw new DefinitionException(opAt, "The value for the field '" + op + "' has the wrong type");
        }
        return new ChoiceRule.Compare(variable, op, value, null);
    }

    private State waitState(State.Common common, JsonNode node, String pointer, Context ctx) {
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

    private State fail(State.Common common, JsonNode node, String pointer) {
        if (node.has("Error") && node.has("ErrorPath")) {
            throw new DefinitionException(pointer, "Only one of 'Error' or 'ErrorPath' can be set");
        }
        if (node.has("Cause") && node.has("CausePath")) {
            throw new DefinitionException(pointer, "Only one of 'Cause' or 'CausePath' can be set");
        }
        return new State.Fail(common, text(node, "Error", pointer), expression(node, "ErrorPath", pointer),
                text(node, "Cause", pointer), expression(node, "CausePath", pointer));
    }

    private static String text(JsonNode node, String field, String pointer) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new DefinitionException(Pointers.child(pointer, field), "The value for the field '" + field + "' must be a STRING");
        }
        return v.textValue();
    }

    private static Template expression(JsonNode node, String field, String pointer) {
        JsonNode v = node.get(field);
        return v == null ? null : Template.expression(field, v, Pointers.child(pointer, field));
    }

    private State parallel(State.Common common, JsonNode node, String pointer, Context ctx) {
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
                template(node, "ResultSelector", pointer), resultPath(node, pointer), retriers(node, pointer, ctx), catchers(node, pointer, ctx));
    }

    private static JsonNode processorNode(JsonNode node) {
        return node.has("ItemProcessor") ? node.get("ItemProcessor") : node.path("Iterator");
    }

    private State map(State.Common common, JsonNode node, String pointer, Context ctx) {
        if (node.has("ItemProcessor") == node.has("Iterator")) {
            throw new DefinitionException(pointer, node.has("Iterator")
                    ? "Only one of 'ItemProcessor' or 'Iterator' can be set" : "The field 'ItemProcessor' is required but was missing");
        }
        if (node.has("ItemSelector") && node.has("Parameters")) {
            ctx.problem(pointer, "Only one of 'ItemSelector' or 'Parameters' can be set");
        }
        if (node.has("MaxConcurrency") && node.has("MaxConcurrencyPath")) {
            ctx.problem(pointer, "Only one of 'MaxConcurrency' or 'MaxConcurrencyPath' can be set");
        }
        String procField = node.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        String procAt = Pointers.child(pointer, procField);
        JsonNode proc = node.get(procField);
        if (!proc.isObject()) {
            throw new DefinitionException(procAt, "The value for the field '" + procField + "' must be an OBJECT");
        }
        State.Mode mode = State.Mode.INLINE;
        JsonNode config = proc.get("ProcessorConfig");
        if (config != null) {
            String cAt = Pointers.child(procAt, "ProcessorConfig");
            unknownFields(config, cAt, Set.of("Mode", "ExecutionType"), ctx);
            String m = config.path("Mode").asText("INLINE");
            if (!m.equals("INLINE") && !m.equals("DISTRIBUTED")) {
                ctx.problem(cAt + "/Mode", "The value for the field 'Mode' must be INLINE or DISTRIBUTED");
            }
            mode = m.equals("DISTRIBUTED") ? State.Mode.DISTRIBUTED : State.Mode.INLINE;
            if (mode == State.Mode.INLINE && config.has("ExecutionType")) {
                ctx.problem(cAt + "/ExecutionType", "The field 'ExecutionType' is only supported with Mode DISTRIBUTED");
            }
        }
        for (String f : DISTRIBUTED_ONLY) {
            if (mode == State.Mode.INLINE && node.has(f)) {
                ctx.problem(Pointers.child(pointer, f), "The field '" + f + "' is only supported when ProcessorConfig.Mode is DISTRIBUTED");
            }
        }
        Integer maxConcurrency = null;
        if (node.has("MaxConcurrency")) {
            maxConcurrency = positiveInt(node.get("MaxConcurrency"), Pointers.child(pointer, "MaxConcurrency"), ctx, 0);
        }
        JPath maxConcurrencyPath = node.has("MaxConcurrencyPath")
                ? path(node.get("MaxConcurrencyPath"), Pointers.child(pointer, "MaxConcurrencyPath"), "MaxConcurrencyPath") : null;
        StateMachine processor = machine(proc, procAt, PROCESSOR, ctx);
        DistributedMap distributedConfig = null;
        if (mode == State.Mode.DISTRIBUTED) {
            String modeAt = procAt + "/ProcessorConfig/Mode";
            if (ctx.express) {
                throw new DefinitionException(modeAt, "Distributed Map (ProcessorConfig.Mode DISTRIBUTED) is not supported in an EXPRESS state machine");
            }
            if (!distributedMaps) {
                throw new DefinitionException(modeAt, "Distributed Map (ProcessorConfig.Mode DISTRIBUTED) is not implemented by this local cloud yet");
            }
            JsonNode label = node.get("Label");
            if (label != null && label.isTextual()) {
                String first = ctx.labels.putIfAbsent(label.textValue(), pointer);
                if (first != null) {
                    ctx.problem(Pointers.child(pointer, "Label"), "The Label '" + label.textValue()
                            + "' is already used by the Map state at " + first + " (Labels must be unique within a state machine definition)");
                }
            }
            if (common.jsonata() != null) {
                for (String f : List.of("MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage")) {
                    if (common.jsonata().has(f)) {
                        ctx.problem(Pointers.child(pointer, f), "A JSONata expression in '" + f
                                + "' of a Distributed Map is not supported by this local cloud yet: write the number");
                    }
                }
            }
            distributedConfig = new DistributedMapParser().parse(pointer.substring(pointer.lastIndexOf('/') + 1), node, pointer);
        }
        JsonNode selector = node.has("ItemSelector") ? node.get("ItemSelector") : node.get("Parameters");
        String selectorField = node.has("ItemSelector") ? "ItemSelector" : "Parameters";
        return new State.Map(common, node.has("ItemsPath") ? path(node.get("ItemsPath"), Pointers.child(pointer, "ItemsPath"), "ItemsPath") : ROOT,
                selector == null ? null : Template.compile(selector, Pointers.child(pointer, selectorField)), processor, mode,
                maxConcurrency, maxConcurrencyPath, template(node, "ResultSelector", pointer), resultPath(node, pointer),
                retriers(node, pointer, ctx), catchers(node, pointer, ctx), distributedConfig);
    }

    private static void unknownFields(JsonNode node, String pointer, Set<String> allowed, Context ctx) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                ctx.problem(pointer, "The field \"" + f + "\" is not supported by Step Functions");
            }
        });
    }

    private static Integer positiveInt(JsonNode v, String at, Context ctx, int min) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
            ctx.problem(at, "The value for the field '" + at.substring(at.lastIndexOf('/') + 1) + "' must be an INTEGER of at least " + min);
            return null;
        }
        return v.intValue();
    }

    private static int orDefault(Integer v, int d) {
        return v == null ? d : v;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new HashSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return Set.copyOf(out);
    }
}
