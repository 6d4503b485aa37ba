package dev.dmapworkbook.localcloud.cloudformation;

import dev.dmapworkbook.localcloud.core.ServiceException;

/** CloudFormation's API errors (AWS CloudFormation API Reference, "Common errors" and each action's "Errors"). */
enum CfnError {
    VALIDATION(400, "ValidationError"),
    ALREADY_EXISTS(400, "AlreadyExistsException"),
    INSUFFICIENT_CAPABILITIES(400, "InsufficientCapabilitiesException"),
    CHANGE_SET_NOT_FOUND(404, "ChangeSetNotFound"),
    INVALID_CHANGE_SET_STATUS(400, "InvalidChangeSetStatus"),
    MISSING_PARAMETER(400, "MissingParameter");

    private final int status;
    private final String code;

    CfnError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    ServiceException exception(String message) {
        return new ServiceException(status, code, message);
    }
}
