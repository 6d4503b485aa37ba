package dev.dmapworkbook.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmapworkbook.graph.Chart.Edge;
import dev.dmapworkbook.graph.Chart.EdgeKind;
import dev.dmapworkbook.graph.Chart.Node;
import dev.dmapworkbook.graph.Chart.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ASL definition into a {@link Chart}: what the picture needs, no more. The definition is expected to be
 * valid (the local cloud validated it on CreateStateMachine); what the picture cannot draw is refused with the
 * JSON pointer of the field.
 */
final class AslReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AslReader() {
    }

    static Scope read(String definitionJson) {
        JsonNode root;
        try {
            root = JSON.readTree(definitionJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The state machine definition is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw invalid("", "the definition must be a JSON object");
        }
        return scope(root, "", "", true);
    }

    /** A state machine, a Parallel branch or an item processor ({@code pointer} is where it is in the definition). */
    private static Scope scope(JsonNode machine, String pointer, String title, boolean topLevel) {
        JsonNode states = machine.get("States");
        if (states == null || !states.isObject() || states.isEmpty()) {
            throw invalid(pointer + "/States", "must be an object with at least one state");
        }
        Set<String> names = new LinkedHashSet<>();
        states.properties().forEach(e -> names.add(e.getKey()));
        String startAt = machine.path("StartAt").asText("");
        if (!names.contains(startAt)) {
            throw invalid(pointer + "/StartAt", "names no state of this scope: '" + startAt + "'");
        }
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        if (topLevel) {
            edges.add(new Edge(null, startAt, EdgeKind.START, null));
        }
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            String at = pointer + "/States/" + pointerEscape(e.getKey());
            nodes.add(node(e.getKey(), e.getValue(), at));
            edges(e.getKey(), e.getValue(), at, names, topLevel, edges);
        }
        return new Scope(title, nodes, edges, topLevel);
    }

    private static Node node(String name, JsonNode state, String at) {
        String type = state.path("Type").asText("");
        return switch (type) {
            case "Parallel" -> {
                List<Scope> branches = new ArrayList<>();
                JsonNode list = state.path("Branches");
                for (int i = 0; i < list.size(); i++) {
                    branches.add(scope(list.get(i), at + "/Branches/" + i, "Branch " + (i + 1), false));
                }
                if (branches.isEmpty()) {
                    throw invalid(at + "/Branches", "must list at least one branch");
                }
                yield new Node(name, type, "Parallel", List.of(), branches);
            }
            case "Map" -> map(name, state, at);
            case "Task" -> new Node(name, type, "Task \u00b7 " + Notes.resource(state.path("Resource").asText("")),
                    List.of(), List.of());
            case "Pass", "Choice", "Wait", "Succeed", "Fail" -> new Node(name, type, type, List.of(), List.of());
            default -> throw invalid(at + "/Type", "is not a state type the graph knows: '" + type + "'");
        };
    }

    private static Node map(String name, JsonNode state, String at) {
        String field = state.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        JsonNode processor = state.path(field);
        boolean distributed = "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText());
        String executionType = processor.path("ProcessorConfig").path("ExecutionType").asText("STANDARD");
        String title = distributed ? "Child workflow (" + executionType + ")" : "Item processor";
        Scope inner = scope(processor, at + "/" + field, title, false);
        return distributed
                ? new Node(name, "Map", "Map \u00b7 Distributed", Notes.distributedMap(state), List.of(inner))
                : new Node(name, "Map", "Map \u00b7 Inline", Notes.inlineMap(state), List.of(inner));
    }

    private static void edges(String name, JsonNode state, String at, Set<String> names, boolean topLevel, List<Edge> out) {
        String type = state.path("Type").asText();
        if (state.has("Next")) {
            out.add(new Edge(name, target(state, "Next", at, names), EdgeKind.NEXT, null));
        }
        if ("Choice".equals(type)) {
            JsonNode choices = state.path("Choices");
            for (int i = 0; i < choices.size(); i++) {
                String ruleAt = at + "/Choices/" + i;
                out.add(new Edge(name, target(choices.get(i), "Next", ruleAt, names), EdgeKind.CHOICE,
                        ChoiceLabels.rule(choices.get(i))));
            }
            if (state.has("Default")) {
                out.add(new Edge(name, target(state, "Default", at, names), EdgeKind.DEFAULT, "Default"));
            }
        }
        JsonNode catchers = state.path("Catch");
        for (int i = 0; i < catchers.size(); i++) {
            List<String> errors = new ArrayList<>();
            catchers.get(i).path("ErrorEquals").forEach(e -> errors.add(e.asText()));
            out.add(new Edge(name, target(catchers.get(i), "Next", at + "/Catch/" + i, names), EdgeKind.CATCH,
                    String.join(", ", errors)));
        }
        boolean terminal = state.path("End").asBoolean(false) || "Succeed".equals(type) || "Fail".equals(type);
        if (terminal && topLevel) {
            out.add(new Edge(name, null, EdgeKind.END, null));
        }
    }

    private static String target(JsonNode holder, String field, String at, Set<String> names) {
        String target = holder.path(field).asText("");
        if (!names.contains(target)) {
            throw invalid(at + "/" + field, "names no state of this scope: '" + target + "'");
        }
        return target;
    }

    /** RFC 6901: '~' and '/' in a state name. */
    private static String pointerEscape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static IllegalArgumentException invalid(String pointer, String message) {
        return new IllegalArgumentException("Invalid state machine definition at "
                + (pointer.isEmpty() ? "/" : pointer) + ": " + message);
    }
}
