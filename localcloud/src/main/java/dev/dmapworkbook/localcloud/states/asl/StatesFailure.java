package dev.dmapworkbook.localcloud.states.asl;

/**
 * A failure with an ASL error name ({@code States.Timeout}, {@code Lambda.ServiceException}, a Fail state's
 * {@code Error}, …) and an optional cause; what Retry and Catch match on (ASL "Errors"). A failure whose
 * error is {@code States.Runtime} is neither retried nor caught (spec §8.1).
 */
public class StatesFailure extends RuntimeException {
    private final String error;
    private final String cause;

    public StatesFailure(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.cause = cause;
    }

    public StatesFailure(ErrorName error, String cause) {
        this(error.text(), cause);
    }

    public static StatesFailure runtime(String cause) {
        return new StatesFailure(ErrorName.RUNTIME, cause);
    }

    /** Whether this failure's name is {@code name}. */
    public boolean is(ErrorName name) {
        return name.is(error);
    }

    public String error() {
        return error;
    }

    /** May be null (a Fail state with only {@code Error}). */
    public String cause() {
        return cause;
    }
}
