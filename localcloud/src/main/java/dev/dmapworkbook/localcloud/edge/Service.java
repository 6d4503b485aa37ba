package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.ServiceException;
import java.util.Set;

/**
 * One AWS service behind the edge: a thin wire layer that decodes a request, calls its engine or store
 * (which knows nothing of HTTP) and encodes the answer. Throw {@link ServiceException} for AWS errors;
 * the edge renders them with {@link #protocol()}.
 */
public interface Service extends AutoCloseable {
    /** The SigV4 signing name: {@code s3}, {@code dynamodb}, {@code lambda}, {@code states}, … */
    String signingName();

    AwsProtocol protocol();

    /** The awsJson {@code X-Amz-Target} prefixes this service answers (e.g. {@code DynamoDB_20120810}). */
    default Set<String> targetPrefixes() {
        return Set.of();
    }

    /** The Query-protocol {@code Action} names this service answers (for unsigned Query requests). */
    default Set<String> queryActions() {
        return Set.of();
    }

    /** True when an unsigned request with this path belongs to this service (e.g. Lambda's {@code /2015-03-31/}). */
    default boolean ownsPath(String path) {
        return false;
    }

    EdgeResponse handle(EdgeRequest request) throws Exception;

    /** A word for the health endpoint: {@code running}, {@code starting}, {@code failed: …}. */
    default String state() {
        return "running";
    }

    @Override
    default void close() throws Exception {
    }
}
