///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//DEPS software.amazon.awssdk:s3 software.amazon.awssdk:sfn software.amazon.awssdk:lambda software.amazon.awssdk:cloudformation
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//DEPS org.slf4j:slf4j-nop:1.7.36
//DESCRIPTION The workbook's numbers: each figure the median of several runs (min–max), a dated row appended to BENCHMARKS.md.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code ./jbang benchmarks/Benchmarks.java [--runs N] [--only coldstart,workbook,overhead,lambda,hello,listing,peer]}
 *
 * <p>Every benchmark starts its own local cloud ({@code localcloud.jar start}, a free port, a temporary data dir) and
 * drives it exactly as the labs and the learner do: the labs through {@code ./jbang}, everything else through
 * the AWS SDK. Nothing here asserts a time: it measures and reports.
 */
class Benchmarks {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = findRoot();
    static final Path JAR = ROOT.resolve("localcloud/target/localcloud.jar");
    static final Path LAMBDA_JAR = ROOT.resolve("lambda/target/high-precipitation-lambda.jar");
    static int runs = 3;
    static final Map<String, String> results = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only.addAll(Arrays.asList(args[++i].split(",")));
                case "--help" -> {
                    System.out.println("./jbang benchmarks/Benchmarks.java [--runs N (default 3)] [--only "
                            + "coldstart,workbook,overhead,lambda,hello,listing,peer]");
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown option: " + args[i]);
            }
        }
        ensureBuilt();
        String machine = Runtime_.machine();
        System.out.println("Benchmarks on " + machine + ", " + runs + " runs each (median [min–max])");
        Map<String, Bench> all = new LinkedHashMap<>();
        all.put("coldstart", Benchmarks::coldStart);
        all.put("workbook", Benchmarks::workbook);
        all.put("lambda", Benchmarks::lambda);
        all.put("hello", Benchmarks::helloAtWorkshopScale);
        all.put("listing", Benchmarks::listing);
        all.put("peer", Benchmarks::peer);
        for (var e : all.entrySet()) {
            if (!only.isEmpty() && !only.contains(e.getKey()) && !(e.getKey().equals("workbook") && only.contains("overhead"))) {
                continue;
            }
            System.out.println();
            System.out.println("── " + e.getKey() + " " + "─".repeat(60));
            try {
                e.getValue().run();
            } catch (Exception failure) {
                String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                System.out.println("  not measured: " + message);
                results.put(e.getKey(), "not measured (" + shorten(message, 80) + ")");
            }
        }
        System.out.println();
        results.forEach((k, v) -> System.out.printf("  %-34s %s%n", k, v));
        appendRow(machine);
    }

    interface Bench {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ 6. cold start

    static void coldStart() throws Exception {
        List<Double> startToHealthy = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory("bench-cold");
            int port = freePort();
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "start", "--port", "" + port, "--data-dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            while (health(port) == null) {
                if (System.nanoTime() - t0 > 60e9) {
                    throw new IllegalStateException("not healthy after 60 s");
                }
                Thread.sleep(20);
            }
            startToHealthy.add((System.nanoTime() - t0) / 1e9);
            p.waitFor(60, TimeUnit.SECONDS);
            stop(port, dir);
        }
        record("cold start to healthy (goal ≤ 2 s)", stats(startToHealthy, "s"));
    }

    // ------------------------------------------------------------------ 1 + 2. the workbook, and orchestration overhead

    static void workbook() throws Exception {
        Path zip = noahZip();
        List<String> lab01 = zip != null ? List.of("--dataset-zip", zip.toString()) : List.of("--offline");
        String dataset = zip != null ? "real noah.zip" : "generated dataset";
        String[][] labs = {{"01", "labs/01-deploy/Deploy.java"}, {"02", "labs/02-run-and-fail/RunAndFail.java"},
                {"03", "labs/03-fix-batchinput/FixBatchInput.java"}, {"04", "labs/04-verify/Verify.java"}};
        Map<String, List<Double>> perLab = new LinkedHashMap<>();
        List<Double> totals = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> workflowTimes = new ArrayList<>();
        List<Double> directTimes = new ArrayList<>();
        // One warm-up run fills JBang's and the JIT's caches: the goal is "with warm caches".
        for (int i = -1; i < runs; i++) {
            try (Cloud cloud = Cloud.start()) {
                double total = 0;
                for (String[] lab : labs) {
                    List<String> args = new ArrayList<>();
                    if (lab[0].equals("01")) {
                        args.addAll(lab01);
                    }
                    double took = cloud.lab(lab[1], args);
                    total += took;
                    if (i >= 0) {
                        perLab.computeIfAbsent(lab[0], k -> new ArrayList<>()).add(took);
                    }
                }
                if (i < 0) {
                    System.out.printf("  warm-up run: %.1f s%n", total);
                    continue;
                }
                totals.add(total);
                System.out.printf("  run %d: %.1f s%n", i + 1, total);
                // 2. The fixed workflow's execution vs. the handler called directly over the same keys.
                double workflow = cloud.lastWorkflowSeconds();
                double direct = cloud.directHandlerSeconds();
                workflowTimes.add(workflow);
                directTimes.add(direct);
                ratios.add(workflow / direct);
            }
        }
        record("workbook labs 01→04, " + dataset + " (goal ≤ 45 s)", stats(totals, "s"));
        perLab.forEach((lab, times) -> record("  lab " + lab, stats(times, "s")));
        record("lab 03 workflow execution", stats(workflowTimes, "s"));
        record("handler called directly, same keys", stats(directTimes, "s"));
        record("orchestration overhead (goal ≤ 1.2)", stats(ratios, "×"));
    }

    // ------------------------------------------------------------------ 7. Lambda cold and warm invoke

    static void lambda() throws Exception {
        try (Cloud cloud = Cloud.start(); LambdaClient lambda = cloud.client(LambdaClient.builder());
             S3Client s3 = cloud.client(S3Client.builder())) {
            s3.createBucket(r -> r.bucket("bench-artifacts"));
            s3.putObject(r -> r.bucket("bench-artifacts").key("fn.jar"), RequestBody.fromFile(LAMBDA_JAR));
            List<Double> cold = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            // An event the handler rejects at once: the latency is the platform's, not the work's.
            SdkBytes payload = SdkBytes.fromUtf8String("{\"Items\":[]}");
            for (int i = 0; i < runs; i++) {
                String name = "bench-fn-" + i;
                lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).memorySize(2048).timeout(60)
                        .role("arn:aws:iam::000000000000:role/bench").handler("dev.dmapworkbook.lambda.HighPrecipitationHandler::handleRequest")
                        .environment(e -> e.variables(Map.of("RESULTS_DYNAMODB_TABLE_NAME", "bench")))
                        .code(c -> c.s3Bucket("bench-artifacts").s3Key("fn.jar")));
                waitActive(lambda, name);
                long t0 = System.nanoTime();
                lambda.invoke(r -> r.functionName(name).payload(payload));
                cold.add((System.nanoTime() - t0) / 1e6);
                for (int j = 0; j < 10; j++) {
                    long t1 = System.nanoTime();
                    lambda.invoke(r -> r.functionName(name).payload(payload));
                    warm.add((System.nanoTime() - t1) / 1e6);
                }
            }
            record("Lambda cold invoke", stats(cold, "ms"));
            record("Lambda warm invoke", stats(warm, "ms"));
        }
    }

    static void waitActive(LambdaClient lambda, String name) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            var state = lambda.getFunction(r -> r.functionName(name)).configuration().stateAsString();
            if (state == null || state.equals("Active")) {
                return;
            }
            Thread.sleep(100);
        }
    }

    // ------------------------------------------------------------------ 3. hello dmap at workshop scale

    static void helloAtWorkshopScale() throws Exception {
        List<Double> wall = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (Cloud cloud = Cloud.start()) {
                // The stack and the CSV first (lab 00 with a tiny CSV), then the measured run over 1,292,954 rows.
                cloud.lab("labs/00-hello-dmap/HelloDmap.java", List.of("--rows", "1000"));
                var sampler = cloud.memorySampler();
                double took = cloud.lab("labs/00-hello-dmap/HelloDmap.java", List.of("--full"));
                sampler.stop();
                double execution = cloud.lastHelloExecutionSeconds();
                wall.add(execution);
                heap.add(sampler.peakHeapMiB());
                rss.add(cloud.peakRssMiB());
                System.out.printf("  run %d: execution %.1f s (lab %.1f s), peak heap %.0f MiB, peak RSS %.0f MiB%n",
                        i + 1, execution, took, sampler.peakHeapMiB(), cloud.peakRssMiB());
            }
        }
        record("hello-dmap 1,292,954 rows, execution (goal ≤ 20 s)", stats(wall, "s"));
        record("  local cloud peak heap (goal ≤ 1 GiB)", stats(heap, "MiB"));
        record("  local cloud peak RSS", stats(rss, "MiB"));
    }

    // ------------------------------------------------------------------ 5. listing scale

    static void listing() throws Exception {
        try (Cloud cloud = Cloud.start(); S3Client s3 = cloud.client(S3Client.builder()); SfnClient sfn = cloud.client(SfnClient.builder())) {
            s3.createBucket(r -> r.bucket("bench-listing"));
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                String key = String.format("keys/%06d", i);
                puts.add(pool.submit(() -> s3.putObject(r -> r.bucket("bench-listing").key(key), RequestBody.fromString("x"))));
            }
            for (Future<?> f : puts) {
                f.get();
            }
            pool.shutdown();
            System.out.printf("  uploaded 100,000 keys in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            String definition = """
                    {"StartAt":"Map","States":{"Map":{"Type":"Map",
                      "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"bench-listing","Prefix":"keys/"}},
                      "ItemBatcher":{"MaxItemsPerBatch":1000},
                      "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
                        "StartAt":"Pass","States":{"Pass":{"Type":"Pass","Result":"ok","End":true}}},
                      "ResultSelector":{"done":true},
                      "End":true}}}""";
            String arn = sfn.createStateMachine(r -> r.name("bench-listing").type(StateMachineType.STANDARD).definition(definition)
                    .roleArn("arn:aws:iam::000000000000:role/bench")).stateMachineArn();
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String exec = sfn.startExecution(r -> r.stateMachineArn(arn).input("{}")).executionArn();
                var done = awaitExecution(sfn, exec);
                if (done.status() != ExecutionStatus.SUCCEEDED) {
                    throw new IllegalStateException("the listing execution ended " + done.statusAsString() + ": " + done.error() + " " + done.cause());
                }
                times.add(Duration.between(done.startDate(), done.stopDate()).toMillis() / 1000.0);
            }
            record("100,000 keys listObjectsV2 → 100 Pass children (goal ≤ 10 s)", stats(times, "s"));
        }
    }

    // ------------------------------------------------------------------ 4. the interpreter against a peer

    static void peer() throws Exception {
        Path dir = Files.createTempDirectory("bench-peer");
        Process install = new ProcessBuilder("npm", "install", "--silent", "--no-audit", "--no-fund", "aws-local-stepfunctions")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String installOut = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (install.waitFor() != 0) {
            throw new IllegalStateException("npm install aws-local-stepfunctions failed: " + shorten(installOut.strip(), 200));
        }
        Files.writeString(dir.resolve("bench.mjs"), """
                import { StateMachine } from 'aws-local-stepfunctions';
                const n = Number(process.argv[2]);
                const definition = {StartAt: 'Map', States: {Map: {Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 0,
                  ItemProcessor: {ProcessorConfig: {Mode: 'INLINE'}, StartAt: 'P', States: {P: {Type: 'Pass', End: true}}},
                  ResultSelector: {'n.$': 'States.ArrayLength($)'}, End: true}}};
                const items = Array.from({length: n}, (_, i) => ({i}));
                const t0 = process.hrtime.bigint();
                const sm = new StateMachine(definition, {validationOptions: {checkPaths: false, checkArn: false}});
                const out = await sm.run({items}).result;
                const ms = Number(process.hrtime.bigint() - t0) / 1e6;
                console.log(JSON.stringify({ms, n: out.n, rssMiB: process.resourceUsage().maxRSS / 1024}));
                """);
        for (int n : new int[] {10_000, 100_000}) {
            List<Double> peerMs = new ArrayList<>();
            List<Double> peerMem = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Process node = new ProcessBuilder("node", "bench.mjs", "" + n).directory(dir.toFile()).redirectErrorStream(true).start();
                String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                node.waitFor();
                JsonNode line = JSON.readTree(out.substring(out.lastIndexOf('{')));
                peerMs.add(line.path("ms").asDouble());
                peerMem.add(line.path("rssMiB").asDouble());
            }
            List<Double> oursMs = new ArrayList<>();
            List<Double> oursHeap = new ArrayList<>();
            try (Cloud cloud = Cloud.start(); SfnClient sfn = cloud.client(SfnClient.builder())) {
                String definition = """
                        {"StartAt":"Map","States":{"Map":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":0,
                          "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
                          "ResultSelector":{"n.$":"States.ArrayLength($)"},"End":true}}}""";
                String arn = sfn.createStateMachine(r -> r.name("bench-inline").type(StateMachineType.EXPRESS).definition(definition)
                        .roleArn("arn:aws:iam::000000000000:role/bench")).stateMachineArn();
                StringBuilder input = new StringBuilder("{\"items\":[");
                for (int i = 0; i < n; i++) {
                    input.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
                }
                String body = input.append("]}").toString();
                for (int i = 0; i < runs; i++) {
                    var sampler = cloud.memorySampler();
                    long t0 = System.nanoTime();
                    var result = sfn.startSyncExecution(r -> r.stateMachineArn(arn).input(body));
                    oursMs.add((System.nanoTime() - t0) / 1e6);
                    sampler.stop();
                    oursHeap.add(sampler.peakHeapMiB());
                    if (!"SUCCEEDED".equals(result.statusAsString())) {
                        throw new IllegalStateException("our run ended " + result.statusAsString() + ": " + result.error() + " " + result.cause());
                    }
                }
            }
            String label = String.format("inline Map %,d Pass items", n);
            record(label + ": aws-local-stepfunctions", stats(peerMs, "ms") + ", peak RSS " + stats(peerMem, "MiB"));
            record(label + ": ours (StartSyncExecution)", stats(oursMs, "ms") + ", peak heap " + stats(oursHeap, "MiB"));
            record(label + ": speed-up (goal ≥ 3×)", String.format(Locale.ROOT, "%.1f×", median(peerMs) / median(oursMs)));
        }
    }

    // ------------------------------------------------------------------ a local cloud for one benchmark

    static final class Cloud implements AutoCloseable {
        final int port;
        final Path dir;

        private Cloud(int port, Path dir) {
            this.port = port;
            this.dir = dir;
        }

        static Cloud start() throws Exception {
            Path dir = Files.createTempDirectory("bench-cloud");
            int port = freePort();
            Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "start", "--port", "" + port, "--data-dir", dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(90, TimeUnit.SECONDS);
            for (int i = 0; i < 300 && health(port) == null; i++) {
                Thread.sleep(100);
            }
            if (health(port) == null) {
                throw new IllegalStateException("the local cloud did not start: " + out.strip());
            }
            return new Cloud(port, dir);
        }

        String endpoint() {
            return "http://127.0.0.1:" + port;
        }

        <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
            return builder.endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        }

        /** Runs a lab through ./jbang as the learner does; returns its wall time in seconds; fails if the lab does. */
        double lab(String path, List<String> args) throws Exception {
            List<String> command = new ArrayList<>(List.of(ROOT.resolve("jbang").toString(), path));
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
            pb.environment().put("WORKBOOK_ENDPOINT", endpoint());
            pb.environment().put("WORKBOOK_DATA_DIR", dir.toString());
            pb.environment().put("NO_COLOR", "1");
            long t0 = System.nanoTime();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            double took = (System.nanoTime() - t0) / 1e9;
            if (rc != 0) {
                throw new IllegalStateException(path + " exited " + rc + ": " + shorten(out.lines().filter(l -> l.startsWith("✗"))
                        .reduce("", (a, b) -> a + b + " "), 300));
            }
            return took;
        }

        double lastWorkflowSeconds() {
            try (SfnClient sfn = client(SfnClient.builder())) {
                String arn = sfn.listStateMachines().stateMachines().stream().filter(s -> s.name().equals("FindHighPrecipitationWorkflow"))
                        .findFirst().orElseThrow().stateMachineArn();
                var last = sfn.listExecutions(r -> r.stateMachineArn(arn).statusFilter(ExecutionStatus.SUCCEEDED)).executions().get(0);
                return Duration.between(last.startDate(), last.stopDate()).toMillis() / 1000.0;
            }
        }

        double lastHelloExecutionSeconds() {
            try (SfnClient sfn = client(SfnClient.builder())) {
                String arn = sfn.listStateMachines().stateMachines().stream().filter(s -> s.name().startsWith("HelloDmap"))
                        .findFirst().orElseThrow().stateMachineArn();
                var last = sfn.listExecutions(r -> r.stateMachineArn(arn)).executions().stream()
                        .max((a, b) -> a.startDate().compareTo(b.startDate())).orElseThrow();
                return Duration.between(last.startDate(), last.stopDate()).toMillis() / 1000.0;
            }
        }

        /** The handler called directly over the stack's data bucket and table (the Lambda jar on the class path). */
        double directHandlerSeconds() throws Exception {
            Map<String, String> outputs = new LinkedHashMap<>();
            try (CloudFormationClient cfn = client(CloudFormationClient.builder())) {
                cfn.describeStacks(r -> r.stackName("dmap-workbook")).stacks().get(0).outputs()
                        .forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            }
            String bucket = outputs.values().stream().filter(v -> v.contains("data")).findFirst().orElse(null);
            bucket = outputs.getOrDefault("DataBucketName", bucket);
            String table = outputs.getOrDefault("ResultsTableName", null);
            Process p = new ProcessBuilder(java(), "-cp", LAMBDA_JAR.toString(), ROOT.resolve("benchmarks/DirectHandler.java").toString(),
                    endpoint(), bucket, "csv/by_station/", table).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("DirectHandler failed: " + shorten(out, 300));
            }
            return Long.parseLong(out.substring(out.lastIndexOf('\n') + 1).strip()) / 1000.0;
        }

        long pid() throws IOException {
            JsonNode health = JSON.readTree(health(port));
            if (health.has("pid")) {
                return health.path("pid").asLong();
            }
            for (String name : List.of("localcloud.pid", "pid")) {
                Path file = dir.resolve(name);
                if (Files.isRegularFile(file)) {
                    return Long.parseLong(Files.readString(file).strip());
                }
            }
            throw new IllegalStateException("cannot find the local cloud's pid (health has no pid, no pid file in " + dir + ")");
        }

        double peakRssMiB() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return Double.NaN;
        }

        /** Samples the local cloud's used heap (jstat) until stopped. */
        HeapSampler memorySampler() throws IOException {
            return new HeapSampler(pid());
        }

        @Override
        public void close() throws Exception {
            stop(port, dir);
        }
    }

    static final class HeapSampler {
        private final Process jstat;
        private final AtomicLong peakKiB = new AtomicLong();
        private final Thread reader;

        HeapSampler(long pid) throws IOException {
            jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc", "" + pid, "100")
                    .redirectErrorStream(true).start();
            reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(jstat.getInputStream()))) {
                    List<String> header = null;
                    for (String line; (line = in.readLine()) != null; ) {
                        List<String> cols = Arrays.asList(line.trim().split("\\s+"));
                        if (cols.contains("EU")) {
                            header = cols;
                            continue;
                        }
                        if (header == null) {
                            continue;
                        }
                        double used = 0;
                        for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                            int idx = header.indexOf(c);
                            if (idx >= 0 && idx < cols.size()) {
                                used += Double.parseDouble(cols.get(idx));
                            }
                        }
                        long kib = (long) used;
                        peakKiB.accumulateAndGet(kib, Math::max);
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // jstat ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        void stop() throws InterruptedException {
            Thread.sleep(150);
            jstat.destroy();
            reader.join(2000);
        }

        double peakHeapMiB() {
            return peakKiB.get() / 1024.0;
        }
    }

    // ------------------------------------------------------------------ helpers

    static software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse awaitExecution(SfnClient sfn, String arn) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(600);
        while (true) {
            var d = sfn.describeExecution(r -> r.executionArn(arn));
            if (d.status() != ExecutionStatus.RUNNING || Instant.now().isAfter(deadline)) {
                return d;
            }
            Thread.sleep(100);
        }
    }

    static void ensureBuilt() throws Exception {
        if (!Files.isRegularFile(JAR) || !Files.isRegularFile(LAMBDA_JAR)) {
            System.out.println("building localcloud.jar and the Lambda jar (./mvnw -q -pl localcloud -am package -DskipTests) …");
            Process p = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-B", "-q", "-pl", "localcloud", "-am", "package", "-DskipTests")
                    .directory(ROOT.toFile()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the build failed");
            }
        }
    }

    static String health(int port) {
        try {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_localcloud/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void stop(int port, Path dir) throws Exception {
        new ProcessBuilder(java(), "-jar", JAR.toString(), "stop", "--port", "" + port, "--data-dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
    }

    static Path noahZip() {
        for (Path p : List.of(ROOT.resolve("../shared/data/noaa-sample/noah.zip"), ROOT.resolve("../../shared/data/noaa-sample/noah.zip"))) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    static void record(String what, String value) {
        System.out.printf("  %-50s %s%n", what, value);
        results.put(what, value);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String stats(List<Double> values, String unit) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        String f = unit.equals("ms") || unit.equals("MiB") ? "%.0f" : unit.equals("×") ? "%.2f" : "%.2f";
        return String.format(Locale.ROOT, f + " %s [" + f + "–" + f + "]", median(values), unit, min, max);
    }

    static void appendRow(String machine) throws IOException {
        Path file = ROOT.resolve("BENCHMARKS.md");
        if (!Files.exists(file)) {
            Files.writeString(file, "# Benchmarks\n\nRun: `./jbang benchmarks/Benchmarks.java` (see the top of that file).\n");
        }
        StringBuilder row = new StringBuilder("\n## " + LocalDate.now() + " — " + machine + ", " + runs + " runs\n\n"
                + "| figure | median [min–max] |\n|---|---|\n");
        results.forEach((k, v) -> row.append("| ").append(k.strip()).append(" | ").append(v).append(" |\n"));
        Files.writeString(file, row, StandardOpenOption.APPEND);
        System.out.println("\nappended to " + ROOT.relativize(file));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static Path findRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("labs"))) {
                return p;
            }
        }
        throw new IllegalStateException("run from the project's folder");
    }

    static final class Runtime_ {
        static String machine() {
            String cpu = "?";
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
            } catch (IOException ignored) {
                // not Linux
            }
            return java.lang.Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), JDK "
                    + System.getProperty("java.version") + ", " + System.getProperty("os.name");
        }
    }
}
