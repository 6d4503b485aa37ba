package dev.dmapworkbook.lambda;

/**
 * The event has no {@code BatchInput.Bucket}: the Map state's ItemBatcher did not pass the bucket. This is
 * the failure the workshop's lab 02 provokes on purpose; the message alone must explain it.
 */
final class MissingBatchInputException extends IllegalArgumentException {

    MissingBatchInputException(String message) {
        super(message);
    }
}
