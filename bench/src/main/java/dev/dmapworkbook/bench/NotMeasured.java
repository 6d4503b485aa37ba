package dev.dmapworkbook.bench;

/** A figure that cannot be measured here and now (a part missing or broken): reported, never faked. */
final class NotMeasured extends Exception {
    NotMeasured(String reason) {
        super(reason);
    }
}
