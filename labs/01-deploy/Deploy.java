///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//DEPS software.amazon.awssdk:s3 software.amazon.awssdk:cloudformation software.amazon.awssdk:lambda software.amazon.awssdk:dynamodb
//SOURCES ../common/Workbook.java ../common/Stack.java ../common/Dataset.java
//MAIN Deploy
//DESCRIPTION Lab 01 — fetch the NOAA stations, build and deploy the Lambda with CloudFormation, upload the files.

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

class Deploy {
    static final String PREFIX = "csv/by_station/";
    static final String HANDLER_CLASS = "dev/dmapworkbook/lambda/HighPrecipitationHandler.class";

    // the notebook: its numbered cells in order, as in the README (long, and read top to bottom; each cell is short)
    public static void main(String[] args) throws Exception {
        var book = Workbook.open(args, "01-deploy", "Lab 01 — Deploy the stack and upload the stations",
                "under $0.05 (a few thousand S3 PUTs, a Lambda function, a DynamoDB table on demand)",
                Workbook.option("--dataset-zip", "FILE", "the workshop's noah.zip (else the workshop URL, else generated offline)"),
                Workbook.option("--dataset-url", "URL", "where to download noah.zip from (default: the workshop's asset URL)"),
                Workbook.option("--stations", "N", "stations to generate offline (default 1,005)"),
                Workbook.flag("--offline", "do not try the workshop's URL: use --dataset-zip or generate"));
        var cfn = book.client(CloudFormationClient.builder());
        var s3 = book.client(S3Client.builder());
        var lambda = book.client(LambdaClient.builder());
        var dynamodb = book.client(DynamoDbClient.builder());

        var dataset = book.cell(1, "Get the NOAA dataset",
                "The workshop ships ~1,000 station files of NOAA GHCN-Daily (noah.zip). We take --dataset-zip, else "
                        + "download the workshop's copy (short timeout), else generate a dataset of the same shape offline.",
                () -> Dataset.prepare(book));

        Path jar = book.cell(2, "Build the Lambda",
                "The HighPrecipitation handler, packaged as one jar (./mvnw -pl lambda package).", () -> {
                    Path built = book.root().resolve("lambda/target/high-precipitation-lambda.jar");
                    if (Files.isRegularFile(built) && !book.newerSources(built, "lambda/src", "lambda/pom.xml", "pom.xml")) {
                        book.println("  up to date (newer than every file of lambda/src and the poms): not rebuilt");
                    } else {
                        book.build(List.of("-q", "-pl", "lambda", "package", "-Dmaven.test.skip=true"), "the Lambda jar");
                    }
                    book.require(Files.isRegularFile(built), "the build did not produce " + book.displayPath(built));
                    book.printf("  %s  %,d bytes", book.displayPath(built), Files.size(built));
                    book.check("the Lambda jar holds the handler " + HANDLER_CLASS, holds(built, HANDLER_CLASS));
                    return built;
                });

        var stack = book.cell(3, "Upload the jar and deploy the stack",
                "CloudFormation needs the code in S3: the jar goes to the stack's artifact bucket under a key named by its "
                        + "hash, then the stack is updated (or created) with it. Its events stream below.", () -> {
                    var before = Stack.find(cfn).filter(s -> s.outputs().containsKey(Stack.ARTIFACT_BUCKET));
                    if (before.isEmpty()) {
                        book.println("  the stack is not there yet: deploying it without code first (as lab 00 does)");
                        before = java.util.Optional.of(Stack.deploy(book, cfn, Map.of()));
                    }
                    String artifactBucket = before.get().output(book, Stack.ARTIFACT_BUCKET, null);
                    String key = "lambda/high-precipitation-" + sha256(jar).substring(0, 16) + ".jar";
                    s3.putObject(r -> r.bucket(artifactBucket).key(key), RequestBody.fromFile(jar));
                    book.println("  uploaded s3://" + artifactBucket + "/" + key);
                    Stack deployed = Stack.deploy(book, cfn, Map.of("ArtifactBucket", artifactBucket, "ArtifactKey", key));
                    book.fields(deployed.outputs());
                    String function = deployed.output(book, Stack.FUNCTION_NAME, null);
                    var configuration = lambda.getFunction(r -> r.functionName(function)).configuration();
                    book.check("the function " + function + " exists (" + configuration.runtimeAsString() + ", "
                            + configuration.memorySize() + " MB)", configuration.functionName() != null);
                    book.link("the function", book.console().function(function));
                    return deployed;
                });

        book.cell(4, "Upload the stations to " + PREFIX,
                "One PutObject per station file, eight at a time: the Distributed Map will list this prefix. When the "
                        + "dataset changed, the earlier one's files leave the prefix and its results leave the table.", () -> {
                    String bucket = stack.output(book, Stack.DATA_BUCKET, null);
                    List<Path> files = dataset.files();
                    long bytes = upload(book, s3, bucket, files);
                    var wanted = files.stream().map(f -> PREFIX + f.getFileName()).collect(java.util.stream.Collectors.toSet());
                    var stale = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(PREFIX)).contents().stream()
                            .map(o -> o.key()).filter(k -> !wanted.contains(k)).toList();
                    for (String k : stale) {
                        s3.deleteObject(r -> r.bucket(bucket).key(k));
                    }
                    if (!stale.isEmpty()) {
                        book.printf("  removed %,d objects of an earlier dataset from the prefix", stale.size());
                    }
                    long count = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(PREFIX)).contents().stream().count();
                    book.printf("  s3://%s/%s: %,d objects, %,d bytes uploaded", bucket, PREFIX, count, bytes);
                    book.check("the prefix holds exactly the " + String.format("%,d", files.size()) + " station files", count == files.size());
                    book.link("the station files", book.console().bucket(bucket, PREFIX));
                    if (!stale.isEmpty() || dataset.replacedAnother()) {
                        String table = stack.output(book, Stack.RESULTS_TABLE, null);
                        long deleted = clearTable(dynamodb, table);
                        book.printf("  the dataset changed: deleted %,d items of the earlier dataset from %s; "
                                + "lab 03 fills it again from these files", deleted, table);
                        book.check("the results table " + table + " is empty",
                                dynamodb.scan(r -> r.tableName(table).limit(1)).count() == 0);
                    }
                });

        System.exit(book.finish());
    }

    /** PutObject for every file, eight at a time, with a progress bar; returns the bytes uploaded. */
    static long upload(Workbook book, S3Client s3, String bucket, List<Path> files) throws Exception {
        var progress = book.progress("uploading", files.size());
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> uploads = files.stream().map(f -> pool.submit(() -> {
                s3.putObject(r -> r.bucket(bucket).key(PREFIX + f.getFileName()).contentType("text/csv"), RequestBody.fromFile(f));
                bytes.addAndGet(f.toFile().length());
                progress.advance(1);
                return (Object) null;
            })).toList();
            for (Future<Object> upload : uploads) {
                upload.get();
            }
        } finally {
            pool.shutdown();
        }
        progress.finish();
        return bytes.get();
    }

    /** Deletes every item of the results table (key {@code pk}), 25 per BatchWriteItem; returns how many. */
    static long clearTable(DynamoDbClient dynamodb, String table) {
        long deleted = 0;
        List<WriteRequest> batch = new java.util.ArrayList<>();
        for (Map<String, AttributeValue> item : dynamodb.scanPaginator(r -> r.tableName(table).projectionExpression("pk")).items()) {
            batch.add(WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", item.get("pk")))).build());
            if (batch.size() == 25) {
                deleted += writeAll(dynamodb, table, batch);
                batch = new java.util.ArrayList<>();
            }
        }
        return deleted + (batch.isEmpty() ? 0 : writeAll(dynamodb, table, batch));
    }

    /** One BatchWriteItem, resending what DynamoDB hands back unprocessed. */
    private static int writeAll(DynamoDbClient dynamodb, String table, List<WriteRequest> requests) {
        List<WriteRequest> pending = requests;
        while (!pending.isEmpty()) {
            var send = Map.of(table, pending);
            pending = dynamodb.batchWriteItem(r -> r.requestItems(send)).unprocessedItems().getOrDefault(table, List.of());
        }
        return requests.size();
    }

    /** True when the jar (a zip) has the entry; a file that is not a zip holds nothing. */
    static boolean holds(Path jar, String entry) {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        } catch (java.io.IOException notAZip) {
            return false;
        }
    }

    static String sha256(Path file) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
