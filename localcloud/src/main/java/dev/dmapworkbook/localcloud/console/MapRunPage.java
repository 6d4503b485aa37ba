package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code /_console/map-runs/{arn}}, the console's Map Run Details: status, settings, item and child-execution
 * counters (live while RUNNING), the children with a status filter and pages of {@value #PAGE} (ListExecutions with
 * the Map Run's ARN and its nextToken, so 10,000 children cost one page each), and the ResultWriter's files, also
 * those of a failed Map Run ({@link ResultWriterLocation}).
 */
final class MapRunPage {
    static final int PAGE = 100;
    private static final int MANIFEST_CAP = 1 << 20;
    private static final List<String> FILTERS = List.of("", "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");
    private static final List<String> COUNTERS = List.of("pending", "running", "succeeded", "failed", "timedOut", "aborted",
            "total", "resultsWritten");

    private MapRunPage() {
    }

    static String render(Backends b, String arn, String statusFilter, String pageToken) {
        JsonNode run = b.states("DescribeMapRun", "mapRunArn", arn);
        String parent = run.path("executionArn").asText();
        String status = run.path("status").asText();
        Html page = new Html("Map Run " + arn.substring(arn.lastIndexOf(':') + 1),
                "Execution " + parent.substring(parent.lastIndexOf(':') + 1), Html.href("executions", parent));
        page.raw("<div class=\"live\" data-live=\"").raw(Html.esc(Html.href("live/map-runs", arn))).raw("\" data-status=\"")
                .raw(Html.esc(status)).raw("\"><div class=\"banner st-").raw(Html.esc(status.toLowerCase()))
                .raw("\"><strong>Map Run status: ").status(status).raw("</strong></div>");
        page.facts("Map Run ARN", arn, "Parent execution", parent, "Max concurrency", run.path("maxConcurrency").asText(),
                "Tolerated failure percentage", run.path("toleratedFailurePercentage").asText(),
                "Tolerated failure count", run.path("toleratedFailureCount").asText(),
                "Started", Html.time(run.path("startDate")), "Stopped", Html.time(run.path("stopDate")));
        counters(page, "Item processing status", "itemCounts", run.path("itemCounts"));
        counters(page, "Child workflow executions", "executionCounts", run.path("executionCounts"));
        results(b, page, arn, parent, status);
        children(b, page, arn, statusFilter, pageToken, run.path("executionCounts").path("total").asLong());
        return page.raw("</div>").finish();
    }

    private static void counters(Html page, String title, String field, JsonNode counts) {
        page.h(2, title).raw("<table class=\"counters\"><tr>");
        for (String c : COUNTERS) {
            page.raw("<th>").text(label(c)).raw("</th>");
        }
        page.raw("</tr><tr>");
        for (String c : COUNTERS) {
            page.raw("<td data-counter=\"").raw(field + "." + c).raw("\">").text(counts.path(c).asText("0")).raw("</td>");
        }
        page.raw("</tr></table>");
    }

    private static String label(String counter) {
        return switch (counter) {
            case "timedOut" -> "Timed out";
            case "resultsWritten" -> "Results written";
            default -> Character.toUpperCase(counter.charAt(0)) + counter.substring(1);
        };
    }

    /**
     * The ResultWriter's export (spec 9.7), also when the Map Run failed: its manifest and each result file it lists
     * (SUCCEEDED, FAILED, PENDING), linked to the S3 pages.
     */
    private static void results(Backends b, Html page, String arn, String parent, String status) {
        Optional<ResultWriterLocation.Found> found = ResultWriterLocation.of(b, arn, parent, ExecutionPage.history(b, parent));
        if (found.isEmpty()) {
            return;
        }
        page.h(2, "ResultWriter");
        if (found.get() instanceof ResultWriterLocation.Unresolved u) {
            page.raw("<p class=\"results\">").text("The console cannot work out where this Map Run's export went (" + u.reason()
                    + "); the Map state's ResultWriter " + u.field() + ":").raw("</p>").json(Json.write(u.template()));
            return;
        }
        ResultWriterLocation.Location at = (ResultWriterLocation.Location) found.get();
        String bucket = at.bucket();
        String key = at.manifestKey();
        JsonNode manifest;
        try (InputStream in = b.s3().objects().getObject(bucket, key)) {
            manifest = Json.parse(new String(in.readNBytes(MANIFEST_CAP), StandardCharsets.UTF_8));
        } catch (ServiceException | IOException | IllegalArgumentException absent) {
            page.raw("<p class=\"results\">").text(status.equals("RUNNING") ? "The results are written to " : "No results in ")
                    .link(Html.href("s3", bucket) + "?prefix=" + Html.query(at.folder()), "s3://" + bucket + "/" + at.folder())
                    .text(status.equals("RUNNING") ? " when the Map Run ends." : ": nothing was written there.").raw("</p>");
            return;
        }
        page.raw("<p class=\"results\">Manifest: ").link(Html.href("s3", bucket) + "?key=" + Html.query(key), "s3://" + bucket + "/" + key)
                .raw(" \u2014 folder: ").link(Html.href("s3", bucket) + "?prefix=" + Html.query(at.folder()),
                        "s3://" + bucket + "/" + at.folder()).raw("</p><table class=\"result-files\"><tr><th>Status</th>"
                        + "<th>Result files</th></tr>");
        for (String kind : List.of("SUCCEEDED", "FAILED", "PENDING")) {
            page.raw("<tr><td>").status(kind).raw("</td><td>");
            JsonNode files = manifest.path("ResultFiles").path(kind);
            if (files.isEmpty()) {
                page.text("none");
            }
            for (JsonNode file : files) {
                String fileKey = file.path("Key").asText();
                page.link(Html.href("s3", bucket) + "?key=" + Html.query(fileKey), fileKey.substring(fileKey.lastIndexOf('/') + 1))
                        .text(" (" + file.path("Size").asText("?") + " bytes) ");
            }
            page.raw("</td></tr>");
        }
        page.raw("</table>");
    }

    private static void children(Backends b, Html page, String arn, String filter, String token, long total) {
        String self = Html.href("map-runs", arn);
        page.h(2, "Executions").raw("<form method=\"get\" action=\"").raw(Html.esc(self))
                .raw("\" class=\"filter\"><label>Status <select name=\"status\" data-autosubmit>");
        for (String f : FILTERS) {
            page.raw("<option value=\"").raw(f).raw("\"").raw(f.equals(filter) ? " selected" : "").raw(">")
                    .text(f.isEmpty() ? "Any status" : f).raw("</option>");
        }
        page.raw("</select></label> <button>Filter</button></form>");
        JsonNode list = b.states("ListExecutions", "mapRunArn", arn, "maxResults", PAGE,
                "statusFilter", filter.isEmpty() ? null : filter, "nextToken", token);
        JsonNode executions = list.path("executions");
        if (executions.isEmpty() && filter.isEmpty() && total > 0) {
            page.raw("<p>The children are EXPRESS executions: as on AWS, they are not listed; their inputs and outputs are "
                    + "in the ResultWriter's files.</p>");
            return;
        }
        page.raw("<table class=\"children\"><tr><th>Name</th><th>Status</th><th>Started</th><th>Stopped</th><th>Duration</th></tr>");
        for (JsonNode e : executions) {
            page.raw("<tr><td>").link(Html.href("executions", e.path("executionArn").asText()), e.path("name").asText())
                    .raw("</td><td>").status(e.path("status").asText()).raw("</td><td>").text(Html.time(e.path("startDate")))
                    .raw("</td><td>").text(Html.time(e.path("stopDate"))).raw("</td><td>")
                    .text(Html.duration(e.path("startDate"), e.get("stopDate"))).raw("</td></tr>");
        }
        page.raw("</table><p class=\"pager\">");
        if (token != null) {
            page.link(self + "?status=" + Html.query(filter), "First page").raw(" ");
        }
        if (list.has("nextToken")) {
            page.link(self + "?status=" + Html.query(filter) + "&page=" + Html.query(list.path("nextToken").asText()), "Next page");
        }
        page.raw("</p>");
    }
}
