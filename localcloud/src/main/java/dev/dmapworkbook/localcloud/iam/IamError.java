package dev.dmapworkbook.localcloud.iam;

import dev.dmapworkbook.localcloud.core.ServiceException;

/** IAM's error codes and statuses (IAM API Reference, "Common Errors" and each action's "Errors"). */
enum IamError {
    NO_SUCH_ENTITY(404, "NoSuchEntity"),
    ENTITY_ALREADY_EXISTS(409, "EntityAlreadyExists"),
    DELETE_CONFLICT(409, "DeleteConflict"),
    MALFORMED_POLICY_DOCUMENT(400, "MalformedPolicyDocument"),
    INVALID_INPUT(400, "InvalidInput"),
    LIMIT_EXCEEDED(409, "LimitExceeded"),
    VALIDATION_ERROR(400, "ValidationError");

    private final int status;
    private final String code;

    IamError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    ServiceException exception(String message) {
        return new ServiceException(status, code, message);
    }
}
