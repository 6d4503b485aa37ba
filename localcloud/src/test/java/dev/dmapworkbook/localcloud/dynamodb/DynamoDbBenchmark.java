package dev.dmapworkbook.localcloud.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.edge.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints the DynamoDB figures of issue 3's performance list (not asserted anywhere): how long DynamoDB Local
 * takes to start in-process, and 1,000 items written with BatchWriteItem (40 batches of 25) through the edge
 * with the SDK, then in-process with {@link DynamoDbService#call}. Run after {@code test-compile}:
 * {@code java -cp localcloud/target/test-classes:localcloud/target/classes:$(cat cp.txt) dev.dmapworkbook.localcloud.dynamodb.DynamoDbBenchmark}.
 */
public final class DynamoDbBenchmark {
    private static final int ITEMS = 1_000;

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("dynamodb-benchmark");
        long started = System.nanoTime();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
             DynamoDbClient dynamo = DynamoDbContractTest.client(cloud)) {
            double edgeUp = millisSince(started);
            DynamoDbService service = cloud.service(DynamoDbService.class);
            while (!service.state().equals("running")) {
                if (service.state().startsWith("failed")) {
                    throw new IllegalStateException(service.state());
                }
                Thread.sleep(5);
            }
            System.out.printf("edge listening after %.0f ms; DynamoDB Local ready after %.0f ms (its own start: %d ms)%n",
                    edgeUp, millisSince(started), service.startMillis());

            DynamoDbContractTest.createResultsTable(dynamo, "Results");
            for (int round = 1; round <= 3; round++) {
                long t0 = System.nanoTime();
                for (int batch = 0; batch < ITEMS / 25; batch++) {
                    List<WriteRequest> writes = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                                .item(DynamoDbContractTest.station("ST" + round + "-" + (batch * 25 + i), i)).build()).build());
                    }
                    var result = dynamo.batchWriteItem(r -> r.requestItems(Map.of("Results", writes)));
                    if (!result.unprocessedItems().isEmpty()) {
                        throw new IllegalStateException("unprocessed items: " + result.unprocessedItems());
                    }
                }
                report("SDK over the edge, round " + round, t0);
            }
            for (int round = 1; round <= 3; round++) {
                long t0 = System.nanoTime();
                for (int batch = 0; batch < ITEMS / 25; batch++) {
                    ArrayNode writes = Json.MAPPER.createArrayNode();
                    for (int i = 0; i < 25; i++) {
                        writes.add(Json.parse("{\"PutRequest\": {\"Item\": {\"pk\": {\"S\": \"IP" + round + "-" + (batch * 25 + i)
                                + "\"}, \"PRCP\": {\"N\": \"" + i + "\"}}}}"));
                    }
                    service.call("BatchWriteItem", Json.object("RequestItems", Map.of("Results", writes)), "us-east-1");
                }
                report("in-process call(), round " + round, t0);
            }
            System.out.println("items in the table: " + dynamo.scan(r -> r.tableName("Results").select("COUNT")).count());
        }
    }

    private static void report(String what, long t0) {
        double ms = millisSince(t0);
        System.out.printf("%d items by BatchWriteItem (%s): %.0f ms, %.0f items/s%n", ITEMS, what, ms, ITEMS * 1000 / ms);
    }

    private static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
