package dev.dmapworkbook.localcloud.states.dmap;

/** The ResultWriter could not write: the Map Run fails with {@code States.ResultWriterFailed} (spec 9.7). */
final class ResultWriterException extends RuntimeException {
    ResultWriterException(String cause) {
        super(cause, null, false, false);
    }
}
