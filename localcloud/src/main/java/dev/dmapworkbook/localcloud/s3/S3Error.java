package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.core.ServiceException;

/**
 * The S3 errors the local cloud returns, with AWS's code, HTTP status and message (S3 API Reference,
 * "Error responses" → "List of error codes"). {@link #exception} is the one place they become wire errors.
 */
enum S3Error {
    ACCESS_DENIED(403, "AccessDenied", "Access Denied"),
    BAD_DIGEST(400, "BadDigest", "The Content-MD5 or checksum value that you specified did not match what the server received."),
    BUCKET_ALREADY_OWNED_BY_YOU(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it."),
    BUCKET_NOT_EMPTY(409, "BucketNotEmpty", "The bucket you tried to delete is not empty"),
    ENTITY_TOO_SMALL(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size."),
    /** [LS] LocalStack's S3 (services/s3/validation.py): a configuration body whose Id is not the query's id. */
    ID_MISMATCH(400, "IdMismatch", "Document ID does not match the specified configuration ID."),
    INCOMPLETE_BODY(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header."),
    INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again."),
    INVALID_ARGUMENT(400, "InvalidArgument", "Invalid Argument"),
    INVALID_BUCKET_NAME(400, "InvalidBucketName", "The specified bucket is not valid."),
    INVALID_DIGEST(400, "InvalidDigest", "The Content-MD5 you specified is not valid."),
    INVALID_PART(400, "InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."),
    INVALID_PART_NUMBER(416, "InvalidPartNumber", "The requested partnumber is not satisfiable"),
    INVALID_PART_ORDER(400, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number."),
    /**
     * [LS] LocalStack's S3 (services/s3/validation.py) for an inventory destination that is not a bucket ARN; the code is
     * also the one github ansible-collections/amazon.aws catches from S3 for it [peer-rec].
     */
    INVALID_S3_DESTINATION_BUCKET(400, "InvalidS3DestinationBucket", "Invalid bucket ARN."),
    INVALID_RANGE(416, "InvalidRange", "The requested range is not satisfiable"),
    INVALID_REQUEST(400, "InvalidRequest", "Invalid Request"),
    KEY_TOO_LONG(400, "KeyTooLongError", "Your key is too long"),
    MALFORMED_XML(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed", "The specified method is not allowed against this resource."),
    MISSING_CONTENT_LENGTH(411, "MissingContentLength", "You must provide the Content-Length HTTP header."),
    NO_SUCH_BUCKET(404, "NoSuchBucket", "The specified bucket does not exist"),
    NO_SUCH_CONFIGURATION(404, "NoSuchConfiguration", "The specified configuration does not exist."),
    NO_SUCH_KEY(404, "NoSuchKey", "The specified key does not exist."),
    NO_SUCH_UPLOAD(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."),
    NO_SUCH_VERSION(404, "NoSuchVersion", "The specified version does not exist."),
    NOT_IMPLEMENTED(501, "NotImplemented", "A header or query you provided implies functionality that is not implemented."),
    NOT_MODIFIED(304, "NotModified", "Not Modified"),
    PRECONDITION_FAILED(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold"),
    TOO_MANY_CONFIGURATIONS(400, "TooManyConfigurations", "You are attempting to create a new configuration but have already reached the 1,000-configuration limit."),
    X_AMZ_CONTENT_SHA256_MISMATCH(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");

    private final int status;
    private final String code;
    private final String message;

    S3Error(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    ServiceException exception() {
        return new ServiceException(status, code, message);
    }

    /** The error with a more specific message (AWS varies the message for the same code). */
    ServiceException exception(String specificMessage) {
        return new ServiceException(status, code, specificMessage);
    }

    static ServiceException noSuchBucket(String bucket) {
        return NO_SUCH_BUCKET.exception().with("BucketName", bucket);
    }

    static ServiceException noSuchKey(String key) {
        return NO_SUCH_KEY.exception().with("Key", key);
    }
}
