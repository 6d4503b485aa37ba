import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Lab 06's resources and measurements: the two buckets, the inventory report, the two state machines, the runs. */
final class InventoryLab {
    static final String CONFIG_ID = "workbook-inventory";
    static final String REPORTS_PREFIX = "inventory";
    static final String LISTING_NAME = "WorkbookInventoryLabListing";
    static final String MANIFEST_NAME = "WorkbookInventoryLabManifest";
    static final String ROLE_NAME = "WorkbookInventoryLabRole";
    static final String LISTING_READER = "{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\","
            + "\"Parameters\":{\"Bucket.$\":\"$.bucket\",\"Prefix.$\":\"$.prefix\"}}";
    static final String MANIFEST_READER = "{\"Resource\":\"arn:aws:states:::s3:getObject\","
            + "\"ReaderConfig\":{\"InputType\":\"MANIFEST\"},\"Parameters\":{\"Bucket.$\":\"$.bucket\",\"Key.$\":\"$.manifest\"}}";

    enum Way { LISTING, INVENTORY }

    /** An inventory report: its manifest and how many data files it lists. */
    record Report(String bucket, String key, int files) {
    }

    /** One run, measured. */
    record Run(Way way, long items, long children, long requests, boolean measured, Duration firstChild, Duration total) {
    }

    private final Workbook book;
    private final S3Client s3;
    private final SfnClient sfn;
    private final long objects;
    final String source;
    final String reports;
    final String prefix;
    String listingArn;
    String manifestArn;

    InventoryLab(Workbook book, S3Client s3, SfnClient sfn, String account, long objects) {
        this.book = book;
        this.s3 = s3;
        this.sfn = sfn;
        this.objects = objects;
        String suffix = book.local() ? "" : "-" + account + "-" + book.region().id();
        this.source = "workbook-inventory-source" + suffix;
        this.reports = "workbook-inventory-reports" + suffix;
        this.prefix = "objects-" + objects + "/";
    }

    /** Keys sort in number order: objects-100000/0000000.txt … */
    String key(long n) {
        return prefix + String.format(Locale.ROOT, "%07d.txt", n);
    }

    static List<String> buckets(Workbook book, String account) {
        String suffix = book.local() ? "" : "-" + account + "-" + book.region().id();
        return List.of("workbook-inventory-source" + suffix, "workbook-inventory-reports" + suffix);
    }

    void createBuckets() {
        for (String bucket : List.of(source, reports)) {
            if (!exists(s3, bucket)) {
                String region = book.region().id();
                s3.createBucket(r -> {
                    r.bucket(bucket);
                    if (!region.equals("us-east-1")) {
                        r.createBucketConfiguration(c -> c.locationConstraint(region));
                    }
                });
                book.println("  CreateBucket " + bucket);
            }
        }
    }

    long countObjects() {
        long n = 0;
        for (var page : s3.listObjectsV2Paginator(r -> r.bucket(source).prefix(prefix))) {
            n += page.keyCount();
        }
        return n;
    }

    /**
     * On AWS, S3 writes the report only where the destination bucket's policy lets it (S3 User Guide, "Configuring
     * Amazon S3 Inventory", destination bucket policy): s3.amazonaws.com may PutObject, for this source bucket and
     * account, with the owner in full control. The local S3 writes its reports itself and has no bucket policies.
     */
    void allowInventoryDelivery(String account) {
        if (book.local()) {
            book.println("  (locally no bucket policy is needed: the local cloud writes its reports itself)");
            return;
        }
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"InventoryDelivery\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":[\"arn:aws:s3:::"
                + reports + "/*\"],\"Condition\":{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::" + source + "\"},"
                + "\"StringEquals\":{\"aws:SourceAccount\":\"" + account + "\",\"s3:x-amz-acl\":\"bucket-owner-full-control\"}}}]}";
        s3.putBucketPolicy(r -> r.bucket(reports).policy(policy));
        book.println("  PutBucketPolicy " + reports + ": s3.amazonaws.com may deliver " + source + "'s inventory here");
    }

    /** The report to read: --manifest, else a new one (local), else the newest S3 delivered (AWS), else null. */
    Report report() throws Exception {
        Optional<String> given = book.value("--manifest");
        if (given.isPresent()) {
            URI uri = URI.create(given.get());
            book.require("s3".equals(uri.getScheme()) && uri.getPath().length() > 1, "--manifest must be s3://bucket/key");
            return show(uri.getHost(), uri.getPath().substring(1));
        }
        if (book.local()) {
            JsonNode published = localCloud("POST", "/_localcloud/s3-inventory?bucket=" + source + "&id=" + CONFIG_ID);
            book.printf("  published %,d objects", published.get("objects").asLong());
            return show(published.get("destinationBucket").asText(), published.get("manifestKey").asText());
        }
        String folder = REPORTS_PREFIX + "/" + source + "/" + CONFIG_ID + "/";
        List<String> manifests = s3.listObjectsV2Paginator(r -> r.bucket(reports).prefix(folder)).contents().stream()
                .map(S3Object::key).filter(k -> k.endsWith("/manifest.json"))
                .sorted(java.util.Comparator.reverseOrder()).toList();
        for (String manifest : manifests) { // newest first: an earlier --objects N filtered another prefix
            if (listsPrefix(reports, Workbook.JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(reports).key(manifest))
                    .asByteArray()))) {
                return show(reports, manifest);
            }
            book.println("  s3://" + reports + "/" + manifest + " lists objects outside " + prefix + " (an earlier --objects)");
        }
        book.println("  no manifest.json of " + prefix + " under s3://" + reports + "/" + folder + " yet");
        return null;
    }

    /** Whether the report's first row is an object under this run's prefix (a filtered report holds no other). */
    private boolean listsPrefix(String bucket, JsonNode manifest) throws Exception {
        JsonNode files = manifest.path("files");
        if (files.isEmpty()) {
            return false;
        }
        String dataKey = files.get(0).path("key").asText();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                s3.getObject(r -> r.bucket(bucket).key(dataKey))), java.nio.charset.StandardCharsets.UTF_8))) {
            String row = in.readLine(); // "bucket","key",… with the key URL-encoded (S3 Inventory's CSV)
            String[] fields = row == null ? new String[0] : row.split(",", 3);
            return fields.length > 1 && java.net.URLDecoder.decode(fields[1].replace("\"", ""),
                    java.nio.charset.StandardCharsets.UTF_8).startsWith(prefix);
        }
    }

    /** Prints the report's layout and manifest and checks its checksum and data files against it. */
    private Report show(String bucket, String manifestKey) throws Exception {
        String base = manifestKey.substring(0, manifestKey.lastIndexOf('/', manifestKey.lastIndexOf('/') - 1) + 1);
        for (var o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(base)).contents()) {
            book.printf("  s3://%s/%s  %,d bytes", bucket, o.key(), o.size());
        }
        byte[] manifestBytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(manifestKey)).asByteArray();
        JsonNode manifest = Workbook.JSON.readTree(manifestBytes);
        book.json(manifest, 24);
        String checksumKey = manifestKey.replace("manifest.json", "manifest.checksum");
        String checksum = s3.getObjectAsBytes(r -> r.bucket(bucket).key(checksumKey)).asUtf8String().trim();
        book.check("manifest.checksum is the MD5 of manifest.json", checksum.equals(md5(manifestBytes)));
        boolean filesMatch = true;
        for (JsonNode file : manifest.path("files")) {
            var head = s3.headObject(r -> r.bucket(bucket).key(file.path("key").asText()));
            filesMatch &= head.contentLength() == file.path("size").asLong();
        }
        book.check("every data file the manifest lists is there, with its size", filesMatch);
        book.check("the inventory is CSV, as Step Functions reads it", "CSV".equals(manifest.path("fileFormat").asText()));
        book.check("it lists the objects under " + prefix + ", the ones the listing run reads", listsPrefix(bucket, manifest));
        return new Report(bucket, manifestKey, manifest.path("files").size());
    }

    /** The role both state machines run with: read the two buckets, start and watch their own children. */
    String role(IamClient iam) {
        String s3Resources = "[\"arn:aws:s3:::" + source + "\",\"arn:aws:s3:::" + source + "/*\",\"arn:aws:s3:::"
                + reports + "\",\"arn:aws:s3:::" + reports + "/*\"]";
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:ListBucket\","
                + "\"s3:GetObject\"],\"Resource\":" + s3Resources + "},{\"Effect\":\"Allow\",\"Action\":[\"states:StartExecution\","
                + "\"states:DescribeExecution\",\"states:StopExecution\"],\"Resource\":\"*\"}]}";
        String arn;
        try {
            arn = iam.getRole(r -> r.roleName(ROLE_NAME)).role().arn();
        } catch (NoSuchEntityException e) {
            arn = iam.createRole(r -> r.roleName(ROLE_NAME).description("Lab 06 of the Distributed Map Workbook")
                    .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                            + "{\"Service\":\"states.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
            book.println("  CreateRole " + arn);
        }
        iam.putRolePolicy(r -> r.roleName(ROLE_NAME).policyName("read-the-buckets").policyDocument(policy));
        return arn;
    }

    void createStateMachines(String role) {
        listingArn = createOrUpdate(LISTING_NAME, definition(LISTING_READER), role);
        manifestArn = createOrUpdate(MANIFEST_NAME, definition(MANIFEST_READER), role);
    }

    static String definition(String reader) {
        return "{\"Comment\":\"Lab 06: one Distributed Map, its ItemReader varies\",\"StartAt\":\"Objects\",\"States\":"
                + "{\"Objects\":{\"Type\":\"Map\",\"ItemReader\":" + reader + ",\"ItemBatcher\":{\"MaxItemsPerBatch\":1000},"
                + "\"MaxConcurrency\":1000,\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"Count\",\"States\":{\"Count\":{\"Type\":\"Pass\","
                + "\"Parameters\":{\"keys.$\":\"States.ArrayLength($.Items)\"},\"End\":true}}},"
                + "\"ResultSelector\":{\"children.$\":\"States.ArrayLength($)\"},\"End\":true}}}";
    }

    /** Creates the state machine, or updates it; on AWS a new role can take a few seconds to be usable. */
    private String createOrUpdate(String name, String definition, String role) {
        Optional<String> existing = sfn.listStateMachinesPaginator(r -> r.maxResults(100)).stateMachines().stream()
                .filter(s -> s.name().equals(name)).map(StateMachineListItem::stateMachineArn).findFirst();
        for (int attempt = 1; ; attempt++) {
            try {
                if (existing.isPresent()) {
                    sfn.updateStateMachine(r -> r.stateMachineArn(existing.get()).definition(definition).roleArn(role));
                    book.println("  UpdateStateMachine " + existing.get());
                    return existing.get();
                }
                String arn = sfn.createStateMachine(r -> r.name(name).type(StateMachineType.STANDARD)
                        .definition(definition).roleArn(role)).stateMachineArn();
                book.println("  CreateStateMachine " + arn);
                return arn;
            } catch (SfnException e) {
                if (book.local() || attempt == 12 || !String.valueOf(e.getMessage()).contains("assume")) {
                    throw e;
                }
                book.println("  the new role is not usable yet; retrying in 5 s");
                Workbook.sleep(5000);
            }
        }
    }

    /** Runs one execution and measures it: S3 requests of its ItemReader, time to the first child and to the end. */
    Run run(String stateMachineArn, Map<String, Object> input, Way way, Report report) throws Exception {
        String operation = way == Way.LISTING ? "ListObjectsV2" : "GetObject";
        long before = book.local() ? localCalls(operation) : 0;
        String json = Workbook.compact(input);
        book.println("  StartExecution " + json);
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).input(json)).executionArn();
        book.link("the execution", book.console().execution(executionArn));
        var done = Executions.await(book, sfn, executionArn, Duration.ofMinutes(30));
        book.check("the execution SUCCEEDED", done.status() == ExecutionStatus.SUCCEEDED,
                done.status() == ExecutionStatus.SUCCEEDED ? null : done.error() + ": " + done.cause());
        var mapRun = Executions.firstMapRun(sfn, executionArn).orElseThrow(() -> book.stop("no Map Run"));
        DescribeMapRunResponse described = sfn.describeMapRun(r -> r.mapRunArn(mapRun.mapRunArn()));
        Executions.showMapRun(book, described);
        book.link("the Map Run", book.console().mapRun(described.mapRunArn(), described.executionArn()));
        Instant firstChild = null;
        for (var child : sfn.listExecutionsPaginator(r -> r.mapRunArn(mapRun.mapRunArn())).executions()) {
            firstChild = firstChild == null || child.startDate().isBefore(firstChild) ? child.startDate() : firstChild;
        }
        long items = described.itemCounts().total();
        long requests = book.local() ? localCalls(operation) - before
                : way == Way.LISTING ? Math.max(1, (items + 999) / 1000) : 1 + report.files();
        Run run = new Run(way, items, described.executionCounts().total(), requests, book.local(),
                firstChild == null ? null : Duration.between(done.startDate(), firstChild),
                Duration.between(done.startDate(), done.stopDate()));
        book.printf("  the ItemReader made %,d %s call%s (%s)", requests, operation, requests == 1 ? "" : "s",
                run.measured() ? "counted by the local S3" : "computed from what it read");
        return run;
    }

    void compare(Run listed, Run inventoried, Report report) {
        book.table(List.of("", "s3:listObjectsV2", "inventory manifest"), List.of(
                List.of("S3 requests by the ItemReader", listed.requests() + " ListObjectsV2", inventoried.requests() + " GetObject"),
                List.of("time to the first child", seconds(listed.firstChild()), seconds(inventoried.firstChild())),
                List.of("time to the end", seconds(listed.total()), seconds(inventoried.total())),
                List.of("items", String.format(Locale.ROOT, "%,d", listed.items()), String.format(Locale.ROOT, "%,d", inventoried.items())),
                List.of("child executions", listed.children(), inventoried.children())));
        book.picture("S3 requests by the ItemReader", Charts.bars("S3 requests by the ItemReader, each way",
                "requests (ListObjectsV2 / GetObject)", List.of("listObjectsV2", "inventory"),
                List.of((double) listed.requests(), (double) inventoried.requests())));
        book.picture("Time each way", Charts.bars("Seconds from the execution's start", "seconds",
                List.of("listing: 1st child", "listing: end", "inventory: 1st child", "inventory: end"),
                List.of(secondsOf(listed.firstChild()), secondsOf(listed.total()), secondsOf(inventoried.firstChild()),
                        secondsOf(inventoried.total()))));
        book.check(String.format(Locale.ROOT, "listing: one ListObjectsV2 per 1,000 keys (%,d)", (objects + 999) / 1000),
                listed.requests() == (objects + 999) / 1000);
        book.check("inventory: one GetObject for the manifest and one per data file (" + (1 + report.files()) + ")",
                inventoried.requests() == 1 + report.files());
    }

    private static double secondsOf(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }

    static String seconds(Duration d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private long localCalls(String operation) throws Exception {
        return localCloud("GET", "/_localcloud/s3-requests").path("inProcess").path(operation).asLong(0);
    }

    private JsonNode localCloud(String method, String pathAndQuery) throws Exception {
        URI endpoint = book.endpoint().orElseThrow();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(endpoint.toString().replaceAll("/$", "") + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        book.require(response.statusCode() == 200, method + " " + pathAndQuery + " answered " + response.statusCode()
                + ": " + response.body());
        return Workbook.JSON.readTree(response.body());
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** True when the bucket answers HeadBucket (used by lab 05). */
    static boolean exists(S3Client s3, String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
