package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.query.Bindings;
import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A payload template ({@code Parameters}, {@code ItemSelector}, {@code ResultSelector}, {@code BatchInput}) compiled
 * once: keys ending in {@code .$} hold a path or an intrinsic call evaluated per use (spec §4.2).
 */
public abstract sealed class Template {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Template() {
    }

    /** Compiles {@code node} found at {@code pointer}; a bad path or call fails with the pointer of its key. */
    public static Template compile(JsonNode node, String pointer) {
        if (node.isObject()) {
            List<Field> fields = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                String key = e.getKey();
                String at = pointer + "/" + Pointers.escape(key);
                if (key.endsWith(".$")) {
                    fields.add(new Field(key.substring(0, key.length() - 2), dynamic(key, e.getValue(), at)));
                } else {
                    fields.add(new Field(key, compile(e.getValue(), at)));
                }
            }
            return new Obj(fields);
        }
        if (node.isArray()) {
            List<Template> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(compile(node.get(i), pointer + "/" + i));
            }
            return new Arr(items);
        }
        return new Literal(node);
    }

    /**
     * A JSONata state's template (ItemReader/ResultWriter {@code Arguments}, {@code BatchInput}): its {@code {% %}}
     * values see {@code $states.input} = the input it is evaluated against, and the variables the context supplier
     * looks up. {@code field} names it in causes ({@code ItemBatcher/BatchInput}).
     */
    public static Template jsonata(JsonNode node, String field, String pointer) {
        return new Jsonata(JsonataTemplate.compile(node, field, pointer));
    }

    private static final class Jsonata extends Template {
        private final JsonataTemplate template;

        Jsonata(JsonataTemplate template) {
            this.template = template;
        }

        @Override
        public JsonNode eval(JsonNode input, Supplier<JsonNode> context, Supplier<String> uuids) {
            Function<String, JsonNode> variables = name -> context instanceof VariableLookup v ? v.variable(name) : null;
            return template.evaluate(new Bindings(input, context, null, null, variables, uuids));
        }
    }

    /** One path or intrinsic expression used on its own (a Fail state's {@code ErrorPath}/{@code CausePath}). */
    public static Template expression(String field, JsonNode value, String at) {
        return dynamic(field, value, at);
    }

    private static Template dynamic(String key, JsonNode value, String at) {
        if (!value.isTextual()) {
            throw new DefinitionException(at, "The value for the field '" + key + "' must be a STRING that contains a JSONPath or an intrinsic function");
        }
        String text = value.textValue();
        try {
            if (Intrinsics.looksLikeCall(text)) {
                return new Call(key, Intrinsics.parse(text));
            }
            return new PathRef(key, JPath.parse(text));
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(at, "The value for the field '" + key + "' must be a valid JSONPath or a valid intrinsic function call: " + e.getMessage());
        }
    }

    /** Evaluates against {@code input}; {@code context} gives the context object for {@code $$} paths. */
    public abstract JsonNode eval(JsonNode input, Supplier<JsonNode> context, Supplier<String> uuids);

    private record Field(String name, Template value) {
    }

    private static final class Obj extends Template {
        private final List<Field> fields;

        Obj(List<Field> fields) {
            this.fields = fields;
        }

        @Override
        public JsonNode eval(JsonNode input, Supplier<JsonNode> context, Supplier<String> uuids) {
            ObjectNode out = NODES.objectNode();
            for (Field f : fields) {
                out.set(f.name(), f.value().eval(input, context, uuids));
            }
            return out;
        }
    }

    private static final class Arr extends Template {
        private final List<Template> items;

        Arr(List<Template> items) {
            this.items = items;
        }

        @Override
        public JsonNode eval(JsonNode input, Supplier<JsonNode> context, Supplier<String> uuids) {
            ArrayNode out = NODES.arrayNode(items.size());
            for (Template t : items) {
                out.add(t.eval(input, context, uuids));
            }
            return out;
        }
    }

    private static final class Literal extends Template {
        private final JsonNode value;

        Literal(JsonNode value) {
            this.value = value;
        }

        @Override
        public JsonNode eval(JsonNode input, Supplier<JsonNode> context, Supplier<String> uuids) {
            return value.isContainerNode() ? value.deepCopy() : value;
        }
    }

    private static final class PathRef extends Template {
        private final String key;
        private final JPath path;

        PathRef(String key, JPath path) {
            this.key = key;
            this.path = path;
        }

        @Override
        public JsonNode eval(JsonNode input, Supplier<JsonNode> context, Supplier<String> uuids) {
            try {
                return path.read(input, context);
            } catch (JPath.Missing e) {
                throw StatesFailure.runtime("The JSONPath '" + path.text() + "' specified for the field '" + key
                        + "' could not be found in the input '" + IntrinsicFunctions.compact(path.isContext() ? context.get() : input) + "'");
            }
        }
    }

    private static final class Call extends Template {
        private final Intrinsics.Call call;

        Call(String key, Intrinsics.Call call) {
            this.call = call;
        }

        @Override
        public JsonNode eval(JsonNode input, Supplier<JsonNode> context, Supplier<String> uuids) {
            return Intrinsics.eval(call, input, context, uuids);
        }
    }
}
