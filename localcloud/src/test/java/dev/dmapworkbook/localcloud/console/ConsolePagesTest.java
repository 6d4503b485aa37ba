package dev.dmapworkbook.localcloud.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The console's pages over HTTP, as a browser gets them: every page answers, user data is text, the two actions work
 * for the console's own origin and not for another web site's.
 */
class ConsolePagesTest {
    static final String EVIL = "<img src=x onerror=alert(1)>";
    static final String DEFINITION = """
            {"StartAt": "Check", "States": {
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.wait", "IsPresent": true, "Next": "Wait a bit"}],
                        "Default": "%1$s"},
              "Wait a bit": {"Type": "Wait", "Seconds": 30, "Next": "%1$s"},
              "%1$s": {"Type": "Pass", "Result": {"said": "%1$s"}, "End": true}}}""".formatted(EVIL);

    @TempDir
    Path temp;
    LocalCloud cloud;
    SfnClient sfn;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(temp.resolve("cloud")));
        sfn = SdkClients.client(SfnClient.builder(), cloud.endpoint());
    }

    @AfterEach
    void stop() {
        sfn.close();
        cloud.close();
    }

    @Test
    void pagesShowWhatRanAndUserDataIsText() throws Exception {
        String sm = sfn.createStateMachine(r -> r.name("console-test").definition(DEFINITION)
                .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
        String execution = sfn.startExecution(r -> r.stateMachineArn(sm).name("first").input("{\"note\":\"</pre><script>x()</script>\"}"))
                .executionArn();
        await(execution);

        HttpResponse<String> home = get("/_console/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains(Html.href("state-machines", sm)), home.body());
        assertTrue(home.body().contains(Html.href("executions", execution)), home.body());
        assertTrue(home.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));

        String smPage = get(Html.href("state-machines", sm)).body();
        assertTrue(smPage.contains("data-state=\"&lt;img src=x onerror=alert(1)&gt;\""), smPage);
        assertFalse(smPage.contains(EVIL), "the state name is never markup");
        assertTrue(smPage.contains("Start execution"), smPage);

        HttpResponse<String> exPage = get(Html.href("executions", execution));
        assertEquals(200, exPage.statusCode());
        String body = exPage.body();
        assertFalse(body.contains(EVIL) || body.contains("<script>x()"), "inputs, outputs and names are text");
        assertTrue(body.contains("data-status=\"SUCCEEDED\""), body);
        assertTrue(body.contains("PassStateExited"), body);
        assertTrue(body.contains("data-state=\"Wait a bit\" data-type=\"Wait\" data-status=\"NOT_REACHED\""), body);
        assertTrue(body.contains("data-state=\"Check\" data-type=\"Choice\" data-status=\"SUCCEEDED\""), body);

        assertEquals(404, get(Html.href("executions", execution + "-missing")).statusCode());
        assertEquals(200, get("/_console/assets/console.js").statusCode());
        assertEquals(200, get("/_console/assets/console.css").statusCode());
    }

    @Test
    void startAndStopWorkFromTheConsoleOwnOriginOnly() throws Exception {
        String sm = sfn.createStateMachine(r -> r.name("console-actions").definition(DEFINITION)
                .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
        String own = "http://127.0.0.1:" + cloud.port();
        String action = Html.href("state-machines", sm) + "/start";

        HttpResponse<String> refused = post(action, "https://evil.example", "name=x&input=%7B%7D");
        assertEquals(403, refused.statusCode(), refused.body());
        HttpResponse<String> badJson = post(action, own, "name=x&input=%7Bnot+json");
        assertEquals(400, badJson.statusCode());
        assertTrue(badJson.body().contains("The input is not valid JSON"), badJson.body());

        HttpResponse<String> started = post(action, own, "name=from-console&input=%7B%22wait%22%3Atrue%7D");
        assertEquals(303, started.statusCode(), started.body());
        String location = started.headers().firstValue("Location").orElseThrow();
        String executionArn = sm.replace(":stateMachine:", ":execution:") + ":from-console";
        assertEquals(Html.href("executions", executionArn), location);
        String running = get(location).body();
        assertTrue(running.contains("data-live=") && running.contains("Stop execution"), running);
        String live = get(Html.href("live/executions", executionArn)).body();
        assertTrue(live.contains("\"Wait a bit\":\"IN_PROGRESS\""), live);

        assertEquals(403, post(location + "/stop", "https://evil.example", "").statusCode());
        assertEquals(303, post(location + "/stop", own, "").statusCode());
        assertEquals(ExecutionStatus.ABORTED, sfn.describeExecution(r -> r.executionArn(executionArn)).status());
    }

    @Test
    void theMapRunPageCountsPagesChildrenAndLinksTheResultWriterFilesTheS3PageShows() throws Exception {
        String definition = """
                {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemsPath": "$.items",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results", "Prefix": "out"}},
                  "End": true}}}""";
        try (var s3 = SdkClients.client(software.amazon.awssdk.services.s3.S3Client.builder().forcePathStyle(true), cloud.endpoint());
             var dynamo = SdkClients.client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), cloud.endpoint())) {
            s3.createBucket(r -> r.bucket("results"));
            dynamo.createTable(r -> r.tableName("Stations").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")).keySchema(k -> k.attributeName("pk").keyType("HASH")));
            dynamo.putItem(r -> r.tableName("Stations").item(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue
                    .fromS("<b>station</b>"), "PRCP", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("42"))));
        }
        String sm = sfn.createStateMachine(r -> r.name("dmap").definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
        String items = java.util.stream.IntStream.range(0, 150).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",", "{\"items\":[", "]}"));
        String execution = sfn.startExecution(r -> r.stateMachineArn(sm).input(items)).executionArn();
        await(execution);
        String mapRun = sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns().get(0).mapRunArn();

        String page = get(Html.href("map-runs", mapRun)).body();
        assertTrue(page.contains("data-counter=\"executionCounts.total\">150<"), page);
        assertEquals(MapRunPage.PAGE, page.split("<tr><td><a href=\"/_console/executions/").length - 1, "one page of children");
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("href=\"([^\"]*page=[^\"]*)\">Next page").matcher(page);
        assertTrue(next.find(), page);
        String second = get(next.group(1).replace("&amp;", "&")).body();
        assertEquals(50, second.split("<tr><td><a href=\"/_console/executions/").length - 1, "the other 50 children");
        assertTrue(get(Html.href("map-runs", mapRun) + "?status=FAILED").body().contains("<table class=\"children\"><tr><th>Name</th>"));

        java.util.regex.Matcher manifest = java.util.regex.Pattern.compile("href=\"(/_console/s3/results\\?key=[^\"]*manifest.json)\"")
                .matcher(page);
        assertTrue(manifest.find(), "the ResultWriter's manifest is linked: " + page);
        String manifestPage = get(manifest.group(1)).body();
        assertTrue(manifestPage.contains("&quot;DestinationBucket&quot; : &quot;results&quot;"), manifestPage);
        String bucket = get(Html.href("s3", "results") + "?prefix=out/").body();
        assertTrue(bucket.contains("Folders (1)"), bucket);

        String table = get(Html.href("dynamodb", "Stations")).body();
        assertTrue(table.contains("<td>&lt;b&gt;station&lt;/b&gt;</td><td>42</td>"), table);
        assertEquals(303, get("/_console/search?arn=" + java.net.URLEncoder.encode(mapRun, java.nio.charset.StandardCharsets.UTF_8))
                .statusCode());
    }

    /**
     * A Map Run that fails still exports (spec 9.7): FAILED_0.json for the children that failed, PENDING_0.json for
     * those never started, and the manifest; its page links them although the Map state has no output naming them.
     */
    @Test
    void theMapRunPageOfAFailedRunLinksTheManifestAndItsFailedAndPendingFiles() throws Exception {
        String definition = """
                {"StartAt": "Map", "States": {"Map": {"Type": "Map", "InputPath": "$.job", "ItemsPath": "$.items",
                  "MaxConcurrency": 1, "ToleratedFailureCount": 1,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Big?", "States": {
                      "Big?": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThanEquals": 3, "Next": "Fail"}],
                               "Default": "Ok"},
                      "Fail": {"Type": "Fail", "Error": "TooBig", "Cause": "an item of 3 or more"},
                      "Ok": {"Type": "Pass", "End": true}}},
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                                   "Parameters": {"Bucket": "results", "Prefix.$": "$.folder"}},
                  "End": true}}}""";
        try (var s3 = SdkClients.client(software.amazon.awssdk.services.s3.S3Client.builder().forcePathStyle(true), cloud.endpoint())) {
            s3.createBucket(r -> r.bucket("results"));
        }
        String sm = sfn.createStateMachine(r -> r.name("fails").definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
        String execution = sfn.startExecution(r -> r.stateMachineArn(sm)
                .input("{\"job\": {\"folder\": \"failed-runs\", \"items\": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}}")).executionArn();
        await(execution);
        assertEquals(ExecutionStatus.FAILED, sfn.describeExecution(r -> r.executionArn(execution)).status());
        String mapRun = sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns().get(0).mapRunArn();
        String id = mapRun.substring(mapRun.lastIndexOf(':') + 1);

        String page = get(Html.href("map-runs", mapRun)).body();
        assertTrue(page.contains("Map Run status: <span class=\"status st-failed\""), page);
        String folder = "/_console/s3/results?key=failed-runs%2F" + id + "%2F";
        assertTrue(page.contains("href=\"" + folder + "manifest.json\""), "the manifest is linked: " + page);
        for (String file : java.util.List.of("SUCCEEDED_0.json", "FAILED_0.json", "PENDING_0.json")) {
            assertTrue(page.contains("href=\"" + folder + file + "\">" + file + "</a>"), file + " is linked: " + page);
            assertEquals(200, get(folder + file).statusCode(), file);
        }
        String pending = get(folder + "PENDING_0.json").body();
        assertTrue(pending.contains("&quot;Status&quot; : &quot;PENDING&quot;"), pending);
    }

    private void await(String execution) throws InterruptedException {
        await(sfn, execution, Duration.ofMinutes(3)); // generous: a loaded machine
    }

    /** Waits for the execution's end; fails when it is still RUNNING after {@code atMost}. The console tests' one wait. */
    static void await(SfnClient sfn, String execution, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (sfn.describeExecution(r -> r.executionArn(execution)).status() == ExecutionStatus.RUNNING) {
            assertTrue(System.nanoTime() < deadline, execution + " is still RUNNING after " + atMost);
            Thread.sleep(20);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String origin, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + path))
                .timeout(Duration.ofSeconds(60)).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
