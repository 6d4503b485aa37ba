package dev.dmapworkbook.bench;

import java.util.List;

/** What every benchmark gets: the options, the checkout, the report. */
record Suite(Options options, Project project, Report report) {
    /** The median of a list of samples (for progress lines). */
    static double median(List<Double> values) {
        Figure f = new Figure("", "", "", null);
        values.forEach(f::add);
        return f.median();
    }
}
