package dev.dmapworkbook.localcloud.states.query;

/** A failure inside one of AWS's JSONata functions; its message becomes the cause's detail. */
final class JsonataFunctionError extends RuntimeException {
    JsonataFunctionError(String message) {
        super(message, null, false, false);
    }
}
