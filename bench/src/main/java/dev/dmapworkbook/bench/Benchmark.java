package dev.dmapworkbook.bench;

/** One part of the suite: measures its figures into the report, or throws {@link NotMeasured} saying why not. */
interface Benchmark {
    /** The name {@code --only} takes. */
    String name();

    /** The heading printed before it runs (its number is the issue's). */
    String title();

    void run(Suite suite) throws Exception;
}
