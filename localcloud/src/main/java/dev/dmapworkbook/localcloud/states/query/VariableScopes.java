package dev.dmapworkbook.localcloud.states.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The create-time rules of workflow variables over a whole definition (AWS "Passing data between states with
 * variables"): every name an {@code Assign} writes (a state's, a Choice rule's, a Catcher's) is a valid variable
 * name, and a state inside a Parallel branch or an inline Map's ItemProcessor does not assign a name that a state of
 * an enclosing scope assigns: inner scopes read outer variables but cannot assign them. A Distributed Map's
 * ItemProcessor starts a scope of its own, since its children see none of the parent's variables.
 */
public final class VariableScopes {
    private VariableScopes() {
    }

    /** Checks the machine {@code machine} (an object with {@code States}) found at {@code pointer}. */
    public static void check(JsonNode machine, String pointer, List<DefinitionException.Problem> problems) {
        check(machine, pointer, Set.of(), QueryLanguageRules.JSONATA.equals(machine.path("QueryLanguage").asText()), problems);
    }

    private static void check(JsonNode machine, String pointer, Set<String> outer, boolean jsonataMachine,
                              List<DefinitionException.Problem> problems) {
        JsonNode states = machine.path("States");
        if (!states.isObject()) {
            return;
        }
        Set<String> here = new HashSet<>();
        states.fields().forEachRemaining(e -> assigns(e.getValue(), pointer + "States/" + escape(e.getKey()), outer, here,
                jsonataMachine, problems));
        Set<String> visible = new HashSet<>(outer);
        visible.addAll(here);
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) states::fields) {
            String statePointer = pointer + "States/" + escape(e.getKey());
            JsonNode state = e.getValue();
            JsonNode branches = state.path("Branches");
            for (int i = 0; branches.isArray() && i < branches.size(); i++) {
                check(branches.get(i), statePointer + "/Branches/" + i + "/", visible, jsonataMachine, problems);
            }
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                JsonNode p = state.path(processor);
                if (p.isObject()) {
                    boolean distributed = "DISTRIBUTED".equals(p.path("ProcessorConfig").path("Mode").asText());
                    check(p, statePointer + "/" + processor + "/", distributed ? Set.of() : visible, jsonataMachine, problems);
                }
            }
        }
    }

    /** The names one state assigns, checked, added to {@code here}. */
    private static void assigns(JsonNode state, String pointer, Set<String> outer, Set<String> here, boolean jsonataMachine,
                                List<DefinitionException.Problem> problems) {
        JsonNode ql = state.path("QueryLanguage");
        boolean jsonata = ql.isTextual() ? QueryLanguageRules.JSONATA.equals(ql.asText()) : jsonataMachine;
        names(state.path("Assign"), pointer + "/Assign", outer, here, jsonata, problems);
        JsonNode rules = state.path("Choices");
        for (int i = 0; rules.isArray() && i < rules.size(); i++) {
            names(rules.get(i).path("Assign"), pointer + "/Choices/" + i + "/Assign", outer, here, jsonata, problems);
        }
        JsonNode catchers = state.path("Catch");
        for (int i = 0; catchers.isArray() && i < catchers.size(); i++) {
            names(catchers.get(i).path("Assign"), pointer + "/Catch/" + i + "/Assign", outer, here, jsonata, problems);
        }
    }

    /**
     * The names of one Assign. A JSONPath key {@code x.$} assigns {@code x}; a JSONata key is the name itself, since
     * JSONata states have no {@code .$} keys (AWS "Transforming data with JSONata"), so {@code x.$} is a bad name there.
     */
    private static void names(JsonNode assign, String pointer, Set<String> outer, Set<String> here, boolean jsonata,
                              List<DefinitionException.Problem> problems) {
        if (assign.isMissingNode()) {
            return;
        }
        if (!assign.isObject()) {
            problems.add(new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED", "The value for the field 'Assign' must be an OBJECT", pointer));
            return;
        }
        assign.fieldNames().forEachRemaining(key -> {
            String name = !jsonata && key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            String at = pointer + "/" + escape(key);
            String problem = VariableNames.problem(name);
            if (problem != null) {
                problems.add(new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED", problem, at));
            } else if (outer.contains(name)) {
                // [GUESS] AWS documents the rule, not its message
                problems.add(new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED", "The variable '" + name
                        + "' is assigned in an outer scope: a state inside a Parallel branch or a Map iteration can read it but not assign it", at));
            }
            here.add(name);
        });
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
