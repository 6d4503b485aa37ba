package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.edge.Json;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two Distributed Map figures of issue 6, printed (never asserted): the hello-dmap definition over a
 * generated df_electronics.csv (EXPRESS children of 1,000 rows) and a listObjectsV2 Map over many keys into
 * Pass children in batches of 1,000. Run it in a JVM with {@code -Xmx1g}: {@code DistributedMapBenchmarkTest}
 * does that with {@code -Ddmap.benchmark=true}.
 *
 * <pre>java -Xmx1g -cp … DistributedMapBenchmark [helloRows] [listingKeys]</pre>
 */
public final class DistributedMapBenchmark {
    private DistributedMapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_292_954;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path temp = Files.createTempDirectory("dmap-benchmark");
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            if (rows > 0) {
                hello(c, temp, rows);
            }
            if (keys > 0) {
                listing(c, keys);
            }
        } finally {
            deleteTree(temp);
        }
    }

    private static void hello(SdkCloud c, Path temp, long rows) throws Exception {
        c.bucket("hello-input");
        c.bucket("hello-results");
        Path csv = temp.resolve("df_electronics.csv");
        ElectronicsCsvFile.Summary summary = ElectronicsCsvFile.write(csv, rows, 1);
        c.put("hello-input", "df_electronics.csv", csv);
        String definition = new String(DistributedMapBenchmark.class.getResourceAsStream("/dmap/hello-dmap.asl.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("${InputBucket}", "hello-input").replace("${ResultsBucket}", "hello-results");
        String sm = c.createStateMachine("HelloDmapStateMachine", definition);
        // warm-up on a small file, then the measured run
        c.put("hello-input", "warmup.csv", ElectronicsCsvFile.HEADER + "\n1,2,5.0,2000-01-01,Male,Headphones,,2000,,0\n");
        c.await(c.start(sm, "{\"key\":\"warmup.csv\",\"output\":\"warmup\"}"));
        HeapWatch heap = HeapWatch.start();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        String execution = c.start(sm, "{\"key\":\"df_electronics.csv\",\"output\":\"results\"}");
        DescribeExecutionResponse done = c.await(execution);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        long peak = heap.stop();
        String mapRunArn = c.sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns().get(0).mapRunArn();
        DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
        System.out.printf(Locale.ROOT, "hello-dmap: %,d rows, %,d EXPRESS children, %s in %.2f s (goal <= 20 s); "
                        + "process CPU %.1f s on %d cores (load average %.1f); peak heap %,d MiB of max %,d MiB (goal <= 1024); "
                        + "%,d highly rated rows expected%n",
                summary.rows(), run.executionCounts().total(), done.status(), seconds, cpu,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20, summary.highlyRated());
        if (done.status() != ExecutionStatus.SUCCEEDED) {
            System.out.println("  error: " + done.error() + " " + done.cause());
        } else {
            System.out.println("  output: " + Json.parse(done.output()));
        }
    }

    private static void listing(SdkCloud c, int keys) throws InterruptedException {
        c.bucket("listing");
        var objects = c.cloud.service(dev.dmapworkbook.localcloud.s3.S3Service.class).objects();
        long u0 = System.nanoTime();
        for (int i = 0; i < keys; i++) {
            objects.putObject("listing", String.format("keys/k%07d", i), new java.io.ByteArrayInputStream(new byte[]{'x'}),
                    "text/plain", java.util.Map.of());
        }
        double upload = (System.nanoTime() - u0) / 1e9;
        String sm = c.createStateMachine("ListingBenchmark", "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\","
                + "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"Parameters\":{\"Bucket\":\"listing\","
                + "\"Prefix\":\"keys/\"}},\"ItemBatcher\":{\"MaxItemsPerBatch\":1000},\"ItemProcessor\":{\"ProcessorConfig\":"
                + "{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                + "\"Parameters\":{\"n.$\":\"States.ArrayLength($.Items)\"},\"End\":true}}},\"End\":true}}}");
        HeapWatch heap = HeapWatch.start();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        String execution = c.start(sm, "{}");
        DescribeExecutionResponse done = c.await(execution);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        long peak = heap.stop();
        long items = 0;
        if (done.status() == ExecutionStatus.SUCCEEDED) {
            for (var child : Json.parse(done.output())) {
                items += child.get("n").asLong();
            }
        }
        System.out.printf(Locale.ROOT, "listing: %,d keys (put in-process in %.1f s) through listObjectsV2 into Pass children "
                + "in batches of 1,000: %s, %,d items in %.2f s (goal <= 10 s), process CPU %.1f s; peak heap %,d MiB%n",
                keys, upload, done.status(), items, seconds, cpu, peak >> 20);
    }

    /** Samples the heap in use every 20 ms (plus the pools' own peaks) while a run goes. */
    private static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        private HeapWatch() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    SdkCloud.sleep(20);
                }
            }, "heap-watch");
            thread.setDaemon(true);
            thread.start();
        }

        static HeapWatch start() {
            System.gc();
            return new HeapWatch();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak.get();
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
