package dev.dmapworkbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.s3.S3Service;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 9 item 5: a Distributed Map whose ItemReader lists 100,000 keys (s3:listObjectsV2, 100 pages) into STANDARD
 * Pass children of 1,000 items each. The keys are written into the data dir beforehand by the S3 store itself
 * (faster than 100,000 PutObjects, and not what is measured); then the local cloud process serves them.
 */
final class Listing implements Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFINITION = """
            {"StartAt": "Map", "States": {"Map": {"Type": "Map",
              "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "bench-listing", "Prefix": "keys/"}},
              "ItemBatcher": {"MaxItemsPerBatch": 1000},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Count", "States": {"Count": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)"}, "End": true}}},
              "End": true}}}""";

    @Override
    public void run(Suite suite) throws Exception {
        int keys = suite.options().size(100_000, 10_000);
        Figure figure = suite.report().figure("listing", String.format("listing %,d keys into %,d children", keys, (keys + 999) / 1000),
                "s", Goal.atMost(10, "s"));
        Path dir = Files.createTempDirectory("bench-listing");
        long t0 = System.nanoTime();
        write(dir.resolve("data").resolve("s3"), "bench-listing", keys);
        System.out.printf("  %,d keys written into the store in %.1f s (not measured)%n", keys, (System.nanoTime() - t0) / 1e9);
        try (CloudProcess cloud = CloudProcess.start(suite.project(), dir, dir.resolve("data"), false);
             SfnClient sfn = Clients.local(SfnClient.builder(), cloud.endpoint())) {
            String arn = sfn.createStateMachine(r -> r.name("BenchListing").type(StateMachineType.STANDARD).definition(DEFINITION)
                    .roleArn("arn:aws:iam::000000000000:role/bench")).stateMachineArn();
            // One execution first, not counted: the store's key index loads and the JIT warms.
            for (int run = suite.options().quick() ? 0 : -1; run < suite.options().runs(); run++) {
                long s0 = System.nanoTime();
                String execution = sfn.startExecution(r -> r.stateMachineArn(arn).input("{}")).executionArn();
                DescribeExecutionResponse done = Executions.await(sfn, execution, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - s0) / 1e9;
                if (done.status() != ExecutionStatus.SUCCEEDED) {
                    throw new NotMeasured("the listing execution ended " + done.status() + ": " + done.error() + " " + done.cause());
                }
                long items = 0;
                for (JsonNode child : JSON.readTree(done.output())) {
                    items += child.path("n").asLong();
                }
                if (items != keys) {
                    throw new NotMeasured("the children saw " + items + " keys, not " + keys);
                }
                if (run < 0) {
                    System.out.printf("  warm-up: %.2f s%n", seconds);
                    continue;
                }
                figure.add(seconds);
                System.out.printf("  run %d: %,d keys in %.2f s (service clock %.2f s)%n", run + 1, items, seconds, Executions.seconds(done));
            }
            suite.report().show("listing");
        }
    }

    /** The keys {@code keys/0000000…}, one byte each, written by the local cloud's own S3 store on {@code s3Root}. */
    static void write(Path s3Root, String bucket, int keys) throws Exception {
        S3Service service = new S3Service(s3Root);
        try {
            S3Objects s3 = service.objects();
            s3.createBucket(bucket, "us-east-1");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int part = 0; part < 4; part++) {
                int first = part;
                done.add(pool.submit(() -> {
                    for (int i = first; i < keys; i += 4) {
                        s3.putObject(bucket, String.format("keys/%07d", i), new ByteArrayInputStream(new byte[] {'x'}),
                                "text/plain", Map.of());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        } finally {
            service.close();
        }
    }
}
