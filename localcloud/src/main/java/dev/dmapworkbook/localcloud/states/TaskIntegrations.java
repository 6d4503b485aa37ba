package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.lambda.LambdaInvoker;
import dev.dmapworkbook.localcloud.states.asl.Integrations;
import dev.dmapworkbook.localcloud.states.asl.StatesFailure;

import java.util.UUID;

/**
 * Task integrations backed by the other local services: Lambda through {@link LambdaInvoker}, DynamoDB through its
 * in-process {@code call}. Service faults become Step Functions errors as AWS names them (spec §7.2):
 * {@code Lambda.<Code>} with a cause in the SDK's format, {@code DynamoDB.<Code>}.
 */
final class TaskIntegrations implements Integrations {
    /** DynamoDB's in-process API ({@code DynamoDbService#call}). */
    interface JsonCall {
        JsonNode call(String operation, JsonNode input, String region);
    }

    private volatile LambdaInvoker lambda;
    private volatile JsonCall dynamodb;

    void useLambda(LambdaInvoker invoker) {
        this.lambda = invoker;
    }

    void useDynamoDb(JsonCall call) {
        this.dynamodb = call;
    }

    @Override
    public LambdaResponse invokeLambda(String function, byte[] payload, String region) {
        LambdaInvoker invoker = lambda;
        if (invoker == null) {
            throw new StatesFailure("Lambda.ServiceException", "The Lambda service is not running in this local cloud");
        }
        try {
            LambdaInvoker.Invocation r = invoker.invoke(function, payload, region);
            return new LambdaResponse(r.statusCode(), r.functionError(), r.payload(), r.executedVersion(),
                    r.requestId() == null ? UUID.randomUUID().toString() : r.requestId(), r.logTail());
        } catch (ServiceException e) {
            throw new StatesFailure("Lambda." + e.code(), qualified(e) + " (Service: AWSLambda; Status Code: " + e.status()
                    + "; Error Code: " + e.code() + "; Request ID: " + UUID.randomUUID() + "; Proxy: null)");
        }
    }

    /**
     * Lambda's message, with the function named as Step Functions names it: {@code Function not found:
     * arn:aws:lambda:<r>:<a>:function:NAME:$LATEST} for an unqualified function [AWS-rec].
     */
    private static String qualified(ServiceException e) {
        String message = e.getMessage();
        String prefix = "Function not found: ";
        if (e.code().equals("ResourceNotFoundException") && message.startsWith(prefix)
                && message.substring(prefix.length()).split(":", -1).length == 7) {
            return message + ":$LATEST";
        }
        return message;
    }

    @Override
    public JsonNode callService(String service, String action, JsonNode parameters, String region) {
        if (!service.equals("dynamodb")) {
            throw new StatesFailure("States.Runtime", "The service integration " + service + ":" + action + " is not supported");
        }
        JsonCall call = dynamodb;
        if (call == null) {
            throw new StatesFailure("DynamoDB.AmazonDynamoDBException", "DynamoDB is not running in this local cloud");
        }
        String operation = Character.toUpperCase(action.charAt(0)) + action.substring(1);
        try {
            return call.call(operation, parameters, region);
        } catch (ServiceException e) {
            throw new StatesFailure("DynamoDB." + e.code(), e.getMessage() + " (Service: AmazonDynamoDBv2; Status Code: " + e.status()
                    + "; Error Code: " + e.code() + "; Request ID: " + UUID.randomUUID() + "; Proxy: null)");
        }
    }
}
