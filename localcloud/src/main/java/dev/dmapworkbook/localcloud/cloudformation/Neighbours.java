package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.dynamodb.DynamoDbService;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.iam.IamRoles;
import dev.dmapworkbook.localcloud.iam.IamService;
import dev.dmapworkbook.localcloud.lambda.LambdaService;
import dev.dmapworkbook.localcloud.logs.LogsService;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.s3.S3Service;
import dev.dmapworkbook.localcloud.states.StatesService;

import java.util.List;

/**
 * The other services of this local cloud, called in-process with their wire semantics and errors: S3 through
 * {@link S3Objects}, IAM through its role store, the JSON-protocol services through their
 * {@code call(operation, input, region)} (HELPER-GUIDE "Cross-service contracts"). A service error becomes the
 * resource's failure reason in AWS's form; a service that is not running fails the resource naming it.
 */
final class Neighbours {
    /** A JSON-protocol service's in-process entry point. */
    interface JsonApi {
        JsonNode call(String operation, JsonNode input, String region);
    }

    private final List<Service> services;

    Neighbours(List<Service> services) {
        this.services = List.copyOf(services);
    }

    S3Objects s3() {
        return typed(S3Service.class, "s3", "Amazon S3").objects();
    }

    IamRoles iam() {
        return typed(IamService.class, "iam", "AmazonIdentityManagement").roles();
    }

    JsonApi dynamodb() {
        return wrap(typed(DynamoDbService.class, "dynamodb", "DynamoDb")::call, "DynamoDb");
    }

    JsonApi stepFunctions() {
        return wrap(typed(StatesService.class, "states", "AWSStepFunctions")::call, "AWSStepFunctions");
    }

    JsonApi lambda() {
        return wrap(typed(LambdaService.class, "lambda", "Lambda")::call, "Lambda");
    }

    JsonApi logs() {
        return wrap(typed(LogsService.class, "logs", "CloudWatchLogs")::call, "CloudWatchLogs");
    }

    private static JsonApi wrap(JsonApi api, String serviceName) {
        return (operation, input, region) -> {
            try {
                return api.call(operation, input, region);
            } catch (ServiceException e) {
                throw ResourceFailure.of(serviceName, e);
            }
        };
    }

    private <T extends Service> T typed(Class<T> type, String signingName, String serviceName) {
        return services.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new ResourceFailure("the local cloud has no " + serviceName
                        + " service ('" + signingName + "'), so it cannot provision this resource"));
    }
}
