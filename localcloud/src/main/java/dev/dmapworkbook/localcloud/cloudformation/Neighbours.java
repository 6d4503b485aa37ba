package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.edge.ServiceException;
import dev.dmapworkbook.localcloud.s3.S3Objects;

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
        Service s3 = find("s3", "Amazon S3");
        try {
            Method objects = s3.getClass().getMethod("objects");
            return (S3Objects) objects.invoke(s3);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ResourceFailure("the local cloud's S3 service does not expose objects() (S3Objects)");
        }
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
