package dev.dmapworkbook.bench;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Issue 9 item 3: lab 00 at the workshop's scale ({@code --full}: 1,292,954 df_electronics rows, 1,293 EXPRESS
 * children of 1,000 rows, ResultWriter) on a fresh local cloud process. Lab 00 runs first on a small CSV (the stack
 * deployed, the JIT warm), then at full size; the figure is the execution's own duration, and the local cloud's
 * peak heap (jstat + GC log) and peak RSS (VmHWM) over its whole life.
 */
final class HelloDmap implements Benchmark {
    static final String LAB = "labs/00-hello-dmap/HelloDmap.java";
    static final String HEADER = "item_id,user_id,rating,timestamp,model_attr,category,brand,year,user_attr,split";

    @Override
    public void run(Suite suite) throws Exception {
        boolean quick = suite.options().quick();
        List<String> size = quick ? List.of("--rows", "100000") : List.of("--full");
        String rows = quick ? "100,000 rows" : "1,292,954 rows";
        Figure wall = suite.report().figure("hello", "hello dmap " + rows + ": execution", "s", Goal.atMost(20, "s"));
        Figure heap = suite.report().figure("helloHeap", "hello dmap: local cloud peak heap", "MiB", Goal.atMost(1024, "MiB"));
        Figure live = suite.report().figure("helloLive", "hello dmap: local cloud peak heap after a collection (live data)",
                "MiB", null);
        Figure rss = suite.report().figure("helloRss", "hello dmap: local cloud peak RSS", "MiB", Goal.atMost(1024, "MiB"));
        Path warmup = smallCsv(suite.project());
        System.out.println("  local cloud: " + CloudProcess.launcherNote(suite.project()));
        for (int run = 0; run < suite.options().runs(); run++) {
            try (CloudProcess cloud = CloudProcess.start(suite.project(), true);
                 SfnClient sfn = Clients.local(SfnClient.builder(), cloud.endpoint())) {
                cloud.sampleHeap();
                if (run == 0) {
                    Labs.compile(suite, cloud, LAB);
                }
                Labs.run(suite, cloud, LAB, List.of("--csv", warmup.toString()));
                double lab = Labs.run(suite, cloud, LAB, size);
                DescribeExecutionResponse done = labExecution(sfn);
                long children = sfn.listMapRuns(r -> r.executionArn(done.executionArn())).mapRuns().stream()
                        .mapToLong(m -> sfn.describeMapRun(r -> r.mapRunArn(m.mapRunArn())).executionCounts().total()).sum();
                double seconds = Executions.seconds(done);
                double peakHeap = cloud.peakHeapMiB();
                double peakRss = cloud.peakRssMiB();
                double peakLive = cloud.peakHeapAfterGcMiB();
                if (!Double.isNaN(peakLive)) {
                    live.add(peakLive);
                }
                wall.add(seconds);
                heap.add(peakHeap);
                rss.add(peakRss);
                System.out.printf(Locale.ROOT, "  run %d: execution %.2f s, %,d children (the lab: %.1f s), peak heap %.0f MiB (%.0f MiB after a collection), "
                        + "peak RSS %.0f MiB%n", run + 1, seconds, children, lab, peakHeap, peakLive, peakRss);
            }
        }
        suite.report().show("hello");
        suite.report().show("helloHeap");
        suite.report().show("helloLive");
        suite.report().show("helloRss");
    }

    /** The execution lab 00 just ran: the newest of HelloDmapStateMachine, which must have succeeded. */
    private static DescribeExecutionResponse labExecution(SfnClient sfn) throws NotMeasured {
        var newest = Executions.newest(sfn, "HelloDmapStateMachine", true, null)
                .orElseThrow(() -> new NotMeasured("lab 00 left no HelloDmapStateMachine execution"));
        DescribeExecutionResponse done = sfn.describeExecution(r -> r.executionArn(newest.executionArn()));
        if (done.status() != ExecutionStatus.SUCCEEDED) {
            throw new NotMeasured("the hello-dmap execution ended " + done.status());
        }
        return done;
    }

    /** 1,000 rows of the df_electronics schema for the warm-up run. */
    private static Path smallCsv(Project project) throws Exception {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        String[] ratings = {"1.0", "2.0", "3.0", "4.0", "5.0"};
        for (int i = 0; i < 1000; i++) {
            csv.append(i).append(',').append(i * 7 % 997).append(',').append(ratings[i % 5]).append(",2015-06-")
                    .append(String.format("%02d", 1 + i % 28)).append(",Female,Headphones,Sony,2015,,0\n");
        }
        Path file = project.workDir().resolve("hello-warmup.csv");
        Files.writeString(file, csv);
        return file;
    }
}
