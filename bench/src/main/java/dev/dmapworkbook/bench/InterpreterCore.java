package dev.dmapworkbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.asl.AslParser;
import dev.dmapworkbook.localcloud.states.asl.ExecutionInfo;
import dev.dmapworkbook.localcloud.states.asl.History;
import dev.dmapworkbook.localcloud.states.asl.Integrations;
import dev.dmapworkbook.localcloud.states.asl.Interpreter;
import dev.dmapworkbook.localcloud.states.asl.StateMachine;
import dev.dmapworkbook.localcloud.states.asl.StopSignal;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Our ASL interpreter in this JVM, configured as the Step Functions service configures it (a state pool of
 * max(4, 2 × cores) threads, a task pool, one timer thread), running an EXPRESS execution (no history) of a
 * definition over an input: wall time, and the heap in use at its peak, whole and above what was in use before.
 */
final class InterpreterCore implements AutoCloseable {
    /** What one execution cost. */
    record Sample(double millis, double peakHeapMiB, double heapGrowthMiB) {
    }

    private final ExecutorService executor;
    private final ExecutorService tasks;
    private final ScheduledExecutorService scheduler;
    private final Interpreter interpreter;

    InterpreterCore() {
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        executor = Executors.newFixedThreadPool(threads);
        tasks = Executors.newFixedThreadPool(4);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        interpreter = new Interpreter(Interpreter.Collaborators.of(Integrations.NONE),
                // without AWS's 256 KiB payload quota: 10,000 items are already ~290 KB, and the peer has no quota
                // (the size checks still run, so their cost is in the figure)
                new Interpreter.Settings(executor, tasks, scheduler, Clock.systemUTC(), () -> UUID.randomUUID().toString(), 1.0,
                        Long.MAX_VALUE));
    }

    /** {@code {"items": [{"id": 0, "name": "item-0"}, …]}}: the input both interpreters get. */
    static ObjectNode items(int n) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        ArrayNode items = input.putArray("items");
        for (int i = 0; i < n; i++) {
            items.addObject().put("id", i).put("name", "item-" + i);
        }
        return input;
    }

    /** Parses and runs the definition once; fails unless the execution succeeds with exactly {@code expected} as output. */
    Sample run(String definition, JsonNode input, JsonNode expected) throws Exception {
        System.gc();
        long before = HeapPeak.used();
        HeapPeak watch = new HeapPeak();
        long t0 = System.nanoTime();
        StateMachine machine = new AslParser(false).parse(definition, true);
        ExecutionInfo info = new ExecutionInfo("arn:aws:states:us-east-1:000000000000:express:bench:run:1", "run",
                "arn:aws:states:us-east-1:000000000000:stateMachine:bench", "bench", "arn:aws:iam::000000000000:role/bench",
                "us-east-1", "000000000000", Instant.now(), input, null, true, null);
        Interpreter.Outcome outcome = interpreter.start(machine, info, new History(Clock.systemUTC(), false), new StopSignal())
                .get(30, TimeUnit.MINUTES);
        double millis = (System.nanoTime() - t0) / 1e6;
        long peak = watch.stop();
        if (!outcome.status().equals("SUCCEEDED") || !expected.equals(outcome.output())) {
            throw new NotMeasured("our interpreter ended " + outcome.status() + " " + outcome.error() + " " + outcome.cause()
                    + " with " + (outcome.output() == null ? 0 : outcome.output().size()) + " results, not the " + expected.size()
                    + " items it was given");
        }
        return new Sample(millis, peak / 1048576.0, (peak - before) / 1048576.0);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        tasks.shutdownNow();
        scheduler.shutdownNow();
    }
}
