package dev.dmapworkbook.localcloud.logs;

import dev.dmapworkbook.localcloud.core.ServiceException;

/** CloudWatch Logs' error codes and messages (CloudWatch Logs API Reference, "Errors" of each action). */
enum LogsError {
    GROUP_NOT_FOUND(400, "ResourceNotFoundException", "The specified log group does not exist."),
    STREAM_NOT_FOUND(400, "ResourceNotFoundException", "The specified log stream does not exist."),
    GROUP_EXISTS(400, "ResourceAlreadyExistsException", "The specified log group already exists"),
    STREAM_EXISTS(400, "ResourceAlreadyExistsException", "The specified log stream already exists"),
    INVALID_PARAMETER(400, "InvalidParameterException", null),
    UNKNOWN_OPERATION(400, "UnknownOperationException", null);

    private final int status;
    private final String code;
    private final String message;

    LogsError(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    ServiceException exception() {
        return new ServiceException(status, code, message);
    }

    ServiceException exception(String message) {
        return new ServiceException(status, code, message);
    }
}
