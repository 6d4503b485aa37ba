package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.core.ServiceException;

/** The Step Functions errors we return (spec §1: all modeled errors are HTTP 400, code = the shape name). */
enum StatesError {
    EXECUTION_ALREADY_EXISTS("ExecutionAlreadyExists"),
    EXECUTION_DOES_NOT_EXIST("ExecutionDoesNotExist"),
    INVALID_ARN("InvalidArn"),
    INVALID_DEFINITION("InvalidDefinition"),
    INVALID_EXECUTION_INPUT("InvalidExecutionInput"),
    INVALID_NAME("InvalidName"),
    INVALID_TOKEN("InvalidToken"),
    MISSING_REQUIRED_PARAMETER("MissingRequiredParameter"),
    RESOURCE_NOT_FOUND("ResourceNotFound"),
    STATE_MACHINE_ALREADY_EXISTS("StateMachineAlreadyExists"),
    STATE_MACHINE_DOES_NOT_EXIST("StateMachineDoesNotExist"),
    STATE_MACHINE_TYPE_NOT_SUPPORTED("StateMachineTypeNotSupported"),
    TOO_MANY_TAGS("TooManyTags"),
    VALIDATION("ValidationException"),
    UNKNOWN_OPERATION("UnknownOperationException"),
    SERIALIZATION("SerializationException");

    private final String code;

    StatesError(String code) {
        this.code = code;
    }

    ServiceException exception(String message) {
        return new ServiceException(400, code, message);
    }

    static ServiceException invalidArn(String value) {
        return INVALID_ARN.exception("Invalid Arn: 'Invalid ARN prefix: " + value + "'");
    }

    static ServiceException noStateMachine(String arn) {
        return STATE_MACHINE_DOES_NOT_EXIST.exception("State Machine Does Not Exist: '" + arn + "'");
    }

    static ServiceException noExecution(String arn) {
        return EXECUTION_DOES_NOT_EXIST.exception("Execution Does Not Exist: '" + arn + "'");
    }
}
