package dev.dmapworkbook.localcloud.lambda;

import dev.dmapworkbook.localcloud.core.ServiceException;

/** Lambda's error codes and HTTP statuses (Lambda API Reference, "Errors" of each action). */
enum LambdaError {
    RESOURCE_NOT_FOUND(404, "ResourceNotFoundException"),
    RESOURCE_CONFLICT(409, "ResourceConflictException"),
    INVALID_PARAMETER_VALUE(400, "InvalidParameterValueException"),
    VALIDATION(400, "ValidationException"),
    INVALID_REQUEST_CONTENT(400, "InvalidRequestContentException"),
    INVALID_ZIP_FILE(400, "InvalidZipFileException"),
    REQUEST_TOO_LARGE(413, "RequestTooLargeException"),
    PRECONDITION_FAILED(412, "PreconditionFailedException"),
    TOO_MANY_REQUESTS(429, "TooManyRequestsException"),
    UNKNOWN_OPERATION(404, "UnknownOperationException"),
    SERVICE(500, "ServiceException");

    private final int status;
    private final String code;

    LambdaError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    ServiceException exception(String message) {
        return new ServiceException(status, code, message);
    }

    static ServiceException functionNotFound(String arn) {
        return RESOURCE_NOT_FOUND.exception("Function not found: " + arn);
    }

    /** AWS names the reason a throttled invocation was refused (TooManyRequestsException.Reason). */
    static ServiceException throttled(String reason) {
        return TOO_MANY_REQUESTS.exception("Rate Exceeded.").with("Reason", reason).with("retryAfterSeconds", "1");
    }
}
