package dev.dmapworkbook.localcloud.states.dmap;

/** The ItemReader could not read or parse its source: the Map Run fails with {@code States.ItemReaderFailed} (spec 9.3). */
final class ItemReaderException extends RuntimeException {
    ItemReaderException(String cause) {
        super(cause, null, false, false);
    }
}
