package dev.dmapworkbook.localcloud.cloudformation;

import dev.dmapworkbook.localcloud.core.ServiceException;

/** A resource operation that failed; the message becomes the resource's ResourceStatusReason. */
final class ResourceFailure extends RuntimeException {
    private final String code;

    ResourceFailure(String reason) {
        this(reason, null);
    }

    private ResourceFailure(String reason, String code) {
        super(reason, null, false, false);
        this.code = code;
    }

    /** The called service's error code ({@code NoSuchEntity}, {@code ResourceNotFoundException}, …), or null. */
    String code() {
        return code;
    }

    boolean is(String errorCode) {
        return errorCode.equals(code);
    }

    /**
     * The reason CloudFormation shows for a service error, in the form AWS's handlers print, e.g.
     * {@code The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code:
     * BucketNotEmpty; Request ID: …; S3 Extended Request ID: …; Proxy: null)}.
     */
    static ResourceFailure of(String serviceName, ServiceException e) {
        String requestId = ResourceContext.random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        String extended = serviceName.equals("Amazon S3") ? " S3 Extended Request ID: " + requestId + ";" : "";
        return new ResourceFailure(e.getMessage() + " (Service: " + serviceName + "; Status Code: " + e.status()
                + "; Error Code: " + e.code() + "; Request ID: " + requestId + ";" + extended + " Proxy: null)", e.code());
    }
}
