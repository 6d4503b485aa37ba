package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Results written" of a Map Run that failed (spec 2.14, 9.7): the results of the children that ended on their own
 * (succeeded, failed, timed out). A child the failing run aborted has no result of its own, like a child it never
 * started: its record is in FAILED_0.json (as PENDING ones are in PENDING_0.json), but it is not a result written.
 * An export that fails writes no result: "the count of items whose results were written by ResultWriter" (API
 * reference, MapRunItemCounts) [AWS-doc].
 */
class ResultsWrittenSdkTest {
    @TempDir
    Path temp;

    private static final String DEFINITION = """
            {"StartAt":"Map","States":{"Map":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"Which","States":{
                  "Which":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"Boom"}],"Default":"Slow"},
                  "Boom":{"Type":"Fail","Error":"Boom","Cause":"this item fails"},
                  "Slow":{"Type":"Wait","Seconds":600,"End":true}}},
              "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"runs"}},
              "End":true}}}""";

    @Test
    void aFailedRunCountsTheFailedChildsResultButNotTheChildItAborted() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("out");
            String sm = c.createStateMachine("AbortsOne", DEFINITION);
            String execution = c.start(sm, "{\"items\":[{\"fail\":false},{\"fail\":true},{\"fail\":false},{\"fail\":false}]}");
            assertEquals(ExecutionStatus.FAILED, c.await(execution).status());
            String mapRunArn = c.mapRunOf(execution);
            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            assertEquals(MapRunStatus.FAILED, run.status());
            assertEquals(1, run.itemCounts().failed());
            assertEquals(1, run.itemCounts().aborted());
            assertEquals(2, run.itemCounts().pending());
            assertEquals(1, run.itemCounts().resultsWritten(), "the aborted child wrote no result");
            assertEquals(1, run.executionCounts().resultsWritten(), "the aborted child wrote no result");

            String id = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
            JsonNode failed = Json.parse(c.get("out", "runs/" + id + "/FAILED_0.json"));
            assertEquals(2, failed.size(), "spec 9.7: FAILED_0.json holds the failed and the aborted child");
            assertEquals("ABORTED", failed.get(0).path("Status").asText());
            assertEquals("FAILED", failed.get(1).path("Status").asText());

            String page = consolePage(c, mapRunArn);
            assertTrue(page.contains("data-counter=\"itemCounts.resultsWritten\">1<"), page);
        }
    }

    @Test
    void withAnExportNoResultIsWrittenWhileTheRunGoesOn() {
        String definition = """
                {"StartAt":"Map","States":{"Map":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                    "StartAt":"Which","States":{
                      "Which":{"Type":"Choice","Choices":[{"Variable":"$.wait","BooleanEquals":true,"Next":"Slow"}],"Default":"Done"},
                      "Slow":{"Type":"Wait","Seconds":600,"End":true},
                      "Done":{"Type":"Pass","End":true}}},
                  "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"runs"}},
                  "End":true}}}""";
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("out");
            String sm = c.createStateMachine("OneWaits", definition);
            String execution = c.start(sm, "{\"items\":[{\"wait\":false},{\"wait\":true}]}");
            String mapRunArn = c.awaitMapRun(execution);
            DescribeMapRunResponse run = c.awaitMapRun(mapRunArn, r -> r.itemCounts().succeeded() == 1
                    && r.itemCounts().running() == 1, "one child succeeded and one running");
            assertEquals(MapRunStatus.RUNNING, run.status());
            assertEquals(0, run.itemCounts().resultsWritten(), "the files are written when the run ends");
            assertEquals(0, run.executionCounts().resultsWritten(), "the files are written when the run ends");
            c.sfn.stopExecution(r -> r.executionArn(execution));
            assertEquals(ExecutionStatus.ABORTED, c.await(execution).status());
        }
    }

    @Test
    void anExportThatFailsCountsNoResultWritten() throws Exception {
        // every child succeeds; the export fails: its keys are longer than S3's 1,024 bytes (KeyTooLongError)
        String definition = """
                {"StartAt":"Map","States":{"Map":{"Type":"Map","ItemsPath":"$.items",
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                    "StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}},
                  "ItemBatcher":{"MaxItemsPerBatch":2},
                  "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"%s"}},
                  "End":true}}}""".formatted("p".repeat(1000));
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("out");
            String sm = c.createStateMachine("ExportFails", definition);
            String execution = c.start(sm, "{\"items\":[1,2,3]}");
            DescribeExecutionResponse finished = c.await(execution);
            assertEquals(ExecutionStatus.FAILED, finished.status());
            assertEquals("States.ResultWriterFailed", finished.error());
            String mapRunArn = c.mapRunOf(execution);
            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            assertEquals(MapRunStatus.FAILED, run.status());
            assertEquals(3, run.itemCounts().succeeded());
            assertEquals(2, run.executionCounts().succeeded());
            assertEquals(0, run.itemCounts().resultsWritten(), "no result file was written");
            assertEquals(0, run.executionCounts().resultsWritten(), "no result file was written");
            assertEquals(0, c.s3.listObjectsV2(r -> r.bucket("out")).keyCount());

            String page = consolePage(c, mapRunArn);
            assertTrue(page.contains("data-counter=\"itemCounts.resultsWritten\">0<"), page);
        }
    }

    /** The console's page of the Map Run, where "Results written" is shown. */
    private static String consolePage(SdkCloud c, String mapRunArn) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(c.cloud.endpoint()
                + "/_console/map-runs/" + URLEncoder.encode(mapRunArn, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
