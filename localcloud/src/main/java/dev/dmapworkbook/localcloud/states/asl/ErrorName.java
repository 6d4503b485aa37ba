package dev.dmapworkbook.localcloud.states.asl;

/**
 * The predefined error names of ASL (spec §8.1), as Retry/Catch match them and histories show them. A failure may
 * also carry any other name (a Fail state's {@code Error}, {@code Lambda.ServiceException}): {@link StatesFailure}
 * keeps the name as text, and these are the canonical spellings of the ones the service itself raises.
 */
public enum ErrorName {
    ALL("States.ALL"),
    RUNTIME("States.Runtime"),
    TASK_FAILED("States.TaskFailed"),
    TIMEOUT("States.Timeout"),
    HEARTBEAT_TIMEOUT("States.HeartbeatTimeout"),
    DATA_LIMIT_EXCEEDED("States.DataLimitExceeded"),
    PERMISSIONS("States.Permissions"),
    RESULT_PATH_MATCH_FAILURE("States.ResultPathMatchFailure"),
    PARAMETER_PATH_FAILURE("States.ParameterPathFailure"),
    BRANCH_FAILED("States.BranchFailed"),
    NO_CHOICE_MATCHED("States.NoChoiceMatched"),
    INTRINSIC_FAILURE("States.IntrinsicFailure"),
    EXCEED_TOLERATED_FAILURE_THRESHOLD("States.ExceedToleratedFailureThreshold"),
    ITEM_READER_FAILED("States.ItemReaderFailed"),
    RESULT_WRITER_FAILED("States.ResultWriterFailed"),
    QUERY_EVALUATION_ERROR("States.QueryEvaluationError");

    private final String text;

    ErrorName(String text) {
        this.text = text;
    }

    /** The name as ASL writes it ({@code States.Runtime}). */
    public String text() {
        return text;
    }

    /** Whether {@code error} (a failure's name as text) is this one. */
    public boolean is(String error) {
        return text.equals(error);
    }

    @Override
    public String toString() {
        return text;
    }
}
