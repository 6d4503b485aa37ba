package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.dynamodb.DynamoDbService;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.edge.ServiceException;
import dev.dmapworkbook.localcloud.iam.IamRoles;
import dev.dmapworkbook.localcloud.iam.IamService;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.s3.S3Service;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * The other services of this local cloud, called in-process with their wire semantics and errors: S3 through
 * {@link S3Objects}; the JSON-protocol services through their {@code call(operation, input, region)} contract
 * (HELPER-GUIDE "Cross-service contracts"). A service that is not running makes the resource fail with a reason
 * that names it, never a silent success.
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
        DynamoDbService dynamodb = typed(DynamoDbService.class, "dynamodb", "DynamoDb");
        return (operation, input, region) -> {
            try {
                return dynamodb.call(operation, input, region);
            } catch (ServiceException e) {
                throw ResourceFailure.of("DynamoDb", e);
            }
        };
    }

    private <T extends Service> T typed(Class<T> type, String signingName, String serviceName) {
        return services.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new ResourceFailure("the local cloud has no " + serviceName
                        + " service ('" + signingName + "'), so it cannot provision this resource"));
    }

    JsonApi json(String signingName, String serviceName) {
        Service service = find(signingName, serviceName);
        Method call;
        try {
            call = service.getClass().getMethod("call", String.class, JsonNode.class, String.class);
        } catch (NoSuchMethodException e) {
            throw new ResourceFailure("the local cloud's " + serviceName + " service does not expose call(operation, input, region)");
        }
        return (operation, input, region) -> {
            try {
                return (JsonNode) call.invoke(service, operation, input, region);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof ServiceException se) {
                    throw ResourceFailure.of(serviceName, se);
                }
                if (e.getCause() instanceof ResourceFailure rf) {
                    throw rf;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new ResourceFailure(serviceName + " failed: " + e.getCause());
            } catch (IllegalAccessException e) {
                throw new ResourceFailure("cannot call the local cloud's " + serviceName + " service: " + e.getMessage());
            }
        };
    }

    /** The running service with this signing name, if the local cloud has one. */
    Optional<Service> service(String signingName) {
        return services.stream().filter(s -> s.signingName().equals(signingName)).findFirst();
    }

    private Service find(String signingName, String serviceName) {
        return service(signingName).orElseThrow(() -> new ResourceFailure("the local cloud has no " + serviceName
                + " service ('" + signingName + "') yet, so it cannot provision this resource"));
    }
}
