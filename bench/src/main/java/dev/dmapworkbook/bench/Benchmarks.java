package dev.dmapworkbook.bench;

import java.util.List;

/**
 * {@code java -jar bench/target/bench.jar [--quick] [--runs N] [--only …]}: every figure of issue 9, each the median
 * of its runs with min and max, a summary with the goals met or missed, and a dated row appended to BENCHMARKS.md.
 * It measures and reports; nothing here asserts a time. A part that cannot run (missing on this checkout, or broken)
 * is reported as "not measured" with the reason.
 */
public final class Benchmarks {
    static final List<Benchmark.Named> ALL = List.of(
            new Benchmark.Named("coldstart", "6. Cold start: java -jar localcloud/target/localcloud.jar serve → healthy", new ColdStart()),
            new Benchmark.Named("services", "Service calls (issue 3): PutObject, ListObjectsV2, BatchWriteItem through the SDK",
                    new ServiceCalls()),
            new Benchmark.Named("lambda", "7. Lambda: cold and warm Invoke of the workbook's function (one station file per call)",
                    new LambdaInvoke()),
            new Benchmark.Named("interpreter", "4. Interpreter core: inline Map of Pass states, ours (in-process) vs Node's "
                    + InterpreterVsPeer.PEER + " " + InterpreterVsPeer.PEER_VERSION, new InterpreterVsPeer()),
            new Benchmark.Named("listing", "5. Listing scale: listObjectsV2 ItemReader into Pass children, batches of 1,000",
                    new Listing()),
            new Benchmark.Named("inventory", "Issue 19. 1,000,000 keys into Pass children: listObjectsV2 ItemReader vs S3 Inventory "
                    + "manifest", new InventoryScale()),
            new Benchmark.Named("hello", "3. Hello dmap at workshop scale: lab 00 --full (1,292,954 rows, 1,293 EXPRESS children, "
                    + "ResultWriter)", new HelloDmap()),
            new Benchmark.Named("console", "Console pages (issue 15): a Map Run of 10,000 STANDARD children in the browser's "
                    + "view (execution, Map Run, FAILED filter, second page, live JSON)", new ConsolePages()),
            new Benchmark.Named("workbook", "1 + 2. The workbook (labs 01 → 04) and the orchestration overhead of lab 03's workflow",
                    new Workbook()));

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
        Suite suite = new Suite(options, project, new Report(Report.commit(project.root())));
        System.out.println("Benchmarks of " + project.root() + (options.quick() ? " (--quick: small sizes)" : ""));
        System.out.println("on " + machine.oneLine());
        System.out.println(options.runs() + (options.runs() == 1 ? " run" : " runs") + " per figure; local cloud: "
                + CloudProcess.launcherNote(project));
        long t0 = System.nanoTime();
        runSelected(suite, options);
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

    /** Each benchmark {@code --only} selects, in order; one that cannot measure is reported as not measured. */
    private static void runSelected(Suite suite, Options options) {
        for (Benchmark.Named benchmark : ALL) {
            if (!options.selected(benchmark.name())) {
                continue;
            }
            System.out.println();
            System.out.println("── " + benchmark.title());
            try {
                benchmark.benchmark().run(suite);
            } catch (NotMeasured e) {
                suite.report().notMeasured(benchmark.name(), e.getMessage());
            } catch (Exception e) {
                suite.report().notMeasured(benchmark.name(), "failed: " + e);
            }
        }
    }
}
