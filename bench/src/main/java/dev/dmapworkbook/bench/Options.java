package dev.dmapworkbook.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line: {@code java -jar bench/target/bench.jar [--quick] [--runs N] [--only a,b] [--no-append] [--note TEXT]}. */
record Options(boolean quick, int runs, Set<String> only, boolean append, String note, boolean help) {
    static final List<String> NAMES = Benchmarks.ALL.stream().map(Benchmark.Named::name).toList();

    static final String USAGE = """
            Usage: java -jar bench/target/bench.jar [options]

              --quick        one run each, small sizes (for development); nothing is appended to BENCHMARKS.md
              --runs N       runs per figure (default 3; the figure is their median, with min and max)
              --only LIST    some of: %s (comma-separated)
              --no-append    print only; do not append the row to BENCHMARKS.md
              --note TEXT    a remark for the row's notes column (e.g. "machine shared with 8 builds")
              --help         this text
            """.formatted(String.join(",", NAMES));

    static Options parse(String[] args) {
        boolean quick = false;
        boolean append = true;
        boolean help = false;
        Integer runs = null;
        String note = "";
        Set<String> only = new LinkedHashSet<>();
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--quick" -> quick = true;
                case "--no-append" -> append = false;
                case "--help", "-h" -> help = true;
                case "--runs" -> runs = Integer.parseInt(value != null ? value : next(rest, name));
                case "--note" -> note = value != null ? value : next(rest, name);
                case "--only" -> {
                    for (String b : (value != null ? value : next(rest, name)).split(",")) {
                        if (!NAMES.contains(b.strip())) {
                            throw new IllegalArgumentException("unknown benchmark '" + b + "' (known: " + String.join(", ", NAMES) + ")");
                        }
                        only.add(b.strip());
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n\n" + USAGE);
            }
        }
        int n = runs != null ? runs : quick ? 1 : 3;
        if (n < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        return new Options(quick, n, only, append && !quick, note, help);
    }

    private static String next(List<String> rest, String option) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    boolean selected(String name) {
        return only.isEmpty() || only.contains(name);
    }

    /** A size: the in a full run, a small one with --quick. */
    int size(int full, int quickSize) {
        return quick ? quickSize : full;
    }
}
