package dev.dmapworkbook.localcloud.states.query;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.Set;

/**
 * One {@code "{% … %}"} string of a JSONata state, compiled once when the definition is parsed and evaluated by
 * {@code com.dashjoin:jsonata} (a port of the JSONata reference implementation; AWS implements JSONata 2.0.6) with
 * {@code $states}, the variables in scope and AWS's functions bound (AWS "Transforming data with JSONata"). Where the
 * port's results or messages differ from jsonata 2.0.6's, {@link JsonataErrors} and {@link EngineWorkarounds} put
 * 2.0.6's back; the differences that remain are listed in docs/jsonata.md.
 */
public final class JsonataExpression {
    private final String text;
    private final Jsonata compiled;
    private final Set<String> variables;
    private final boolean readsErrorOutput;

    private JsonataExpression(String text, Jsonata compiled, ExpressionText scanned) {
        this.text = text;
        this.compiled = compiled;
        compiled.setOutputConvertNulls(false); // keep JSON null (NULL_VALUE) apart from undefined (Java null)
        this.variables = Set.copyOf(scanned.variables());
        this.readsErrorOutput = text.contains("errorOutput");
    }

    /** Whether {@code value} is a JSONata expression: a string that starts with {@code {%} and ends with {@code %}}. */
    public static boolean isExpression(JsonNode value) {
        return value != null && value.isTextual() && isExpression(value.textValue());
    }

    public static boolean isExpression(String value) {
        return value.length() >= 4 && value.startsWith("{%") && value.endsWith("%}");
    }

    /**
     * Compiles {@code "{% … %}"}; a syntax error or a reference Step Functions refuses is a {@link Invalid} naming
     * the problem (the caller adds the JSON pointer).
     */
    public static JsonataExpression compile(String template) {
        String text = template.substring(2, template.length() - 2).trim();
        if (text.isEmpty()) {
            throw new Invalid("INVALID_JSONATA_EXPRESSION", "The JSONata expression is empty");
        }
        ExpressionText scanned = ExpressionText.scan(text);
        if (scanned.referencesRoot()) {
            throw new Invalid("UNSUPPORTED_JSONATA_EXPRESSION", "Reference to '$$' is not supported.");
        }
        try {
            Jsonata compiled = Jsonata.jsonata(text);
            if (compiled.getErrors() != null && !compiled.getErrors().isEmpty()) {
                throw new Invalid("INVALID_JSONATA_EXPRESSION", compiled.getErrors().get(0).getMessage());
            }
            String topLevel = TopLevelReferences.first(text);
            if (topLevel != null) {
                throw new Invalid("UNSUPPORTED_JSONATA_EXPRESSION", "Reference to '" + topLevel + "' at the top level is not supported.");
            }
            return new JsonataExpression(text, compiled, scanned);
        } catch (JException e) {
            throw new Invalid("INVALID_JSONATA_EXPRESSION", e.getMessage());
        }
    }

    /** A definition-time problem with an expression: a diagnostic code and its message. */
    public static final class Invalid extends RuntimeException {
        private final String code;

        Invalid(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The expression as written between the delimiters, as causes quote it. */
    public String text() {
        return text;
    }

    /** The variable names the expression reads ({@code $name}, without the dollar). */
    public Set<String> variables() {
        return variables;
    }

    /** Whether the expression reads {@code $states.errorOutput}, which exists only in a Catch. */
    public boolean readsErrorOutput() {
        return readsErrorOutput;
    }

    /**
     * Evaluates for the field {@code field} (as AWS names it in causes: {@code Output/a/b[0]}); a failure, an
     * undefined result or a result JSON cannot hold is a {@link QueryEvaluationFailure}.
     */
    public JsonNode evaluate(Bindings bindings, String field) {
        Jsonata.Frame frame = compiled.createFrame();
        frame.bind("states", new StatesObject(bindings));
        for (String name : variables) {
            if (!"states".equals(name) && bindings.variables() != null) {
                JsonNode value = bindings.variables().apply(name);
                if (value != null) {
                    frame.bind(name, JsonataValues.toJsonata(value));
                }
            }
        }
        AwsFunctions.bind(frame, bindings.uuids());
        EngineWorkarounds.bind(frame);
        Object result;
        try {
            result = compiled.evaluate(null, frame);
        } catch (RuntimeException | StackOverflowError e) {
            throw QueryEvaluationFailure.threw(text, field, JsonataErrors.describe(e, text));
        }
        if (result == null) {
            throw QueryEvaluationFailure.undefined(text, field);
        }
        try {
            return JsonataValues.toJson(result);
        } catch (JsonataValues.NotJson e) {
            throw QueryEvaluationFailure.unsupported(text, field);
        }
    }

    /** Evaluates and requires a result of JSON type {@code expected} ({@code array}, {@code boolean}, {@code string}…). */
    public JsonNode evaluate(Bindings bindings, String field, String expected) {
        JsonNode value = evaluate(bindings, field);
        String actual = JsonataValues.typeName(value);
        if (!actual.equals(expected)) {
            throw QueryEvaluationFailure.unexpectedType(text, field, expected, actual, Json.write(value));
        }
        return value;
    }
}
