package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark: an inline Map over 10,000 and 100,000 items with a Pass state, in-process after warm-up;
 * prints wall time and peak heap (not asserted). Run with
 * {@code ./mvnw -B -o -q -pl localcloud test -Dtest=InlineMapBenchmark -Dasl.benchmark=true}
 * (or {@code java … InlineMapBenchmark} via its main method).
 */
class InlineMapBenchmark {
    static final String DEFINITION = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
              "ItemProcessor": {"StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "End": true}}}, "End": true}}}""";

    /** With a recorded history the 256 KiB output limit applies, so the STANDARD variant returns a count. */
    static final String COUNTING = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
              "ItemProcessor": {"StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "End": true}}},
              "ResultSelector": {"count.$": "States.ArrayLength($)"}, "End": true}}}""";

    @Test
    void inlineMapOfPassStates() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("asl.benchmark"), "benchmark skipped: run with -Dasl.benchmark=true");
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        StateMachine machine = new AslParser(null).parse(DEFINITION, true);
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(4, cores * 2));
        ExecutorService tasks = Executors.newFixedThreadPool(4);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Interpreter interpreter = new Interpreter(Interpreter.Collaborators.of(Integrations.NONE),
                new Interpreter.Settings(executor, tasks, scheduler, Clock.systemUTC(), () -> UUID.randomUUID().toString(), 1.0));
        try {
            StateMachine counting = new AslParser(null).parse(COUNTING, false);
            for (int i = 0; i < 5; i++) {
                run(interpreter, machine, 10_000);
                run(interpreter, counting, input(10_000), new History(Clock.systemUTC(), true));
            }
            for (int size : new int[]{10_000, 100_000}) {
                JsonNode input = input(size);

                System.gc();
                resetPeaks();
                long baseline = usedHeap();
                HeapSampler sampler = new HeapSampler();
                sampler.start();
                long t0 = System.nanoTime();
                JsonNode out = run(interpreter, machine, input);
                long t1 = System.nanoTime();
                sampler.finish();
                long peak = Math.max(sampler.peak, Math.max(peakHeap(), usedHeap()));
                if (out.size() != size) {
                    throw new IllegalStateException("expected " + size + " results, got " + out.size());
                }
                System.out.printf("inline Map of Pass, %,d items: %.3f s wall, peak heap %,d MB (%,d MB above the %,d MB before the run)%n",
                        size, (t1 - t0) / 1e9, peak >> 20, (peak - baseline) >> 20, baseline >> 20);
                long withHistory = System.nanoTime();
                History history = new History(Clock.systemUTC(), true);
                run(interpreter, counting, input, history);
                System.out.printf("  (with a STANDARD history: %,d items, %,d events, %.3f s)%n", size, history.size(),
                        (System.nanoTime() - withHistory) / 1e9);
            }
        } finally {
            executor.shutdownNow();
            tasks.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    static JsonNode input(int size) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        ArrayNode items = input.putArray("items");
        for (int i = 0; i < size; i++) {
            items.addObject().put("id", i).put("name", "item-" + i);
        }
        return input;
    }

    static JsonNode run(Interpreter interpreter, StateMachine machine, int size) throws Exception {
        return run(interpreter, machine, input(size));
    }

    static JsonNode run(Interpreter interpreter, StateMachine machine, JsonNode input) throws Exception {
        return run(interpreter, machine, input, new History(Clock.systemUTC(), false));
    }

    static JsonNode run(Interpreter interpreter, StateMachine machine, JsonNode input, History history) throws Exception {
        ExecutionInfo info = new ExecutionInfo("arn:aws:states:us-east-1:000000000000:express:bench:run:1", "run",
                "arn:aws:states:us-east-1:000000000000:stateMachine:bench", "bench", "arn:aws:iam::000000000000:role/bench",
                "us-east-1", "000000000000", Instant.now(), input, null, true, null);
        Interpreter.Outcome outcome = interpreter.start(machine, info, history, new StopSignal())
                .get(10, TimeUnit.MINUTES);
        if (!outcome.status().equals("SUCCEEDED")) {
            throw new IllegalStateException(outcome.toString());
        }
        return outcome.output();
    }

    /** Samples the used heap every millisecond while the run lasts (the pools' own peaks miss short runs). */
    static final class HeapSampler extends Thread {
        volatile boolean running = true;
        volatile long peak;

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join();
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long usedHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getUsage().getUsed();
            }
        }
        return sum;
    }
}
