package dev.dmapworkbook.localcloud.states.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A field value of a JSONata state ({@code Arguments}, {@code Output}, {@code Assign}, {@code ItemSelector}, an
 * ItemReader's {@code Arguments}…): any JSON value in which every string of the form {@code "{% … %}"}, at any
 * depth, is an expression evaluated per use and everything else is taken literally (AWS "Transforming data with
 * JSONata": no {@code .$} keys). Each expression knows its field name for causes ({@code Output/a/b[0]}).
 */
public abstract sealed class JsonataTemplate {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonataTemplate() {
    }

    /**
     * Compiles {@code value}, found at {@code pointer} and named {@code field} in causes. A bad expression is an
     * {@link DefinitionException} at the pointer of the string that holds it.
     */
    public static JsonataTemplate compile(JsonNode value, String field, String pointer) {
        if (JsonataExpression.isExpression(value)) {
            try {
                return new Expr(JsonataExpression.compile(value.textValue()), field);
            } catch (JsonataExpression.Invalid e) {
                throw new DefinitionException(List.of(new DefinitionException.Problem(e.code(), e.getMessage(), pointer)));
            }
        }
        if (!value.isContainerNode()) {
            return new Literal(value);
        }
        List<String> keys = value.isObject() ? new ArrayList<>() : null;
        List<JsonataTemplate> values = new ArrayList<>();
        if (keys != null) {
            value.fields().forEachRemaining(e -> {
                keys.add(e.getKey());
                values.add(compile(e.getValue(), field + "/" + e.getKey(), pointer + "/" + escape(e.getKey())));
            });
        } else {
            for (int i = 0; i < value.size(); i++) {
                values.add(compile(value.get(i), field + "[" + i + "]", pointer + "/" + i));
            }
        }
        return values.stream().allMatch(t -> t instanceof Literal) ? new Literal(value) : new Container(keys, values, value);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** Evaluates every expression; the first failure is a {@link QueryEvaluationFailure} naming its field. */
    public abstract JsonNode evaluate(Bindings bindings);

    /** The expressions in this value, in document order. */
    public final List<JsonataExpression> expressions() {
        List<JsonataExpression> out = new ArrayList<>();
        collect(out);
        return out;
    }

    abstract void collect(List<JsonataExpression> out);

    /** The variable names this value's expressions read. */
    public final Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        expressions().forEach(e -> names.addAll(e.variables()));
        names.remove("states");
        return names;
    }

    /** The value as the definition wrote it. */
    public abstract JsonNode source();

    /** The whole value is one expression (not a literal, nor an object or array holding some). */
    public final JsonataExpression single() {
        return this instanceof Expr e ? e.expression : null;
    }

    private static final class Literal extends JsonataTemplate {
        private final JsonNode value;

        Literal(JsonNode value) {
            this.value = value;
        }

        @Override
        public JsonNode source() {
            return value;
        }

        @Override
        public JsonNode evaluate(Bindings bindings) {
            return value.isContainerNode() ? value.deepCopy() : value;
        }

        @Override
        void collect(List<JsonataExpression> out) {
        }
    }

    private static final class Expr extends JsonataTemplate {
        private final JsonataExpression expression;
        private final String field;

        Expr(JsonataExpression expression, String field) {
            this.expression = expression;
            this.field = field;
        }

        @Override
        public JsonNode source() {
            return NODES.textNode("{% " + expression.text() + " %}");
        }

        @Override
        public JsonNode evaluate(Bindings bindings) {
            return expression.evaluate(bindings, field);
        }

        @Override
        void collect(List<JsonataExpression> out) {
            out.add(expression);
        }
    }

    /** An object ({@code keys} names its members) or an array ({@code keys} is null) holding expressions somewhere. */
    private static final class Container extends JsonataTemplate {
        private final List<String> keys;
        private final List<JsonataTemplate> values;
        private final JsonNode source;

        Container(List<String> keys, List<JsonataTemplate> values, JsonNode source) {
            this.keys = keys;
            this.values = values;
            this.source = source;
        }

        @Override
        public JsonNode source() {
            return source;
        }

        @Override
        public JsonNode evaluate(Bindings bindings) {
            if (keys == null) {
                ArrayNode out = NODES.arrayNode(values.size());
                values.forEach(t -> out.add(t.evaluate(bindings)));
                return out;
            }
            ObjectNode out = NODES.objectNode();
            for (int i = 0; i < keys.size(); i++) {
                out.set(keys.get(i), values.get(i).evaluate(bindings));
            }
            return out;
        }

        @Override
        void collect(List<JsonataExpression> out) {
            values.forEach(v -> v.collect(out));
        }
    }
}
