package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.JPath;
import dev.dmapworkbook.localcloud.states.asl.Template;
import dev.dmapworkbook.localcloud.states.asl.VariableLookup;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where a Map Run's ResultWriter exports its files: {@code <Prefix>/<mapRunId>/manifest.json} in its Bucket (spec 9.7).
 * A Map state that succeeded names it in its output ({@code ResultWriterDetails}). A Map Run that failed writes its
 * files too ({@code FAILED_n.json} for the children that failed, {@code PENDING_n.json} for those never started), but
 * its state has no output: the location is then worked out as the run did, the Map state's ResultWriter
 * {@code Parameters} (or JSONata {@code Arguments}) evaluated over the state's effective input, with the workflow
 * variables the history shows assigned before it. What cannot be worked out again is {@link Unresolved}: the page shows
 * the template rather than nothing.
 */
final class ResultWriterLocation {
    /** What the console knows of a Map Run's export. */
    sealed interface Found permits Location, Unresolved {
    }

    /** The export's bucket and its manifest's key. */
    record Location(String bucket, String manifestKey) implements Found {
        String folder() {
            return manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1);
        }
    }

    /** The ResultWriter's {@code Parameters}/{@code Arguments} as written ({@code field}), and why they could not be evaluated. */
    record Unresolved(String field, JsonNode template, String reason) implements Found {
    }

    /** The context object's times: {@code asl.ContextObject}'s form (milliseconds always written). */
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** JSONata functions whose value at the run cannot be had again (a fresh UUID is refused where it is drawn). */
    private static final Pattern DRAWN_AGAIN = Pattern.compile("\\$(now|millis|random)\\s*\\(");

    private ResultWriterLocation() {
    }

    /** Empty when the Map state has no exporting ResultWriter (or the run is not found in the history). */
    static Optional<Found> of(Backends b, String mapRunArn, String executionArn, List<JsonNode> history) {
        for (JsonNode e : history) {
            String output = e.path("stateExitedEventDetails").path("output").asText("");
            if (e.path("type").asText().equals("MapStateExited") && output.contains(mapRunArn)) {
                try {
                    JsonNode details = Json.parse(output);
                    if (mapRunArn.equals(details.path("MapRunArn").asText()) && details.has("ResultWriterDetails")) {
                        JsonNode d = details.path("ResultWriterDetails");
                        return Optional.of(new Location(d.path("Bucket").asText(), d.path("Key").asText()));
                    }
                } catch (IllegalArgumentException notJson) {
                    // an output the Map's ResultSelector/OutputPath made: fall through to the definition
                }
            }
        }
        List<JsonNode> path = pathTo(history, mapRunArn);
        JsonNode entered = path.stream().filter(e -> e.path("type").asText().equals("MapStateEntered")).findFirst().orElse(null);
        if (entered == null) {
            return Optional.empty();
        }
        String name = entered.path("stateEnteredEventDetails").path("name").asText();
        JsonNode machine = b.states("DescribeStateMachineForExecution", "executionArn", executionArn);
        JsonNode map = find(Json.parse(machine.path("definition").asText()).path("States"), name);
        String field = map == null ? null : map.path("ResultWriter").has("Arguments") ? "Arguments" : "Parameters";
        if (map == null || !map.path("ResultWriter").has(field)) {
            return Optional.empty();
        }
        try {
            JsonNode input = Json.parse(entered.path("stateEnteredEventDetails").path("input").asText("{}"));
            JsonNode described = b.states("DescribeExecution", "executionArn", executionArn);
            Seen seen = new Seen(context(described, machine, history, path, entered), variables(path));
            return Optional.of(evaluate(map, field, input, seen, mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1)));
        } catch (RuntimeException cannot) {
            return Optional.of(new Unresolved(field, map.path("ResultWriter").get(field), String.valueOf(cannot.getMessage())));
        }
    }

    private static Found evaluate(JsonNode map, String field, JsonNode input, Seen seen, String mapRunId) {
        JsonNode writer = map.path("ResultWriter");
        if (field.equals("Arguments") && DRAWN_AGAIN.matcher(Json.write(writer.get(field))).find()) {
            return new Unresolved(field, writer.get(field), "$now(), $millis() and $random() give a new value each time");
        }
        JsonNode effective = input;
        if (!writer.has("Arguments") && map.has("InputPath")) {
            effective = map.get("InputPath").isNull() ? Json.object() : JPath.parse(map.get("InputPath").asText()).read(input, seen);
        }
        Template template = writer.has("Arguments") ? Template.jsonata(writer.get("Arguments"), "ResultWriter", "/ResultWriter/Arguments")
                : Template.compile(writer.get("Parameters"), "/ResultWriter/Parameters");
        JsonNode parameters = template.eval(effective, seen, () -> {
            throw new IllegalStateException("a fresh UUID ($uuid(), States.UUID()) cannot be drawn again");
        });
        JsonNode bucket = parameters.path("Bucket");
        if (!bucket.isTextual()) {
            return new Unresolved(field, writer.get(field), "its Bucket evaluates to " + Json.write(bucket) + ", not a string");
        }
        String prefix = parameters.path("Prefix").isTextual() ? parameters.path("Prefix").asText() : "";
        String folder = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        return new Location(bucket.asText(), folder + mapRunId + "/manifest.json");
    }

    /** The context object and the workflow variables the Map state saw, for its ResultWriter's template. */
    private record Seen(JsonNode context, Map<String, JsonNode> variables) implements Supplier<JsonNode>, VariableLookup {
        @Override
        public JsonNode get() {
            return context;
        }

        @Override
        public JsonNode variable(String name) {
            return variables.get(name);
        }
    }

    /**
     * The variables assigned on the way to the Map state (spec 6: {@code assignedVariables} of each state's exit, its
     * own flow and the flows around it), the latest assignment of each name.
     */
    private static Map<String, JsonNode> variables(List<JsonNode> path) {
        Map<String, JsonNode> variables = new HashMap<>();
        for (JsonNode e : path) {
            e.path("stateExitedEventDetails").path("assignedVariables").fields()
                    .forEachRemaining(v -> variables.putIfAbsent(v.getKey(), Json.parse(v.getValue().asText())));
        }
        return variables;
    }

    /**
     * The events that led to the MapRunStarted of {@code mapRunArn}, latest first (following previousEventId back to the
     * start: the Map state's flow, then the flows it is nested in); empty when the run is not in the history.
     */
    private static List<JsonNode> pathTo(List<JsonNode> history, String mapRunArn) {
        Map<Long, JsonNode> byId = new HashMap<>();
        JsonNode started = null;
        for (JsonNode e : history) {
            byId.put(e.path("id").asLong(), e);
            if (e.path("type").asText().equals("MapRunStarted")
                    && mapRunArn.equals(e.path("mapRunStartedEventDetails").path("mapRunArn").asText())) {
                started = e;
            }
        }
        List<JsonNode> path = new java.util.ArrayList<>();
        for (JsonNode e = started; e != null; e = byId.get(e.path("previousEventId").asLong(-1))) {
            path.add(e);
        }
        return path;
    }

    /** The Map state named {@code name}, in {@code states} or in a Parallel branch or item processor within. */
    private static JsonNode find(JsonNode states, String name) {
        if (states.path(name).path("Type").asText().equals("Map")) {
            return states.get(name);
        }
        for (JsonNode state : states) {
            for (JsonNode scope : state.path("Branches")) {
                JsonNode found = find(scope.path("States"), name);
                if (found != null) {
                    return found;
                }
            }
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                JsonNode found = state.has(processor) ? find(state.path(processor).path("States"), name) : null;
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * The context object the run gave the Map state, as {@code asl.ContextObject} builds it: Execution (Id, Input, Name,
     * RoleArn from ExecutionStarted, StartTime, RedriveCount), StateMachine (Id, Name), State (Name, EnteredTime from
     * its entered event, RetryCount: the Map Runs this entry started before this one). A field missing here would be
     * undefined to JSONata and give a folder the run never wrote.
     */
    private static JsonNode context(JsonNode execution, JsonNode machine, List<JsonNode> history, List<JsonNode> path,
                                    JsonNode entered) {
        JsonNode started = history.isEmpty() ? Json.object() : history.get(0).path("executionStartedEventDetails");
        ObjectNode executionNode = Json.object("Id", execution.path("executionArn").asText(),
                "Input", Json.parse(execution.path("input").asText("{}")), "Name", execution.path("name").asText(),
                "RoleArn", started.path("roleArn").asText(machine.path("roleArn").asText()),
                "StartTime", ISO_MILLIS.format(Html.instant(execution.path("startDate"))));
        executionNode.put("RedriveCount", execution.path("redriveCount").asInt(0));
        int retries = (int) path.subList(0, path.indexOf(entered)).stream()
                .filter(e -> e.path("type").asText().equals("MapRunStarted")).count() - 1;
        return Json.object("Execution", executionNode,
                "StateMachine", Json.object("Id", execution.path("stateMachineArn").asText(), "Name", machine.path("name").asText()),
                "State", Json.object("Name", entered.path("stateEnteredEventDetails").path("name").asText(),
                        "EnteredTime", ISO_MILLIS.format(Html.instant(entered.path("timestamp"))), "RetryCount", retries));
    }
}
