package dev.dmapworkbook.bench;

import java.util.List;

/**
 * {@code java -jar bench/target/bench.jar [--quick] [--runs N] [--only …]}: every figure of issue 9, each the median
 * of its runs with min and max, a summary with the goals met or missed, and a dated row appended to BENCHMARKS.md.
 * It measures and reports; nothing here asserts a time. A part that cannot run (missing on this checkout, or broken)
 * is reported as "not measured" with the reason.
 */
public final class Benchmarks {
    static final List<Benchmark> ALL = List.of(new ColdStart(), new ServiceCalls(), new LambdaInvoke(), new InterpreterVsPeer(),
            new Listing(), new HelloDmap(), new Workbook());

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        Project project = Project.find();
        Machine machine = Machine.here();
        Suite suite = new Suite(options, project, new Report());
        System.out.println("Benchmarks of " + project.root() + (options.quick() ? " (--quick: small sizes)" : ""));
        System.out.println("on " + machine.oneLine());
        System.out.println(options.runs() + (options.runs() == 1 ? " run" : " runs") + " per figure; local cloud: "
                + CloudProcess.launcherNote(project));
        long t0 = System.nanoTime();
        for (Benchmark benchmark : ALL) {
            if (!options.selected(benchmark.name())) {
                continue;
            }
            System.out.println();
            System.out.println("── " + benchmark.title());
            try {
                benchmark.run(suite);
            } catch (NotMeasured e) {
                suite.report().notMeasured(benchmark.name(), e.getMessage());
            } catch (Exception e) {
                suite.report().notMeasured(benchmark.name(), "failed: " + e);
            }
        }
        suite.report().printSummary(machine, options);
        System.out.printf("%nThe suite took %.1f min.%n", (System.nanoTime() - t0) / 60e9);
        if (options.append()) {
            suite.report().appendRow(project.benchmarksFile(), machine, options);
            System.out.println("Appended a row to " + project.root().relativize(project.benchmarksFile()) + ".");
        } else {
            System.out.println("Nothing appended to BENCHMARKS.md (" + (options.quick() ? "--quick" : "--no-append") + ").");
        }
        // The interpreter's pools and the SDK's threads are daemons or closed; exit explicitly all the same.
        System.exit(0);
    }
}
