package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import dev.dmapworkbook.localcloud.states.query.VariableReference;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A JSONPath compiled once at parse time: {@code $…} against the state's input, {@code $$…} against the context
 * object (spec §4.2). Plain dotted paths ({@code $.a.b}) are walked directly; everything else (filters, wildcards,
 * slices, {@code ..}) goes to Jayway JsonPath over Jackson nodes.
 */
public final class JPath {
    /** Thrown when a path selects nothing; the message is Jayway's ({@code No results for path: $['x']}). */
    public static final class Missing extends RuntimeException {
        Missing(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .build();
    private static final Pattern SIMPLE = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private final String text;
    private final boolean context;
    private final String[] fields;
    private final JsonPath compiled;
    /** For a path that selects a list ({@code $.items[*]}): the part before the first wildcard, slice or filter. */
    private final JsonPath base;
    /** The workflow variable the path starts from ({@code $name.a}), or null. */
    private final String variable;

    private JPath(String text, boolean context, String[] fields, JsonPath compiled, JsonPath base) {
        this(text, context, fields, compiled, base, null);
    }

    private JPath(String text, boolean context, String[] fields, JsonPath compiled, JsonPath base, String variable) {
        this.text = text;
        this.context = context;
        this.fields = fields;
        this.compiled = compiled;
        this.base = base;
        this.variable = variable;
    }

    /** Compiles a path; throws IllegalArgumentException with a readable reason when it is not one. */
    public static JPath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("The value '" + text + "' is not a valid JSONPath (it must start with '$')");
        }
        VariableReference ref = VariableReference.parse(text);
        if (ref != null) { // a workflow variable: $name, $name.a[0] (AWS "Passing data between states with variables")
            JPath over = parse(ref.path());
            return new JPath(text, false, over.fields, over.compiled, over.base, ref.name());
        }
        boolean context = text.startsWith("$$");
        String path = context ? text.substring(1) : text;
        if (SIMPLE.matcher(path).matches()) {
            String[] fields = path.length() == 1 ? new String[0] : path.substring(2).split("\\.");
            return new JPath(text, context, fields, null, null);
        }
        try {
            JsonPath compiled = JsonPath.compile(path);
            String base = compiled.isDefinite() ? null : definitePrefix(path);
            return new JPath(text, context, null, compiled, base == null ? null : JsonPath.compile(base));
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The value '" + text + "' is not a valid JSONPath: " + e.getMessage());
        }
    }

    public String text() {
        return text;
    }

    public boolean isContext() {
        return context;
    }

    /** The variable this path reads ({@code $name…}), or null for a path over the input or the context object. */
    public String variable() {
        return variable;
    }

    /** True for {@code $} or {@code $$} alone. */
    public boolean isRoot() {
        return variable == null && fields != null && fields.length == 0;
    }

    /** True when the path can select at most one node (no wildcard, filter, slice or deep scan). */
    public boolean definite() {
        return fields != null || compiled.isDefinite();
    }

    /** Dotted field names when the path is a plain {@code $.a.b}, else null (used by ResultPath). */
    public String[] fields() {
        return fields == null ? null : fields.clone();
    }

    /**
     * Reads against the input, the context object for {@code $$} paths, or a variable for {@code $name} paths: the
     * context supplier of a running state is also its {@link VariableLookup}.
     */
    public JsonNode read(JsonNode input, Supplier<JsonNode> contextObject) {
        if (variable != null) {
            JsonNode value = contextObject instanceof VariableLookup v ? v.variable(variable) : null;
            if (value == null) {
                throw new Missing("The variable '" + variable + "' is not defined");
            }
            return read(value);
        }
        return read(context ? contextObject.get() : input);
    }

    /** Reads against {@code root}; throws {@link Missing} when nothing matches a definite path. */
    public JsonNode read(JsonNode root) {
        if (fields != null) {
            JsonNode node = root;
            for (int i = 0; i < fields.length; i++) {
                JsonNode next = node == null || !node.isObject() ? null : node.get(fields[i]);
                if (next == null) {
                    throw new Missing((i == fields.length - 1 ? "No results for path: " : "Missing property in path ")
                            + bracketed(i + 1));
                }
                node = next;
            }
            return node;
        }
        try {
            var document = JsonPath.using(JAYWAY).parse(root);
            if (base != null) {
                document.read(base); // a wildcard or slice over a missing field selects nothing: AWS fails [AWS-rec]
            }
            Object value = document.read(compiled);
            if (value == null) {
                return JsonNodeFactory.instance.nullNode();
            }
            return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
        } catch (PathNotFoundException e) {
            throw new Missing(e.getMessage());
        } catch (RuntimeException e) {
            throw new Missing("Error evaluating path " + text + ": " + e.getMessage());
        }
    }

    /**
     * The definite start of an indefinite path: {@code $.items} of {@code $.items[*].id} or {@code $.a.b[1:]}; null
     * when the path is indefinite from its root ({@code $[*]}, {@code $..x}).
     */
    private static String definitePrefix(String path) {
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                if (path.startsWith("..", i) || path.startsWith(".*", i)) {
                    break;
                }
                i++;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    i++;
                }
            } else if (c == '[') {
                int end = bracketEnd(path, i);
                String inside = path.substring(i + 1, end);
                if (inside.startsWith("*") || inside.startsWith("?") || (!inside.startsWith("'") && !inside.startsWith("\"")
                        && (inside.contains(":") || inside.contains(",")))) {
                    break;
                }
                i = end + 1;
            } else {
                return null;
            }
        }
        return i > 1 ? path.substring(0, i) : null;
    }

    /** The index of the {@code ]} closing the bracket at {@code open}, skipping quoted names. */
    private static int bracketEnd(String path, int open) {
        char quote = 0;
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ']') {
                return i;
            }
        }
        return path.length() - 1;
    }

    private String bracketed(int count) {
        StringBuilder b = new StringBuilder("$");
        for (int i = 0; i < count; i++) {
            b.append("['").append(fields[i]).append("']");
        }
        return b.toString();
    }


    @Override
    public String toString() {
        return text;
    }
}
