package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The services Task states call (spec §7.2), given to the interpreter so tests can supply their own. Calls block;
 * the interpreter runs them on its bounded task pool.
 */
public interface Integrations {
    /**
     * A completed synchronous Lambda invocation, as the Invoke API reports it.
     *
     * @param functionError null, or {@code Unhandled}/{@code Handled}
     * @param logTail       the end of the invocation's log ({@code LogType: Tail}), or null
     */
    record LambdaResponse(int statusCode, String functionError, byte[] payload, String executedVersion, String requestId,
                          String logTail) {
        public LambdaResponse(int statusCode, String functionError, byte[] payload, String executedVersion, String requestId) {
            this(statusCode, functionError, payload, executedVersion, requestId, null);
        }
    }

    /** Invokes a function; Lambda service errors throw {@link StatesFailure} {@code Lambda.<Code>} (spec §7.2). */
    LambdaResponse invokeLambda(String functionNameOrArn, byte[] payload, String region);

    /**
     * An optimized service integration ({@code dynamodb:getItem}, {@code dynamodb:putItem}); service errors throw
     * {@link StatesFailure} ({@code DynamoDB.ResourceNotFoundException}, …).
     */
    JsonNode callService(String service, String action, JsonNode parameters, String region);

    /** Integrations for a machine with no Task states. */
    Integrations NONE = new Integrations() {
        public LambdaResponse invokeLambda(String function, byte[] payload, String region) {
            throw new StatesFailure("Lambda.ServiceException", "Lambda is not available in this context");
        }

        public JsonNode callService(String service, String action, JsonNode parameters, String region) {
            throw new StatesFailure(ErrorName.TASK_FAILED, service + " is not available in this context");
        }
    };
}
