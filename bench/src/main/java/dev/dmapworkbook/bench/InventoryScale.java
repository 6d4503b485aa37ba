package dev.dmapworkbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.InventoryFrequency;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Issue 19: 1,000,000 keys into STANDARD Pass children in batches of 1,000, once through an {@code s3:listObjectsV2}
 * ItemReader (1,000 pages) and once through the S3 Inventory manifest of the same keys (one GetObject for the
 * manifest, one per data file). The keys are written by the S3 store beforehand and the report is published
 * before the runs (neither measured). Each run gets a fresh local cloud process on the same data dir, the buckets'
 * indexes loaded first; measured: the execution's wall time, the process's peak heap in use and its CPU time.
 */
final class InventoryScale implements Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "bench-inventory";
    private static final String MAP = """
            {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemReader": %s,
              "ItemBatcher": {"MaxItemsPerBatch": 1000},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Count", "States": {"Count": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)"}, "End": true}}},
              "End": true}}}""";
    private static final String LISTING = "{\"Resource\": \"arn:aws:states:::s3:listObjectsV2\", "
            + "\"Parameters\": {\"Bucket\": \"" + BUCKET + "\", \"Prefix\": \"keys/\"}}";
    private static final String MANIFEST = "{\"Resource\": \"arn:aws:states:::s3:getObject\", \"ReaderConfig\": "
            + "{\"InputType\": \"MANIFEST\"}, \"Parameters\": {\"Bucket\": \"" + BUCKET + "-reports\", \"Key.$\": \"$.manifest\"}}";

    @Override
    public void run(Suite suite) throws Exception {
        int keys = suite.options().size(1_000_000, 100_000);
        String size = String.format(Locale.ROOT, "%,d keys", keys);
        Figure listed = suite.report().figure("invListing", "listObjectsV2 reader, " + size, "s", null);
        Figure read = suite.report().figure("invManifest", "inventory manifest reader, " + size, "s", null);
        Figure speedup = suite.report().figure("invSpeedup", "inventory speed-up over listing", "×", Goal.atLeast(2, "×"));
        Figure listedHeap = suite.report().figure("invListingHeap", "listing: local cloud peak heap", "MiB", Goal.atMost(1024, "MiB"));
        Figure readHeap = suite.report().figure("invManifestHeap", "inventory: local cloud peak heap", "MiB", Goal.atMost(1024, "MiB"));
        // CPU time is what a loaded, shared machine distorts least: the wall time waits for every other process too.
        Figure listedCpu = suite.report().figure("invListingCpu", "listing: local cloud CPU time", "s", null);
        Figure readCpu = suite.report().figure("invManifestCpu", "inventory: local cloud CPU time", "s", null);
        // The data dir the processes share; each process has a folder of its own (logs) that goes when it stops.
        Path dataDir = Files.createTempDirectory("bench-inventory-data");
        try {
            long t0 = System.nanoTime();
            Listing.write(dataDir.resolve("s3"), BUCKET, keys);
            System.out.printf(Locale.ROOT, "  %,d keys written into the store in %.1f s (not measured)%n", keys,
                    (System.nanoTime() - t0) / 1e9);
            String manifestKey = prepare(suite, processDir(), dataDir);
            for (int run = 0; run < suite.options().runs(); run++) {
                double[] listing = measure(suite, processDir(), dataDir, "BenchInventoryListing", LISTING, "{}", keys);
                double[] manifest = measure(suite, processDir(), dataDir, "BenchInventoryManifest", MANIFEST,
                        "{\"manifest\": \"" + manifestKey + "\"}", keys);
                listed.add(listing[0]);
                listedHeap.add(listing[1]);
                read.add(manifest[0]);
                readHeap.add(manifest[1]);
                speedup.add(listing[0] / manifest[0]);
                listedCpu.add(listing[2]);
                readCpu.add(manifest[2]);
                System.out.printf(Locale.ROOT, "  run %d: listing %.2f s (peak heap %.0f MiB, CPU %.2f s, JIT %s), inventory "
                        + "%.2f s (peak heap %.0f MiB, CPU %.2f s, JIT %s): %.2f×%n", run + 1, listing[0], listing[1], listing[2],
                        CompilerCpu.show(listing[3]), manifest[0], manifest[1], manifest[2], CompilerCpu.show(manifest[3]),
                        listing[0] / manifest[0]);
            }
        } finally {
            CloudProcess.deleteLater(dataDir);
        }
        for (String key : new String[] {"invListing", "invManifest", "invSpeedup", "invListingHeap", "invManifestHeap",
                "invListingCpu", "invManifestCpu"}) {
            suite.report().show(key);
        }
    }

    /** A local cloud process's own folder (its logs), removed when it stops; the data dir is not in it. */
    private static Path processDir() throws java.io.IOException {
        return Files.createTempDirectory("bench-inventory");
    }

    /** The inventory configuration and its report (published now by the local cloud); returns the manifest's key. */
    private static String prepare(Suite suite, Path dir, Path dataDir) throws Exception {
        try (CloudProcess cloud = CloudProcess.start(suite.project(), dir, dataDir, false);
             S3Client s3 = Clients.local(S3Client.builder().forcePathStyle(true), cloud.endpoint())) {
            s3.createBucket(r -> r.bucket(BUCKET + "-reports"));
            s3.putBucketInventoryConfiguration(r -> r.bucket(BUCKET).id("bench").inventoryConfiguration(c -> c.id("bench")
                    .isEnabled(true).includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                    .schedule(s -> s.frequency(InventoryFrequency.DAILY)).destination(d -> d.s3BucketDestination(b -> b
                            .bucket("arn:aws:s3:::" + BUCKET + "-reports").format("CSV").prefix("inventory")))));
            long t0 = System.nanoTime();
            HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.endpoint()
                    + "/_localcloud/s3-inventory?bucket=" + BUCKET + "&id=bench")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (published.statusCode() != 200) {
                throw new NotMeasured("the inventory report was refused: " + published.body());
            }
            JsonNode report = JSON.readTree(published.body());
            System.out.printf(Locale.ROOT, "  inventory report of %,d objects in %d data file(s) published in %.1f s (not measured)%n",
                    report.get("objects").asLong(), report.at("/manifest/files").size(), (System.nanoTime() - t0) / 1e9);
            return report.get("manifestKey").asText();
        }
    }

    /**
     * One execution on a fresh local cloud process: {wall seconds, peak heap MiB, the process's CPU seconds, of which its
     * JIT compiler threads (NaN when unknown)}.
     */
    private static double[] measure(Suite suite, Path dir, Path dataDir, String machine, String reader, String input,
                                    int keys) throws Exception {
        try (CloudProcess cloud = CloudProcess.start(suite.project(), dir, dataDir, true);
             S3Client s3 = Clients.local(S3Client.builder().forcePathStyle(true), cloud.endpoint());
             SfnClient sfn = Clients.local(SfnClient.builder(), cloud.endpoint())) {
            // What a long-running service has done already: the buckets' key indexes are loaded.
            s3.listObjectsV2(r -> r.bucket(BUCKET).maxKeys(1));
            s3.listObjectsV2(r -> r.bucket(BUCKET + "-reports").maxKeys(1));
            String arn = sfn.createStateMachine(r -> r.name(machine + "-" + System.nanoTime()).type(StateMachineType.STANDARD)
                    .definition(String.format(MAP, reader)).roleArn("arn:aws:iam::000000000000:role/bench")).stateMachineArn();
            cloud.sampleHeap();
            double cpu0 = cpuSeconds(cloud);
            CompilerCpu jit = CompilerCpu.of(cloud.handle.pid());
            long s0 = System.nanoTime();
            String execution = sfn.startExecution(r -> r.stateMachineArn(arn).input(input)).executionArn();
            DescribeExecutionResponse done = Executions.await(sfn, execution, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - s0) / 1e9;
            double heap = cloud.peakHeapMiB();
            double cpu = cpuSeconds(cloud) - cpu0;
            if (done.status() != ExecutionStatus.SUCCEEDED) {
                throw new NotMeasured(machine + " ended " + done.status() + ": " + done.error() + " " + done.cause());
            }
            long items = 0;
            for (JsonNode child : JSON.readTree(done.output())) {
                items += child.path("n").asLong();
            }
            if (items != keys) {
                throw new NotMeasured(machine + ": the children saw " + items + " keys, not " + keys);
            }
            return new double[] {seconds, heap, cpu, jit.secondsSince()};
        }
    }

    /** The local cloud process's CPU time so far (user + system, all threads). */
    private static double cpuSeconds(CloudProcess cloud) throws NotMeasured {
        var cpu = cloud.handle.info().totalCpuDuration();
        if (cpu.isEmpty()) {
            throw new NotMeasured("the local cloud's CPU time cannot be read");
        }
        return cpu.get().toNanos() / 1e9;
    }
}
