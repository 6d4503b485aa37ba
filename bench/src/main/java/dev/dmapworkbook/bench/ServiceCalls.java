package dev.dmapworkbook.bench;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The service figures issue 3 asks for, through the SDK against the local cloud process: 1,005 PutObjects of
 * ~30 KB from one client (one after the other), ListObjectsV2 over 10,000 keys, 1,000 items by BatchWriteItem.
 */
final class ServiceCalls implements Benchmark {
    @Override
    public void run(Suite suite) throws Exception {
        Options o = suite.options();
        int puts = o.size(1_005, 100);
        int listKeys = o.size(10_000, 1_000);
        int items = o.size(1_000, 100);
        var stations = StationFiles.load(suite.project().noahZip(), puts);
        Figure putFigure = suite.report().figure("puts", String.format("%,d PutObjects (%s), one client", stations.files().size(),
                stations.source()), "s", null);
        Figure listFigure = suite.report().figure("list10k", String.format("ListObjectsV2 over %,d keys (all pages)", listKeys), "ms", null);
        Figure batchFigure = suite.report().figure("batchWrite", String.format("%,d items by BatchWriteItem (25 per call)", items), "ms", null);
        try (CloudProcess cloud = CloudProcess.start(suite.project());
             S3Client s3 = Clients.local(S3Client.builder(), cloud.endpoint());
             DynamoDbClient dynamo = Clients.local(DynamoDbClient.builder(), cloud.endpoint())) {
            puts(s3, stations, o, putFigure);
            suite.report().show("puts");
            listing(s3, listKeys, o, listFigure);
            suite.report().show("list10k");
            batchWrites(dynamo, items, o, batchFigure);
            suite.report().show("batchWrite");
        }
    }

    private static void puts(S3Client s3, StationFiles.Loaded stations, Options o, Figure figure) {
        s3.createBucket(r -> r.bucket("bench-puts"));
        // warm-up (not counted): the client's and the server's first requests
        for (int i = 0; i < 50; i++) {
            String key = "warmup/" + i;
            s3.putObject(r -> r.bucket("bench-puts").key(key), RequestBody.fromString("x"));
        }
        for (int run = 0; run < o.runs(); run++) {
            String prefix = "run" + run + "/csv/by_station/";
            long t0 = System.nanoTime();
            for (var file : stations.files().entrySet()) {
                s3.putObject(r -> r.bucket("bench-puts").key(prefix + file.getKey()), RequestBody.fromBytes(file.getValue()));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            figure.add(seconds);
            System.out.printf("  run %d: %,d PutObjects in %.2f s (%.1f ms each)%n", run + 1, stations.files().size(), seconds,
                    seconds * 1000 / stations.files().size());
        }
    }

    private static void listing(S3Client s3, int listKeys, Options o, Figure figure) throws Exception {
        s3.createBucket(r -> r.bucket("bench-list"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < listKeys; i++) {
            String key = String.format("keys/%07d", i);
            done.add(pool.submit(() -> s3.putObject(r -> r.bucket("bench-list").key(key), RequestBody.fromString("x"))));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        for (int run = -1; run < o.runs(); run++) {
            long t0 = System.nanoTime();
            long count = s3.listObjectsV2Paginator(r -> r.bucket("bench-list").prefix("keys/")).contents().stream().count();
            double ms = (System.nanoTime() - t0) / 1e6;
            if (count != listKeys) {
                throw new NotMeasured("ListObjectsV2 returned " + count + " keys, not " + listKeys);
            }
            if (run >= 0) {
                figure.add(ms);
                System.out.printf("  run %d: listed %,d keys in %.0f ms%n", run + 1, count, ms);
            }
        }
    }

    private static void batchWrites(DynamoDbClient dynamo, int items, Options o, Figure figure) {
        dynamo.createTable(r -> r.tableName("BenchResults").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
        for (int run = -1; run < o.runs(); run++) {
            long t0 = System.nanoTime();
            for (int first = 0; first < items; first += 25) {
                List<WriteRequest> writes = new ArrayList<>();
                for (int i = first; i < Math.min(items, first + 25); i++) {
                    writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                            "pk", AttributeValue.fromS("R" + run + "-" + i), "PRCP", AttributeValue.fromN(Integer.toString(i))))
                            .build()).build());
                }
                Map<String, List<WriteRequest>> pending = Map.of("BenchResults", writes);
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    pending = dynamo.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (run >= 0) {
                figure.add(ms);
                System.out.printf("  run %d: %,d items in %.0f ms%n", run + 1, items, ms);
            }
        }
    }
}
