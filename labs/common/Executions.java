//DEPS software.amazon.awssdk:sfn

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunExecutionCounts;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Watching Step Functions executions and their Map Runs the way the console's execution page does. */
final class Executions {
    private Executions() {
    }

    /**
     * Polls the execution until it stops, showing its Map Run's counters live and keeping the last line; returns the
     * final description. The Map Run's child executions (running, succeeded, failed) over time become a picture.
     */
    static DescribeExecutionResponse await(Workbook book, SfnClient sfn, String executionArn, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long t0 = System.nanoTime();
        String mapRunArn = null;
        LiveStatus status = new LiveStatus();
        List<double[]> samples = new ArrayList<>();
        samples.add(new double[] {0, 0, 0, 0});
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (mapRunArn == null) {
                mapRunArn = firstMapRun(sfn, executionArn).map(MapRunListItem::mapRunArn).orElse(null);
            }
            String line = "  " + execution.statusAsString();
            if (mapRunArn != null) {
                String arn = mapRunArn;
                DescribeMapRunResponse run = sfn.describeMapRun(r -> r.mapRunArn(arn));
                line = "  Map Run " + run.statusAsString() + " · " + counters(run.itemCounts());
                MapRunExecutionCounts children = run.executionCounts();
                samples.add(new double[] {(System.nanoTime() - t0) / 1e9, children.running(), children.succeeded(),
                        children.failed() + children.timedOut() + children.aborted()});
            }
            line += " · " + Workbook.seconds(System.nanoTime() - t0);
            status.show(book, line);
            if (execution.status() != ExecutionStatus.RUNNING) {
                if (mapRunArn != null) {
                    book.endLive(line);
                }
                book.println("  execution " + execution.statusAsString() + " after " + Workbook.seconds(System.nanoTime() - t0));
                if (mapRunArn != null) {
                    book.picture("The Map Run over time: child executions", overTime(samples));
                }
                return execution;
            }
            if (Instant.now().isAfter(deadline)) {
                throw book.stop("the execution is still RUNNING after " + timeout.toSeconds() + " s: " + executionArn);
            }
            Workbook.sleep(book.local() ? 400 : 2000);
        }
    }

    /** The status line of {@link #await}: redrawn on a terminal; when piped, printed when it changed, at most every 5 s. */
    private static final class LiveStatus {
        private String lastShown = "";
        private long lastPrinted;

        void show(Workbook book, String line) {
            String withoutTime = line.replaceAll(" · [0-9.]+ s$", "");
            boolean changed = !withoutTime.equals(lastShown);
            boolean due = System.nanoTime() - lastPrinted > 5_000_000_000L;
            if (changed || due) {
                book.live(line, changed && due);
                if (changed && due) {
                    lastPrinted = System.nanoTime();
                }
                lastShown = withoutTime;
            } else {
                book.live(line, false);
            }
        }
    }

    /** Running, succeeded and failed (failed, timed out or aborted) child executions against seconds since the start. */
    static String overTime(List<double[]> samples) {
        double[] t = samples.stream().mapToDouble(s -> s[0]).toArray();
        return Charts.lines("The Map Run over time: child executions", "seconds since the execution started",
                "child executions", List.of(
                        new Charts.Series("running", Charts.BLUE, t, samples.stream().mapToDouble(s -> s[1]).toArray()),
                        new Charts.Series("succeeded", Charts.GREEN, t, samples.stream().mapToDouble(s -> s[2]).toArray()),
                        new Charts.Series("failed", Charts.RED, t, samples.stream().mapToDouble(s -> s[3]).toArray())));
    }

    static Optional<MapRunListItem> firstMapRun(SfnClient sfn, String executionArn) {
        List<MapRunListItem> runs = sfn.listMapRuns(r -> r.executionArn(executionArn)).mapRuns();
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    static String counters(MapRunItemCounts c) {
        return String.format(Locale.ROOT, "items %,d/%,d succeeded · %,d failed · %,d running · %,d pending",
                c.succeeded(), c.total(), c.failed(), c.running(), c.pending());
    }

    /** The Map Run's item and child-execution counters as the console's Map Run page shows them. */
    static void showMapRun(Workbook book, DescribeMapRunResponse run) {
        book.fields(Workbook.ordered(
                "Map Run", run.mapRunArn(),
                "status", run.statusAsString(),
                "max concurrency", run.maxConcurrency(),
                "tolerated failure", run.toleratedFailurePercentage() + " % / " + run.toleratedFailureCount() + " items"));
        MapRunItemCounts i = run.itemCounts();
        MapRunExecutionCounts e = run.executionCounts();
        book.table(List.of("", "total", "pending", "running", "succeeded", "failed", "timed out", "aborted"), List.of(
                List.of("items", i.total(), i.pending(), i.running(), i.succeeded(), i.failed(), i.timedOut(), i.aborted()),
                List.of("child executions", e.total(), e.pending(), e.running(), e.succeeded(), e.failed(), e.timedOut(), e.aborted())));
    }
}
