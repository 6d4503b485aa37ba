package dev.dmapworkbook.localcloud.states.query;

import dev.dmapworkbook.localcloud.states.asl.ErrorName;
import dev.dmapworkbook.localcloud.states.asl.StatesFailure;

/**
 * {@code States.QueryEvaluationError}: a JSONata expression failed, returned nothing, or returned what its field
 * cannot take. {@code location} is the field as AWS names it in the {@code EvaluationFailed} event
 * ({@code Output}, {@code Arguments/Payload/x}, {@code Choices[1]/Condition}, {@code Items}); the cause names the
 * expression and the field (recorded AWS causes, spec §6).
 */
public final class QueryEvaluationFailure extends StatesFailure {
    private final String location;
    private final boolean prefixed;

    QueryEvaluationFailure(String location, String cause) {
        this(location, cause, false);
    }

    private QueryEvaluationFailure(String location, String cause, boolean prefixed) {
        super(ErrorName.QUERY_EVALUATION_ERROR, cause);
        this.location = location;
        this.prefixed = prefixed;
    }

    public String location() {
        return location;
    }

    /** Whether the cause already names the state (and the EvaluationFailed event was written). */
    public boolean prefixed() {
        return prefixed;
    }

    /** The same failure with the state's prefix in front of its cause. */
    public QueryEvaluationFailure withPrefix(String prefix) {
        return new QueryEvaluationFailure(location, prefix + cause(), true);
    }

    static QueryEvaluationFailure undefined(String expression, String field) {
        return new QueryEvaluationFailure(field, prefix(expression, field) + " returned nothing (undefined).");
    }

    static QueryEvaluationFailure threw(String expression, String field, String error) {
        return new QueryEvaluationFailure(field, prefix(expression, field) + " threw an error during evaluation. " + error);
    }

    /** [GUESS] LocalStack's wording for a function or a non-finite number as a result; no AWS recording seen. */
    static QueryEvaluationFailure unsupported(String expression, String field) {
        return new QueryEvaluationFailure(field, prefix(expression, field) + " returned an unsupported result type.");
    }

    /** E.g. {@code … returned an unexpected result type. Expected 'array', but was 'number' for value: 1} (AWS recording). */
    public static QueryEvaluationFailure unexpectedType(String expression, String field, String expected, String actual,
                                                        String valueJson) {
        return new QueryEvaluationFailure(field, prefix(expression, field) + " returned an unexpected result type. Expected '"
                + expected + "', but was '" + actual + "' for value: " + valueJson);
    }

    private static String prefix(String expression, String field) {
        return "The JSONata expression '" + expression + "' specified for the field '" + field + "'";
    }
}
