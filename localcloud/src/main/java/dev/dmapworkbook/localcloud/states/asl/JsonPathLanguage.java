package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.NODES;

/** JSONPath input and output processing (spec §4.1): InputPath, Parameters, ResultSelector, ResultPath, OutputPath. */
final class JsonPathLanguage implements QueryLanguage {
    static final JsonPathLanguage INSTANCE = new JsonPathLanguage();

    private JsonPathLanguage() {
    }

    @Override
    public JsonNode input(State state, JsonNode raw, Scope sc) {
        return path(state.common().inputPath(), raw, sc);
    }

    @Override
    public JsonNode arguments(State state, JsonNode effective, Scope sc) {
        Template parameters;
        if (state instanceof State.Pass p) {
            if (p.result() != null) {
                return p.result();
            }
            parameters = p.parameters();
        } else if (state instanceof State.Task t) {
            parameters = t.parameters();
        } else if (state instanceof State.Parallel p) {
            parameters = p.parameters();
        } else {
            throw new IllegalArgumentException(state.common().type() + " states have no arguments");
        }
        return parameters == null ? effective : parameters.eval(effective, sc.context(), sc.uuids());
    }

    @Override
    public JsonNode items(State.Map map, JsonNode effective, Scope sc) {
        return path(map.itemsPath(), effective, sc);
    }

    @Override
    public JsonNode itemInput(State.Map map, JsonNode effective, int index, JsonNode item, Scope sc) {
        return map.itemSelector() == null ? item : map.itemSelector().eval(effective, sc.context(index, item), sc.uuids());
    }

    @Override
    public JsonNode output(State state, JsonNode raw, JsonNode effective, JsonNode result, Scope sc) {
        Template selector = null;
        JPath resultPath;
        if (state instanceof State.Pass p) {
            resultPath = p.resultPath();
        } else if (state instanceof State.Task t) {
            selector = t.resultSelector();
            resultPath = t.resultPath();
        } else if (state instanceof State.Parallel p) {
            selector = p.resultSelector();
            resultPath = p.resultPath();
        } else if (state instanceof State.Map m) {
            selector = m.resultSelector();
            resultPath = m.resultPath();
        } else {
            throw new IllegalArgumentException(state.common().type() + " states have no result");
        }
        if (selector != null) {
            result = selector.eval(result, sc.context(), sc.uuids());
        }
        assign(state.common().assign(), result, sc);
        return path(state.common().outputPath(), applyResultPath(raw, resultPath, result), sc);
    }

    @Override
    public JsonNode passOn(State state, JsonNode effective, Scope sc) {
        assign(state.common().assign(), effective, sc);
        return path(state.common().outputPath(), effective, sc);
    }

    @Override
    public boolean matches(ChoiceRule.Branch branch, int index, JsonNode effective, Scope sc) {
        return branch.rule().matches(effective, sc.context());
    }

    @Override
    public JsonNode chosen(State.Choice state, ChoiceRule.Branch branch, JsonNode effective, Scope sc) {
        Assign.choice(state, branch, sc, a -> a.evaluate(effective, sc, null));
        return path(state.common().outputPath(), effective, sc);
    }

    /** Assign in a JSONPath state: its paths read {@code value} (the state's result) as {@code $}. */
    private static void assign(Assign assign, JsonNode value, Scope sc) {
        if (assign != null) {
            sc.assigned().set(assign.evaluate(value, sc, null));
        }
    }

    @Override
    public JsonNode caught(State state, State.Catcher catcher, JsonNode raw, JsonNode errorOutput, Scope sc) {
        assign(catcher.assign(), errorOutput, sc);
        return applyResultPath(raw, catcher.resultPath(), errorOutput);
    }

    /**
     * InputPath/OutputPath/ItemsPath: null gives {@code {}}, {@code $} the value itself, {@code $$} the context object
     * (spec §4.1, §4.3 [AWS-rec]).
     */
    private static JsonNode path(JPath p, JsonNode value, Scope sc) {
        if (p == null) {
            return NODES.objectNode();
        }
        return p.isRoot() && !p.isContext() ? value : read(p, value, sc);
    }

    /** Reads a reference path; a path that selects nothing fails the state with States.Runtime. */
    static JsonNode read(JPath p, JsonNode input, Scope sc) {
        try {
            return p.read(input, sc.context());
        } catch (JPath.Missing e) {
            throw StatesFailure.runtime("Invalid path '" + p.text() + "' : " + e.getMessage());
        }
    }

    /** ResultPath: {@code $} replaces, null keeps the raw input, {@code $.a.b} sets a field of a copy (spec §4.1 step 5). */
    static JsonNode applyResultPath(JsonNode raw, JPath resultPath, JsonNode result) {
        if (resultPath == null) {
            return raw;
        }
        String[] fields = resultPath.fields();
        if (fields.length == 0) {
            return result;
        }
        if (!raw.isObject()) {
            throw new StatesFailure(ErrorName.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath \""
                    + resultPath.text() + "\" to input \"" + Json.write(raw) + "\"");
        }
        return setIn((ObjectNode) raw, fields, 0, result, resultPath, raw);
    }

    private static ObjectNode setIn(ObjectNode node, String[] fields, int i, JsonNode value, JPath path, JsonNode raw) {
        ObjectNode copy = NODES.objectNode();
        copy.setAll(node);
        if (i == fields.length - 1) {
            copy.set(fields[i], value);
            return copy;
        }
        JsonNode child = node.get(fields[i]);
        if (child != null && !child.isObject()) {
            throw new StatesFailure(ErrorName.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath \""
                    + path.text() + "\" to input \"" + Json.write(raw) + "\"");
        }
        copy.set(fields[i], setIn(child == null ? NODES.objectNode() : (ObjectNode) child, fields, i + 1, value, path, raw));
        return copy;
    }
}
