package dev.dmapworkbook.localcloud.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AWS error as the service would return it: HTTP status, error code, message and any extra fields the
 * protocol carries (S3's {@code BucketName}, say). Services throw it (usually built from their own error
 * enum); {@code edge.AwsProtocol#render} turns it into wire bytes. Never carries a Java stack trace to the client.
 */
public class ServiceException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ServiceException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** Adds a protocol-specific field to the error body (e.g. S3's {@code Key}). */
    public ServiceException with(String field, String value) {
        extra.put(field, value);
        return this;
    }

    /** Adds a response header to the error (e.g. S3's {@code x-amz-delete-marker} on a 404). */
    public ServiceException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> extra() {
        return extra;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** True for a client fault (4xx): the Query protocol's {@code Sender}, restJson's {@code User}. */
    public boolean sender() {
        return status < 500;
    }
}
