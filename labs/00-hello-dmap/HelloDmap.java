///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//DEPS software.amazon.awssdk:s3 software.amazon.awssdk:sfn software.amazon.awssdk:cloudformation
//SOURCES ../common/Workbook.java ../common/Stack.java ../common/Executions.java ../common/StateGraphs.java ElectronicsCsv.java
//MAIN HelloDmap
//DESCRIPTION Lab 00 — hello, Distributed Map: one big CSV, batches of 1,000 rows, a filter, results in S3.

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class HelloDmap {
    static final String KEY = "df_electronics.csv";
    static final long DEFAULT_ROWS = 100_000;

    // the notebook: its numbered cells in order, as in the README (long, and read top to bottom; each cell is short)
    public static void main(String[] args) throws Exception {
        var book = Workbook.open(args, "00-hello-dmap", "Lab 00 — Hello, Distributed Map",
                "well under $0.10 (one Standard execution, ~100–1,300 Express children, a few S3 requests)",
                Workbook.option("--rows", "N", "rows to generate (default 100,000)"),
                Workbook.flag("--full", "generate the workshop's full size: 1,292,954 rows (~90 MB)"),
                Workbook.option("--csv", "FILE", "use this df_electronics.csv instead of generating one"),
                Workbook.option("--csv-url", "URL", "download df_electronics.csv from here when the internet is reachable"));
        var cfn = book.client(CloudFormationClient.builder());
        var s3 = book.client(S3Client.builder());
        var sfn = book.client(SfnClient.builder());

        var csv = book.cell(1, "Prepare df_electronics.csv",
                "The workshop's input is one CSV of Amazon electronics reviews. Offline we write a file with the same "
                        + "header and shape (ratings like 5.0); --csv-url downloads the real one, --full writes all 1,292,954 rows.",
                () -> prepareCsv(book));

        var hello = book.cell(2, "Deploy the workbook's stack",
                "template.yaml holds the buckets, roles and HelloDmapStateMachine. This first deployment has no "
                        + "function code yet: lab 01 adds it.", () -> {
                    var existing = Stack.find(cfn);
                    Stack stack;
                    if (existing.isPresent() && existing.get().status().endsWith("_COMPLETE")
                            && !existing.get().status().contains("ROLLBACK") && !existing.get().status().startsWith("DELETE")) {
                        book.println("  the stack " + Stack.NAME + " is already " + existing.get().status() + ": nothing to deploy");
                        stack = existing.get();
                    } else {
                        stack = Stack.deploy(book, cfn, Map.of());
                    }
                    var found = new Hello(stack.output(book, Stack.HELLO_INPUT_BUCKET, null),
                            stack.output(book, Stack.HELLO_RESULTS_BUCKET, null),
                            stack.output(book, Stack.HELLO_STATE_MACHINE_ARN, null));
                    book.fields(Workbook.ordered("input bucket", found.inputBucket(), "results bucket", found.resultsBucket(),
                            "state machine", found.stateMachineArn()));
                    s3.headBucket(r -> r.bucket(found.inputBucket()));
                    s3.headBucket(r -> r.bucket(found.resultsBucket()));
                    String status = sfn.describeStateMachine(r -> r.stateMachineArn(found.stateMachineArn())).statusAsString();
                    book.check("the hello-dmap buckets answer HeadBucket and the state machine is " + status,
                            "ACTIVE".equals(status), "DescribeStateMachine says " + status);
                    book.link("HelloDmapStateMachine", book.console().stateMachine(found.stateMachineArn()));
                    return found;
                });
        String inputBucket = hello.inputBucket();
        String resultsBucket = hello.resultsBucket();
        String stateMachineArn = hello.stateMachineArn();

        book.cell(3, "Upload the CSV", "The Map state reads it straight from S3 with s3:getObject.", () -> {
            long t0 = System.nanoTime();
            s3.putObject(r -> r.bucket(inputBucket).key(KEY).contentType("text/csv"), RequestBody.fromFile(csv.file()));
            long size = s3.headObject(r -> r.bucket(inputBucket).key(KEY)).contentLength();
            book.printf("  s3://%s/%s  %,d bytes  %s", inputBucket, KEY, size, Workbook.seconds(System.nanoTime() - t0));
            book.check("the object's size is the file's size", size == csv.summary().bytes());
            book.link("the input bucket", book.console().bucket(inputBucket));
        });

        book.cell(4, "Read the state machine", "HelloDmapStateMachine: a Distributed Map whose ItemReader reads the CSV, "
                + "an ItemBatcher of 1,000 rows, a Pass state that keeps ratings '4.0' and '5.0', and a ResultWriter.", () -> {
            var definition = Workbook.JSON.readTree(sfn.describeStateMachine(r -> r.stateMachineArn(stateMachineArn)).definition());
            JsonNode map = firstMap(definition);
            book.require(map != null, "HelloDmapStateMachine has no Map state");
            var shown = Workbook.JSON.createObjectNode();
            for (String field : List.of("ItemReader", "ItemBatcher", "ToleratedFailurePercentage", "ResultWriter")) {
                if (map.has(field)) {
                    shown.set(field, map.get(field));
                }
            }
            shown.set("ItemProcessor", map.path("ItemProcessor"));
            book.json(shown, 60);
            book.check("the Map state is distributed", "DISTRIBUTED".equals(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()));
        });

        var execution = book.cell(5, "Run it", "StartExecution with {\"key\": \"df_electronics.csv\", \"output\": \"results\"}; "
                + "the line below follows the Map Run's counters live.", () -> {
            String input = Workbook.compact(Workbook.ordered("key", KEY, "output", "results"));
            var started = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).input(input));
            book.println("  " + started.executionArn());
            book.link("the execution", book.console().execution(started.executionArn()));
            var finished = Executions.await(book, sfn, started.executionArn(), Duration.ofMinutes(15));
            StateGraphs.show(book, sfn, started.executionArn(), "HelloDmapStateMachine, coloured by this run");
            book.check("the execution SUCCEEDED", finished.status() == ExecutionStatus.SUCCEEDED,
                    finished.status() == ExecutionStatus.SUCCEEDED ? null : finished.error() + ": " + finished.cause());
            return finished;
        });

        book.cell(6, "The Map Run", "Each child execution got a batch of up to 1,000 rows; itemCounts count rows, "
                + "executionCounts count child executions.", () -> {
            var mapRun = Executions.firstMapRun(sfn, execution.executionArn()).orElseThrow(() -> book.stop("no Map Run"));
            var run = sfn.describeMapRun(r -> r.mapRunArn(mapRun.mapRunArn()));
            Executions.showMapRun(book, run);
            book.link("the Map Run", book.console().mapRun(run.mapRunArn(), run.executionArn()));
            long batches = (csv.summary().rows() + 999) / 1000;
            book.check("every row was an item: " + String.format("%,d", csv.summary().rows()), run.itemCounts().total() == csv.summary().rows());
            book.check("one child per 1,000 rows: " + batches, run.executionCounts().total() == batches);
            book.check("no child failed", run.itemCounts().failed() == 0 && run.executionCounts().failed() == 0);
            List<ExecutionListItem> children = new ArrayList<>();
            sfn.listExecutionsPaginator(r -> r.mapRunArn(mapRun.mapRunArn())).executions().forEach(children::add);
            if (children.isEmpty()) {
                book.println("  ListExecutions(mapRunArn) lists no children (AWS does not list EXPRESS children; their "
                        + "logs are in CloudWatch Logs when the state machine logs): the concurrency is not shown here");
                return;
            }
            int peak = peakConcurrency(children);
            book.printf("  MaxConcurrency %,d (the workshop's value): at most %,d of the %,d children ran at once here",
                    run.maxConcurrency(), peak, children.size());
            book.check("the children ran side by side, never more than MaxConcurrency",
                    peak >= 1 && peak <= run.maxConcurrency(), "peak " + peak);
        });

        book.cell(7, "The results in S3", "The execution's output points at the ResultWriter's manifest; SUCCEEDED_n.json "
                + "hold one record per child, whose Output is what the Pass state kept.", () -> {
            JsonNode output = Workbook.JSON.readTree(execution.output());
            book.json(output);
            String manifestKey = output.at("/ResultWriterDetails/Key").asText();
            String bucket = output.at("/ResultWriterDetails/Bucket").asText(resultsBucket);
            book.require(!manifestKey.isEmpty(), "the execution's output has no ResultWriterDetails.Key");
            JsonNode manifest = Workbook.JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(bucket).key(manifestKey)).asByteArray());
            book.println("  s3://" + bucket + "/" + manifestKey);
            book.json(manifest, 25);
            book.link("the manifest", book.console().object(bucket, manifestKey));
            List<String> files = new ArrayList<>();
            manifest.at("/ResultFiles/SUCCEEDED").forEach(f -> files.add(f.path("Key").asText()));
            book.check("the manifest lists SUCCEEDED result files", !files.isEmpty());
            long records = 0;
            long kept = 0;
            for (String key : files) {
                try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
                    for (JsonNode record : Workbook.JSON.readTree(in)) {
                        records++;
                        kept += countItems(Workbook.JSON.readTree(record.path("Output").asText("null")));
                    }
                }
            }
            book.table(List.of("result files", "child records", "highly rated reviews", "rows"),
                    List.of(List.of(files.size(), records, kept, csv.summary().rows())));
            book.check(String.format("the Pass filter kept every 4.0 and 5.0 rating: %,d of %,d rows", kept, csv.summary().rows()),
                    kept == csv.summary().highlyRated(),
                    kept == csv.summary().highlyRated() ? null : "counted " + csv.summary().highlyRated() + " in the file");
        });

        System.exit(book.finish());
    }

    record Hello(String inputBucket, String resultsBucket, String stateMachineArn) {
    }

    record Csv(Path file, ElectronicsCsv.Summary summary) {
    }

    static Csv prepareCsv(Workbook book) throws Exception {
        Path out = book.outDir();
        Files.createDirectories(out);
        if (book.value("--csv").isPresent()) {
            Path file = Path.of(book.value("--csv").get());
            book.require(Files.isRegularFile(file), "--csv " + file + ": no such file");
            var summary = counted(book, file);
            book.printf("  using %s: %,d rows, %,d bytes", file, summary.rows(), summary.bytes());
            return new Csv(file, summary);
        }
        Path file = out.resolve(KEY);
        if (book.value("--csv-url").isPresent()) {
            Csv downloaded = download(book, book.value("--csv-url").get(), file);
            if (downloaded != null) {
                return downloaded;
            }
        }
        long rows = book.flag("--full") ? ElectronicsCsv.FULL_ROWS
                : Long.parseLong(book.value("--rows").orElse(Long.toString(DEFAULT_ROWS)).replace(",", "").replace("_", ""));
        if (Files.isRegularFile(file) && ElectronicsCsv.hasHeader(file)) {
            var existing = ElectronicsCsv.count(file);
            if (existing.rows() == rows) {
                book.printf("  %s already has %,d rows (%,d bytes): reusing it", book.displayPath(file), rows, existing.bytes());
                return new Csv(file, counted(book, file));
            }
        }
        var progress = book.progress("generating", rows);
        var summary = ElectronicsCsv.generate(file, rows, 1, progress::advance);
        progress.finish();
        book.printf("  %s: %,d rows, %,d bytes, %,d rated 4.0 or 5.0", book.displayPath(file), summary.rows(), summary.bytes(), summary.highlyRated());
        book.check("generated offline with the df_electronics.csv header", ElectronicsCsv.count(file).equals(summary));
        return new Csv(file, summary);
    }

    /** {@code --csv-url} into {@code file}; null (and says so) when it could not be downloaded. */
    static Csv download(Workbook book, String url, Path file) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), "download", ".tmp");
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL).build();
            var response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofFile(tmp));
            if (response.statusCode() != 200) {
                throw new java.io.IOException("HTTP " + response.statusCode());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            var summary = counted(book, file);
            book.printf("  downloaded %s: %,d rows, %,d bytes", url, summary.rows(), summary.bytes());
            return new Csv(file, summary);
        } catch (Exception e) {
            book.println("  could not download (" + e.getMessage() + "): generating it offline instead");
            return null;
        }
    }

    /** Checks the header (the ✓ a learner sees), then counts the rows; stops the lab when it is not the file. */
    static ElectronicsCsv.Summary counted(Workbook book, Path file) throws java.io.IOException {
        boolean header = ElectronicsCsv.hasHeader(file);
        book.check("the file starts with the df_electronics.csv header", header,
                "its first line is not " + ElectronicsCsv.HEADER);
        book.require(header, book.displayPath(file) + " is not df_electronics.csv");
        return ElectronicsCsv.count(file);
    }

    /** The most children running at the same instant, from their start and stop dates (a stop frees its slot first). */
    static int peakConcurrency(List<ExecutionListItem> children) {
        List<long[]> events = new ArrayList<>();
        for (ExecutionListItem child : children) {
            if (child.startDate() != null) {
                long start = child.startDate().toEpochMilli();
                long stop = (child.stopDate() == null ? java.time.Instant.now() : child.stopDate()).toEpochMilli();
                events.add(new long[] {start, 1});
                events.add(new long[] {Math.max(stop, start + 1), -1}); // a child shorter than the clock's millisecond still ran
            }
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int peak = 0;
        for (long[] event : events) {
            running += (int) event[1];
            peak = Math.max(peak, running);
        }
        return peak;
    }

    static JsonNode firstMap(JsonNode definition) {
        for (JsonNode state : definition.path("States")) {
            if ("Map".equals(state.path("Type").asText())) {
                return state;
            }
        }
        return null;
    }

    /** Rows a child's output holds: the Pass filter's array, wherever the definition put it. */
    static long countItems(JsonNode output) {
        if (output.isArray()) {
            return output.size();
        }
        if (output.isObject()) {
            long n = 0;
            for (JsonNode value : output) {
                n += countItems(value);
            }
            return n;
        }
        return 0;
    }
}
