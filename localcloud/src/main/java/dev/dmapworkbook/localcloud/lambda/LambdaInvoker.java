package dev.dmapworkbook.localcloud.lambda;

/**
 * Invoking a function in-process (Step Functions' Task states), with the same outcome the wire Invoke API
 * reports. Service faults (no such function, throttling) throw
 * {@link dev.dmapworkbook.localcloud.core.ServiceException} with Lambda's code
 * ({@code ResourceNotFoundException}, {@code TooManyRequestsException}, …).
 */
public interface LambdaInvoker {
    /**
     * The outcome of a synchronous (RequestResponse) invocation.
     *
     * @param statusCode      200 for a completed invocation, as the Invoke API returns
     * @param functionError   null, or {@code Unhandled} (the X-Amz-Function-Error header)
     * @param payload         the function's response, or the error payload {@code {errorMessage, errorType, …}}
     * @param executedVersion {@code $LATEST} or the version number
     * @param requestId       the invocation's request id (as in the START/END/REPORT log lines)
     * @param logTail         the last 4 KB of the invocation's log (what {@code LogType: Tail} returns, base64-encoded)
     */
    record Invocation(int statusCode, String functionError, byte[] payload, String executedVersion, String requestId,
                      String logTail) {
    }

    /** Calls the function by name, ARN or qualified name and waits for its response. */
    Invocation invoke(String functionNameOrArn, byte[] payload, String region);
}
