package dev.dmapworkbook.bench.reliability;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * "A 200 means it is on disk": writers call each service as fast as they can, the local cloud is killed with
 * SIGKILL while they still write, restarted on the same data dir, and every write it had confirmed is looked up.
 * Step Functions' records are counted the same way (state machines, started executions).
 */
final class Durability {
    /** One service's writes: {@code write(i)} returns normally once confirmed; {@code present(i)} looks it up after. */
    record Writer(String name, IntFunction<Void> write, Predicate<Integer> present) {
    }

    private Durability() {
    }

    static List<Tally> run(Path dir, int confirmedPerWriter) throws Exception {
        try (Cloud cloud = Cloud.start(dir.resolve("durability"))) {
            String endpoint = cloud.endpoint();
            try (S3Client s3 = Sdk.client(S3Client.builder().forcePathStyle(true), endpoint);
                 DynamoDbClient dynamo = Sdk.client(DynamoDbClient.builder(), endpoint);
                 LambdaClient lambda = Sdk.client(LambdaClient.builder(), endpoint);
                 SfnClient sfn = Sdk.client(SfnClient.builder(), endpoint)) {
                s3.createBucket(r -> r.bucket("durable"));
                dynamo.createTable(r -> r.tableName("Durable").billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
                String machine = sfn.createStateMachine(r -> r.name("durable").roleArn(Sdk.ROLE)
                        .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")).stateMachineArn();
                byte[] zip = Sdk.tinyZip();
                List<Writer> writers = List.of(
                        new Writer("S3 PutObject", i -> {
                            s3.putObject(r -> r.bucket("durable").key("k" + i), RequestBody.fromString("value " + i));
                            return null;
                        }, i -> s3.getObjectAsBytes(r -> r.bucket("durable").key("k" + i)).asUtf8String().equals("value " + i)),
                        new Writer("DynamoDB PutItem", i -> {
                            dynamo.putItem(r -> r.tableName("Durable").item(Map.of("pk", AttributeValue.fromS("k" + i))));
                            return null;
                        }, i -> dynamo.getItem(r -> r.tableName("Durable").key(Map.of("pk", AttributeValue.fromS("k" + i))))
                                .hasItem()),
                        new Writer("Lambda CreateFunction", i -> {
                            lambda.createFunction(r -> r.functionName("f" + i).runtime(Runtime.JAVA17).role(Sdk.ROLE)
                                    .handler("x.Y::h").code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
                            return null;
                        }, i -> lambda.getFunction(r -> r.functionName("f" + i)).configuration() != null),
                        new Writer("Step Functions CreateStateMachine", i -> {
                            sfn.createStateMachine(r -> r.name("m" + i).roleArn(Sdk.ROLE)
                                    .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"));
                            return null;
                        }, i -> sfn.describeStateMachine(r -> r.stateMachineArn(machine.replace(":durable", ":m" + i))) != null),
                        new Writer("Step Functions StartExecution", i -> {
                            sfn.startExecution(r -> r.stateMachineArn(machine).name("e" + i));
                            return null;
                        }, i -> sfn.describeExecution(r -> r.executionArn(machine.replace(":stateMachine:", ":execution:")
                                + ":e" + i)) != null));
                return crashAndCount(cloud, writers, confirmedPerWriter);
            }
        }
    }

    private static List<Tally> crashAndCount(Cloud cloud, List<Writer> writers, int confirmedPerWriter) throws Exception {
        List<Set<Integer>> confirmed = new ArrayList<>();
        List<AtomicLong> tried = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Writer writer : writers) {
            Set<Integer> done = ConcurrentHashMap.newKeySet();
            AtomicLong attempts = new AtomicLong();
            confirmed.add(done);
            tried.add(attempts);
            Thread thread = new Thread(() -> {
                for (int i = 0; ; i++) {
                    attempts.incrementAndGet();
                    try {
                        writer.write().apply(i);
                        done.add(i);
                    } catch (RuntimeException crashed) {
                        return; // the local cloud is gone: what it confirmed so far is what counts
                    }
                }
            }, "writer " + writer.name());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (confirmed.stream().anyMatch(c -> c.size() < confirmedPerWriter) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        cloud.kill9();
        for (Thread thread : threads) {
            thread.join(180_000);
        }
        cloud.restart();
        List<Tally> tallies = new ArrayList<>();
        for (int w = 0; w < writers.size(); w++) {
            long present = 0;
            for (int i : confirmed.get(w)) {
                try {
                    present += writers.get(w).present().test(i) ? 1 : 0;
                } catch (RuntimeException missing) {
                    // not found: lost
                }
            }
            int total = confirmed.get(w).size();
            tallies.add(new Tally("kill -9: " + writers.get(w).name(), tried.get(w).get(), present, total - present,
                    total + " confirmed before the kill; survived = present after the restart"));
        }
        return tallies;
    }
}
