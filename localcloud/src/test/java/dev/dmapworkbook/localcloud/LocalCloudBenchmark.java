package dev.dmapworkbook.localcloud;

import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.s3.S3Service;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Prints the performance figures (not asserted anywhere): cold start to healthy of the packaged server,
 * 1,005 PutObjects of ~30 KB from one client, listing 10,000 keys, the index rebuild after a restart, listing
 * 100,000 keys in-process ({@code --large}), and 1,000 DynamoDB items by BatchWriteItem.
 * <pre>java -cp localcloud/target/test-classes:localcloud/target/classes:$(test class path) \
 *     dev.dmapworkbook.localcloud.LocalCloudBenchmark [--large]</pre>
 */
public final class LocalCloudBenchmark {
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("localcloud-benchmark");
        coldStart(work);
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(work.resolve("in-process")));
             S3Client s3 = S3Client.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .httpClient(ApacheHttpClient.create()).build()) {
            putObjects(s3);
            listTenThousand(s3, cloud);
            batchWrite(cloud);
        }
        indexRebuild(work.resolve("in-process"));
        if (Arrays.asList(args).contains("--large")) {
            listHundredThousand(work.resolve("large"));
        }
        System.out.println("(work files left in " + work + ")");
    }

    /** {@code java -jar localcloud.jar serve} (or {@code Main serve} from the class path) until health answers. */
    private static void coldStart(Path work) throws Exception {
        Path jar = Path.of("localcloud/target/localcloud.jar");
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            Path dataDir = work.resolve("cold-" + run);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC"));
            if (Files.exists(jar)) {
                command.addAll(List.of("-jar", jar.toString()));
            } else {
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            }
            command.addAll(List.of("serve", "--port", "0", "--data-dir", dataDir.toString()));
            long t0 = System.nanoTime();
            Process server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("cold-" + run + ".log").toFile()).start();
            try {
                while (true) {
                    if (!server.isAlive()) {
                        throw new IllegalStateException("server died: " + Files.readString(work.resolve("cold-" + run + ".log")));
                    }
                    Path endpointFile = dataDir.resolve("localcloud.endpoint");
                    if (Files.exists(endpointFile) && healthy(Files.readString(endpointFile).trim())) {
                        break;
                    }
                    Thread.sleep(5);
                }
                millis.add((System.nanoTime() - t0) / 1_000_000);
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("cold start to healthy (%s): runs %s ms, median %d ms, best %d ms%n",
                Files.exists(jar) ? "java -jar localcloud.jar serve" : "Main serve from the class path", millis,
                sorted.get(sorted.size() / 2), sorted.get(0));
    }

    private static boolean healthy(String endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/_localcloud/health").toURL().openConnection();
            c.setConnectTimeout(200);
            return c.getResponseCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static void putObjects(S3Client s3) {
        s3.createBucket(b -> b.bucket("bench"));
        byte[] body = new byte[30 * 1024];
        new Random(1).nextBytes(body);
        for (int i = 0; i < 50; i++) { // warm-up, as a lab's first cells would be
            int n = i;
            s3.putObject(b -> b.bucket("bench").key("warm/" + n), RequestBody.fromBytes(body));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_005; i++) {
            String key = String.format("csv/by_station/ST%05d.csv", i);
            s3.putObject(b -> b.bucket("bench").key(key), RequestBody.fromBytes(body));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("1,005 PutObjects of 30 KB, one SDK client (apache), sequential: %.2f s (%.1f ms each)%n",
                seconds, seconds * 1000 / 1_005);
    }

    private static void listTenThousand(S3Client s3, LocalCloud cloud) {
        S3Objects objects = cloud.service(S3Service.class).objects();
        objects.createBucket("ten-thousand", "us-east-1");
        for (int i = 0; i < 10_000; i++) {
            objects.putObject("ten-thousand", String.format("keys/%06d", i), new ByteArrayInputStream(new byte[16]), null, Map.of());
        }
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long count = s3.listObjectsV2Paginator(b -> b.bucket("ten-thousand")).contents().stream().count();
            System.out.printf("ListObjectsV2 of %,d keys through the SDK (10 pages): %d ms%n", count,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static void indexRebuild(Path dataDir) throws Exception {
        firstListing(dataDir, "from the clean-shutdown snapshot");
        Files.deleteIfExists(dataDir.resolve("s3/buckets/ten-thousand/index.snapshot"));
        firstListing(dataDir, "scanning every version file, as after a crash");
    }

    private static void firstListing(Path dataDir, String how) {
        long t0 = System.nanoTime();
        S3Objects objects = new S3Service(dataDir.resolve("s3")).objects();
        long opened = System.nanoTime();
        int count = 0;
        for (var page = objects.listObjectsV2("ten-thousand", "", null, 1000); ; ) {
            count += page.contents().size();
            if (page.nextContinuationToken().isEmpty()) {
                break;
            }
            page = objects.listObjectsV2("ten-thousand", "", page.nextContinuationToken().get(), 1000);
        }
        System.out.printf("after a restart: store opened in %d ms, first listing of %,d keys (index %s) %d ms%n",
                (opened - t0) / 1_000_000, count, how, (System.nanoTime() - opened) / 1_000_000);
    }

    private static void listHundredThousand(Path dataDir) {
        S3Service service = new S3Service(dataDir);
        S3Objects objects = service.objects();
        objects.createBucket("hundred-thousand", "us-east-1");
        long t0 = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            objects.putObject("hundred-thousand", String.format("k/%07d", i), new ByteArrayInputStream(new byte[8]), null, Map.of());
        }
        System.out.printf("100,000 in-process puts: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        for (int round = 0; round < 2; round++) {
            long t1 = System.nanoTime();
            int count = 0;
            String token = null;
            do {
                var page = objects.listObjectsV2("hundred-thousand", "", token, 1000);
                count += page.contents().size();
                token = page.nextContinuationToken().orElse(null);
            } while (token != null);
            System.out.printf("listing %,d keys in-process (100 pages): %d ms%n", count, (System.nanoTime() - t1) / 1_000_000);
        }
        service.close();
        long t2 = System.nanoTime();
        int first = new S3Service(dataDir).objects().listObjectsV2("hundred-thousand", "", null, 1000).contents().size();
        System.out.printf("after a clean restart: first page (%d keys) of 100,000 with the snapshot loaded: %d ms%n", first,
                (System.nanoTime() - t2) / 1_000_000);
    }

    private static void batchWrite(LocalCloud cloud) {
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.create()).build()) {
            ddb.createTable(b -> b.tableName("bench").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            long t0 = System.nanoTime();
            for (int batch = 0; batch < 40; batch++) {
                List<WriteRequest> writes = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    int n = batch * 25 + i;
                    writes.add(WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", AttributeValue.fromS("ST" + n),
                            "PRCP", AttributeValue.fromN(String.valueOf(n))))).build());
                }
                var response = ddb.batchWriteItem(b -> b.requestItems(Map.of("bench", writes)));
                if (!response.unprocessedItems().isEmpty()) {
                    throw new IllegalStateException("unprocessed items");
                }
            }
            System.out.printf("DynamoDB: 1,000 items by BatchWriteItem (40 x 25): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
