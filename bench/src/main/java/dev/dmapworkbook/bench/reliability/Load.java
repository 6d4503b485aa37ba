package dev.dmapworkbook.bench.reliability;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The edge under pressure: stalled clients, many concurrent clients, a large EXPRESS Map Run, other web sites. */
final class Load {
    private Load() {
    }

    /** {@code stalled} connections that send half a head or half a body, then the health check, timed. */
    static Tally stalledClients(Path dir, int stalled) throws Exception {
        try (Cloud cloud = Cloud.start(dir.resolve("stalled"))) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < stalled; i++) {
                    Socket socket = new Socket("127.0.0.1", cloud.port);
                    socket.getOutputStream().write((i % 2 == 0 ? "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                            : "PUT /b/k HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nfirst")
                            .getBytes(StandardCharsets.US_ASCII));
                    sockets.add(socket);
                }
                long t0 = System.nanoTime();
                boolean healthy = cloud.healthy(false);
                double ms = (System.nanoTime() - t0) / 1e6;
                return new Tally("stalled clients", 1, healthy ? 1 : 0, healthy ? 0 : 1, String.format(java.util.Locale.ROOT,
                        "%d stalled connections open; the health check answered %s in %.0f ms", stalled,
                        healthy ? "200" : "nothing", ms));
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /** {@code clients} threads, each with its own SDK clients, doing S3 and DynamoDB writes and reads for {@code seconds}. */
    static Tally concurrentClients(Path dir, int clients, int seconds) throws Exception {
        try (Cloud cloud = Cloud.start(dir.resolve("concurrent"))) {
            try (S3Client s3 = Sdk.client(S3Client.builder().forcePathStyle(true), cloud.endpoint());
                 DynamoDbClient dynamo = Sdk.client(DynamoDbClient.builder(), cloud.endpoint())) {
                s3.createBucket(r -> r.bucket("load"));
                dynamo.createTable(r -> r.tableName("Load").billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
            }
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            StringBuffer first = new StringBuffer();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> writeAndRead(cloud, client, end, ok, failed, first), "client " + c);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            return new Tally("concurrent clients", ok.get() + failed.get(), ok.get(), failed.get(), clients + " clients for "
                    + seconds + " s, S3 PutObject/GetObject + DynamoDB PutItem/GetItem each round, reads checked"
                    + (first.length() == 0 ? "" : "; first failure: " + first));
        }
    }

    /** One client's rounds until {@code end}: each writes a key to S3 and DynamoDB and reads it back (4 calls counted). */
    private static void writeAndRead(Cloud cloud, int client, long end, AtomicLong ok, AtomicLong failed, StringBuffer first) {
        try (S3Client s3 = Sdk.client(S3Client.builder().forcePathStyle(true), cloud.endpoint());
             DynamoDbClient dynamo = Sdk.client(DynamoDbClient.builder(), cloud.endpoint())) {
            for (int i = 0; System.nanoTime() < end; i++) {
                String key = "c" + client + "-" + i;
                try {
                    s3.putObject(r -> r.bucket("load").key(key), RequestBody.fromString(key));
                    boolean same = s3.getObjectAsBytes(r -> r.bucket("load").key(key)).asUtf8String().equals(key);
                    dynamo.putItem(r -> r.tableName("Load").item(Map.of("pk", AttributeValue.fromS(key))));
                    same &= dynamo.getItem(r -> r.tableName("Load").key(Map.of("pk", AttributeValue.fromS(key)))).hasItem();
                    (same ? ok : failed).addAndGet(4);
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    if (first.length() == 0) {
                        first.append(e.getMessage());
                    }
                }
            }
        }
    }

    /** A Distributed Map of {@code items} EXPRESS Pass children, items read from S3: all must succeed and be counted. */
    static Tally expressChildren(Path dir, int items) throws Exception {
        try (Cloud cloud = Cloud.start(dir.resolve("express"));
             S3Client s3 = Sdk.client(S3Client.builder().forcePathStyle(true), cloud.endpoint());
             SfnClient sfn = Sdk.client(SfnClient.builder(), cloud.endpoint())) {
            s3.createBucket(r -> r.bucket("items"));
            StringBuilder array = new StringBuilder("[");
            for (int i = 0; i < items; i++) {
                array.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append('}');
            }
            s3.putObject(r -> r.bucket("items").key("items.json"), RequestBody.fromString(array.append(']').toString()));
            String definition = "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemReader\":{\"Resource\":"
                    + "\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"JSON\"},\"Parameters\":{\"Bucket\":\"items\","
                    + "\"Key\":\"items.json\"}},\"MaxConcurrency\":100,\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                    + "\"ExecutionType\":\"EXPRESS\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},"
                    + "\"ResultSelector\":{\"n.$\":\"States.ArrayLength($)\"},\"End\":true}}}";
            String machine = sfn.createStateMachine(r -> r.name("express").roleArn(Sdk.ROLE).definition(definition)).stateMachineArn();
            String execution = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
            long t0 = System.nanoTime();
            DescribeExecutionResponse done = sfn.describeExecution(r -> r.executionArn(execution));
            while (done.status() == ExecutionStatus.RUNNING && System.nanoTime() - t0 < 600e9) {
                Thread.sleep(200);
                done = sfn.describeExecution(r -> r.executionArn(execution));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<MapRunListItem> runs = sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns();
            long succeeded = runs.isEmpty() ? 0
                    : sfn.describeMapRun(r -> r.mapRunArn(runs.get(0).mapRunArn())).itemCounts().succeeded();
            boolean ok = done.status() == ExecutionStatus.SUCCEEDED;
            return new Tally("EXPRESS children", items, succeeded, items - succeeded, String.format(java.util.Locale.ROOT,
                    "execution %s in %.1f s; Map Run counts %d succeeded", done.status(), seconds, succeeded)
                    + (ok ? "" : "; " + done.error() + " " + done.cause()));
        }
    }

    /** What another web site can make a browser send: a foreign Origin, a rebound DNS name in Host, a cross-site form. */
    static Tally crossOrigin(Path dir) throws Exception {
        try (Cloud cloud = Cloud.start(dir.resolve("origin"));
             LambdaClient lambda = Sdk.client(LambdaClient.builder(), cloud.endpoint())) {
            String create = "{\"FunctionName\":\"evil\",\"Runtime\":\"java17\",\"Handler\":\"x.Y::h\",\"Role\":\"" + Sdk.ROLE
                    + "\",\"Code\":{\"ZipFile\":\"" + java.util.Base64.getEncoder().encodeToString(Sdk.tinyZip()) + "\"}}";
            List<String> attacks = List.of(
                    "POST /2015-03-31/functions HTTP/1.1\r\nHost: 127.0.0.1:" + cloud.port + "\r\nOrigin: http://evil.example\r\n"
                            + "Content-Type: text/plain\r\nContent-Length: " + create.length() + "\r\nConnection: close\r\n\r\n" + create,
                    "POST /2015-03-31/functions HTTP/1.1\r\nHost: evil.example:" + cloud.port + "\r\nContent-Type: text/plain\r\n"
                            + "Content-Length: " + create.length() + "\r\nConnection: close\r\n\r\n" + create,
                    "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + cloud.port + "\r\nOrigin: null\r\nContent-Type: "
                            + "application/x-www-form-urlencoded\r\nContent-Length: 35\r\nConnection: close\r\n\r\n"
                            + "Action=DeleteStack&StackName=stack1",
                    "GET /2015-03-31/functions/ HTTP/1.1\r\nHost: 127.0.0.1:" + cloud.port + "\r\nSec-Fetch-Site: cross-site\r\n"
                            + "Sec-Fetch-Mode: no-cors\r\nConnection: close\r\n\r\n");
            long refused = 0;
            for (String attack : attacks) {
                refused += RawHttp.send(cloud.port, attack.getBytes(StandardCharsets.UTF_8), false).status() == 403 ? 1 : 0;
            }
            boolean noFunction = lambda.listFunctions().functions().isEmpty();
            return new Tally("cross-origin requests", attacks.size(), refused, attacks.size() - refused,
                    "403 before any service; functions created by them: " + (noFunction ? "none" : "SOME"));
        }
    }
}
