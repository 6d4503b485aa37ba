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

    /** E.g. {@code … threw an error during evaluation. T1006: Attempted to invoke a non-function} (AWS recording). */
    static QueryEvaluationFailure threw(String expression, String field, String error) {
        return new QueryEvaluationFailure(field, prefix(expression, field) + " threw an error during evaluation. " + error);
    }

    /**
     * A function or a non-finite number as a result: {@code returned an unsupported result type.} is LocalStack's cause
     * [LS] (stepfunctions/asl/jsonata/validations.py, whose own note says no AWS snapshot backs it); the field is named as
     * in AWS's recorded causes for the same expression ({@link #undefined}, {@link #unexpectedType}) [AWS-rec].
     */
    static QueryEvaluationFailure unsupported(String expression, String field) {
        return new QueryEvaluationFailure(field, prefix(expression, field) + " returned an unsupported result type.");
    }

    /** E.g. {@code … returned an unexpected result type. Expected 'array', but was 'number' for value: 1} (AWS recording). */
    public static QueryEvaluationFailure unexpectedType(String expression, String field, String expected, String actual,
                                                        String valueJson) {
        return new QueryEvaluationFailure(field, prefix(expression, field) + " returned an unexpected result type. Expected '"
                + expected + "', but was '" + actual + "' for value: " + valueJson);
    }

    /**
     * A JSONata Map state without {@code Items} whose input is not an array: States.QueryEvaluationError with an
     * {@code EvaluationFailed} event that names no field (AWS recording, spec §7.7: {@code Map state input must be
     * an array but was: …}).
     */
    public static QueryEvaluationFailure inputNotAnArray(String inputJson) {
        return new QueryEvaluationFailure(null, "Map state input must be an array but was: " + inputJson);
    }

    /**
     * A result of the right type that the field does not take (a negative {@code Seconds}, a {@code TimeoutSeconds}
     * of 0, a {@code Timestamp} that is no timestamp): the ASL specification ("JSONata Runtime Errors") makes it
     * States.QueryEvaluationError, like a wrong type. The wording after the field is [GUESS], modelled on the
     * recorded "unexpected result type" cause; no AWS recording of it seen.
     */
    public static QueryEvaluationFailure unacceptable(String expression, String field, String expected, String valueJson) {
        return new QueryEvaluationFailure(field, prefix(expression, field) + " returned an unexpected result. Expected "
                + expected + ", but was: " + valueJson);
    }

    private static String prefix(String expression, String field) {
        return "The JSONata expression '" + expression + "' specified for the field '" + field + "'";
    }
}
