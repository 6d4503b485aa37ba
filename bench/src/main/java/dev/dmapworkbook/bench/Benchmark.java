package dev.dmapworkbook.bench;

/** One part of the suite: measures its figures into the report, or throws {@link NotMeasured} saying why not. */
interface Benchmark {
    void run(Suite suite) throws Exception;

    /** A benchmark with the name {@code --only} takes and the heading printed before it (its number is the issue's). */
    record Named(String name, String title, Benchmark benchmark) {
    }
}
