package dev.dmapworkbook.localcloud.cloudformation;

import dev.dmapworkbook.localcloud.edge.ServiceException;

/** A resource operation that failed; the message becomes the resource's ResourceStatusReason. */
final class ResourceFailure extends RuntimeException {
    ResourceFailure(String reason) {
        super(reason, null, false, false);
    }

    /**
     * The reason CloudFormation shows for a service error, in the form AWS's handlers print, e.g.
     * {@code The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code:
     * BucketNotEmpty; Request ID: …; S3 Extended Request ID: …; Proxy: null)}.
     */
    static ResourceFailure of(String serviceName, ServiceException e) {
        String requestId = Long.toHexString(Double.doubleToLongBits(Math.random())).toUpperCase();
        String extended = serviceName.equals("Amazon S3") ? " S3 Extended Request ID: " + requestId + ";" : "";
        return new ResourceFailure(e.getMessage() + " (Service: " + serviceName + "; Status Code: " + e.status()
                + "; Error Code: " + e.code() + "; Request ID: " + requestId + ";" + extended + " Proxy: null)");
    }
}
