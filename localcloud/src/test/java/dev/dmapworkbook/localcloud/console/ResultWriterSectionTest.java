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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The Map Run page's ResultWriter section when the Map state failed, so that no output names the export, and its JSONata
 * {@code Arguments} read workflow variables: the variables' values come from the execution's history (the
 * {@code assignedVariables} of the states before it); what cannot be worked out again is shown as the template, never
 * dropped.
 */
class ResultWriterSectionTest {
    private static final String DEFINITION = """
            {"QueryLanguage": "JSONata", "StartAt": "Setup", "States": {
              "Setup": {"Type": "Pass", "Assign": {"folder": "{%% $states.input.folder %%}"}, "Next": "Map"},
              "Map": {"Type": "Map", "Items": "{%% $states.input.items %%}", "MaxConcurrency": 1,
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  "StartAt": "Big?", "States": {
                    "Big?": {"Type": "Choice", "Choices": [{"Condition": "{%% $states.input >= 2 %%}", "Next": "Fail"}],
                             "Default": "Ok"},
                    "Fail": {"Type": "Fail", "Error": "TooBig", "Cause": "an item of 2 or more"},
                    "Ok": {"Type": "Pass", "End": true}}},
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                                 "Arguments": {"Bucket": "results", "Prefix": "%s"}},
                "End": true}}}""";

    @TempDir
    Path temp;
    LocalCloud cloud;
    SfnClient sfn;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(temp.resolve("cloud")));
        sfn = SdkClients.client(SfnClient.builder(), cloud.endpoint());
        try (S3Client s3 = SdkClients.client(S3Client.builder().forcePathStyle(true), cloud.endpoint())) {
            s3.createBucket(r -> r.bucket("results"));
        }
    }

    @AfterEach
    void stop() {
        sfn.close();
        cloud.close();
    }

    @Test
    void aPrefixFromAVariableIsResolvedFromTheHistoryAndItsFilesAreLinked() throws Exception {
        String mapRun = failedMapRun("failures-in", "{% $folder & '/runs' %}");
        String id = mapRun.substring(mapRun.lastIndexOf(':') + 1);
        String page = get(Html.href("map-runs", mapRun));
        String folder = "/_console/s3/results?key=failures-in%2Fruns%2F" + id + "%2F";
        assertTrue(page.contains("<h2>ResultWriter</h2>"), page);
        assertTrue(page.contains("href=\"" + folder + "manifest.json\""), "the manifest is linked: " + page);
        assertTrue(page.contains("href=\"" + folder + "FAILED_0.json\">FAILED_0.json</a>"), page);
    }

    /**
     * The context object is the one the run gave the Map state (asl.ContextObject): a JSONata field it lacked would be
     * undefined, and the page would link a folder the run never wrote instead of saying it cannot work it out.
     */
    @Test
    void aPrefixFromTheContextObjectIsResolvedAsTheRunResolvedIt() throws Exception {
        String mapRun = failedMapRun("unused", "{% $states.context.StateMachine.Name & '-'"
                + " & $split($states.context.Execution.RoleArn, '/')[1] & '-' & $states.context.Execution.RedriveCount"
                + " & '-' & $states.context.State.RetryCount & '-' & $length($states.context.Execution.StartTime)"
                + " & '-' & $length($states.context.State.EnteredTime) %}");
        String id = mapRun.substring(mapRun.lastIndexOf(':') + 1);
        String page = get(Html.href("map-runs", mapRun));
        String folder = "/_console/s3/results?key=fails-R-0-0-24-24%2F" + id + "%2F";
        assertTrue(page.contains("href=\"" + folder + "FAILED_0.json\">FAILED_0.json</a>"), page);
    }

    /**
     * A fresh UUID ($uuid(), States.UUID()) or the time of the run cannot be had again: the page says so rather than
     * link another folder.
     */
    @Test
    void whatCannotBeWorkedOutAgainIsShownAsTheTemplate() throws Exception {
        for (String drawn : List.of("$uuid()", "$millis()")) {
            String mapRun = failedMapRun("fails-" + drawn.substring(1, drawn.length() - 2), "unused",
                    "{% 'runs-' & " + drawn + " %}");
            String page = get(Html.href("map-runs", mapRun));
            assertTrue(page.contains("<h2>ResultWriter</h2>"), page);
            assertTrue(page.contains(drawn), "the Arguments are shown: " + page);
            assertTrue(page.contains("cannot work out where"), page);
            assertFalse(page.contains("No results in"), "no folder the run did not write is named: " + page);
        }
    }

    private String failedMapRun(String folder, String prefix) throws InterruptedException {
        return failedMapRun("fails", folder, prefix);
    }

    private String failedMapRun(String machine, String folder, String prefix) throws InterruptedException {
        String sm = sfn.createStateMachine(r -> r.name(machine).definition(DEFINITION.formatted(prefix))
                .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
        String execution = sfn.startExecution(r -> r.stateMachineArn(sm)
                .input("{\"folder\": \"" + folder + "\", \"items\": [0, 1, 2, 3]}")).executionArn();
        ConsolePagesTest.await(sfn, execution, Duration.ofMinutes(3)); // generous: a loaded machine
        assertEquals(ExecutionStatus.FAILED, sfn.describeExecution(r -> r.executionArn(execution)).status());
        return sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns().get(0).mapRunArn();
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
