package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.graph.StateGraph;
import dev.dmapworkbook.graph.StateStatus;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /_console/executions/{arn}}, the console's Execution Details: status banner with error and cause, input and
 * output, the graph coloured by state, the table view and the event view; live while RUNNING (console.js polls
 * {@link LiveData}). A Map Run child shows its Map Run and parent execution in the breadcrumb.
 */
final class ExecutionPage {
    static final int MAX_EVENTS_SHOWN = 1000;
    private static final int MAX_EVENTS_READ = 25_000;

    private ExecutionPage() {
    }

    static String render(Backends b, String arn) {
        JsonNode ex;
        try {
            ex = b.states("DescribeExecution", "executionArn", arn);
        } catch (ServiceException e) {
            if (arn.contains(":express:")) {
                return express(arn, e);
            }
            throw e;
        }
        String status = ex.path("status").asText();
        Html page = new Html(ex.path("name").asText(), crumbs(b, ex));
        page.raw("<div class=\"live\" data-live=\"").raw(Html.esc(Html.href("live/executions", arn)))
                .raw("\" data-status=\"").raw(Html.esc(status)).raw("\">");
        banner(page, ex);
        page.facts("Execution ARN", arn, "State machine", ex.path("stateMachineArn").asText(),
                "Started", Html.time(ex.path("startDate")), "Stopped", Html.time(ex.path("stopDate")),
                "Duration", Html.duration(ex.path("startDate"), ex.get("stopDate")));
        page.raw("<div class=\"io\"><section><h2>Input</h2>").json(ex.path("input").asText(null))
                .raw("</section><section><h2>Output</h2>")
                .json(ex.has("output") ? ex.path("output").asText() : "(no output: the execution is " + status + ")").raw("</section></div>");
        List<JsonNode> events = history(b, arn);
        StateRuns runs = new StateRuns(events);
        String definition = b.states("DescribeStateMachineForExecution", "executionArn", arn).path("definition").asText();
        page.h(2, "Graph").raw("<div class=\"graph\">").raw(graph(definition, runs.statuses("RUNNING".equals(status))))
                .raw("</div>");
        table(page, runs, "RUNNING".equals(status), ex.get("stopDate"));
        events(page, events, runs);
        return page.raw("</div>").finish();
    }

    private static String[] crumbs(Backends b, JsonNode ex) {
        String sm = ex.path("stateMachineArn").asText();
        if (!ex.has("mapRunArn")) {
            return new String[] {sm.substring(sm.lastIndexOf(':') + 1), Html.href("state-machines", sm)};
        }
        String mapRun = ex.path("mapRunArn").asText();
        String parent = b.states("DescribeMapRun", "mapRunArn", mapRun).path("executionArn").asText();
        return new String[] {"Parent execution " + parent.substring(parent.lastIndexOf(':') + 1), Html.href("executions", parent),
                "Map Run " + mapRun.substring(mapRun.lastIndexOf(':') + 1), Html.href("map-runs", mapRun)};
    }

    private static void banner(Html page, JsonNode ex) {
        String status = ex.path("status").asText();
        page.raw("<div class=\"banner st-").raw(Html.esc(status.toLowerCase())).raw("\"><strong>Execution status: ")
                .status(status).raw("</strong>");
        if (ex.has("error")) {
            page.raw("<p class=\"error\"><span class=\"label\">Error</span> <code>").text(ex.path("error").asText()).raw("</code></p>");
        }
        if (ex.has("cause")) {
            page.raw("<p class=\"label\">Cause</p><pre class=\"cause\">").text(Html.pretty(ex.path("cause").asText())).raw("</pre>");
        }
        if ("RUNNING".equals(status)) {
            page.raw("<form method=\"post\" action=\"").raw(Html.esc(Html.href("executions", ex.path("executionArn").asText()) + "/stop"))
                    .raw("\" data-confirm=\"Stop this execution?\"><button class=\"danger\">Stop execution</button></form>");
        }
        page.raw("</div>");
    }

    static List<JsonNode> history(Backends b, String arn) {
        List<JsonNode> events = new ArrayList<>();
        String token = null;
        do {
            JsonNode pageOut = b.states("GetExecutionHistory", "executionArn", arn, "maxResults", 1000, "nextToken", token);
            pageOut.path("events").forEach(events::add);
            token = pageOut.path("nextToken").asText(null);
        } while (token != null && events.size() < MAX_EVENTS_READ);
        return events;
    }

    static String graph(String definition, Map<String, StateStatus> statuses) {
        try {
            return StateGraph.svg(definition, statuses);
        } catch (IllegalArgumentException e) {
            return "<p class=\"form-error\">" + Html.esc(e.getMessage()) + "</p>";
        }
    }

    private static void table(Html page, StateRuns runs, boolean running, JsonNode executionStop) {
        page.h(2, "Table view").raw("<table class=\"runs\"><tr><th>State</th><th>Type</th><th>Status</th><th>Started</th>"
                + "<th>Duration</th><th>Map Run</th><th>Logs</th></tr>");
        int shown = 0;
        for (StateRuns.Run run : runs.runs) {
            if (++shown > MAX_EVENTS_SHOWN) {
                break;
            }
            JsonNode start = run.entered.path("timestamp");
            page.raw("<tr><td>").text(run.name).raw("</td><td>").text(run.type).raw("</td><td>")
                    .status(run.status(running).name()).raw("</td><td>").text(Html.time(start)).raw("</td><td>")
                    .text(run.exited == null && running ? "" : Html.duration(start, run.exited == null ? executionStop : run.exited.path("timestamp")))
                    .raw("</td><td>");
            if (run.mapRunArn != null) {
                page.link(Html.href("map-runs", run.mapRunArn), "Map Run");
            }
            page.raw("</td><td>");
            if (run.functionName != null) {
                page.link(Html.href("functions", run.functionName), "view logs");
            }
            page.raw("</td></tr>");
        }
        page.raw("</table>");
    }

    private static void events(Html page, List<JsonNode> events, StateRuns runs) {
        page.h(2, "Events (" + events.size() + ")").raw("<table class=\"events\"><tr><th>ID</th><th>Type</th><th>Step</th>"
                + "<th>Timestamp</th><th>Details</th></tr>");
        for (JsonNode e : events.subList(0, Math.min(events.size(), MAX_EVENTS_SHOWN))) {
            String type = e.path("type").asText();
            boolean failure = type.endsWith("Failed") || type.endsWith("TimedOut") || type.endsWith("Aborted");
            page.raw("<tr").raw(failure ? " class=\"failure\"" : "").raw("><td>").text(e.path("id").asText()).raw("</td><td>")
                    .text(type).raw("</td><td>").text(runs.step(e)).raw("</td><td>").text(Html.time(e.path("timestamp"))).raw("</td><td>");
            StateRuns.Run failed = runs.failedRun.get(e.path("id").asLong());
            if (failed != null && failed.functionName != null) {
                page.link(Html.href("functions", failed.functionName), "view logs").raw(" ");
            }
            JsonNode details = detailsOf(e);
            if (details != null) {
                page.raw("<details><summary>").text(summary(details)).raw("</summary><pre class=\"json\">")
                        .text(Json.MAPPER.valueToTree(details).toPrettyString()).raw("</pre></details>");
            }
            page.raw("</td></tr>");
        }
        page.raw("</table>");
        if (events.size() > MAX_EVENTS_SHOWN) {
            page.raw("<p>The first " + MAX_EVENTS_SHOWN + " events are shown; GetExecutionHistory returns them all.</p>");
        }
    }

    private static JsonNode detailsOf(JsonNode event) {
        for (var field : event.properties()) {
            if (field.getKey().endsWith("EventDetails")) {
                return field.getValue();
            }
        }
        return null;
    }

    /** One line for a collapsed event: its error, else its resource, else its first field. */
    private static String summary(JsonNode details) {
        if (details.has("error")) {
            return details.path("error").asText() + (details.has("cause") ? ": " + cut(details.path("cause").asText()) : "");
        }
        if (details.has("resource")) {
            return details.path("resourceType").asText("") + " " + details.path("resource").asText();
        }
        return cut(details.toString());
    }

    private static String cut(String s) {
        return s.length() > 120 ? s.substring(0, 119) + "\u2026" : s;
    }

    /** What AWS shows of an EXPRESS child: nothing is recorded, its data lives in the Map Run's results. */
    private static String express(String arn, ServiceException e) {
        return new Html(arn.substring(arn.lastIndexOf(':') + 1)).facts("Execution ARN", arn, "DescribeExecution", e.getMessage())
                .raw("<div class=\"banner\"><p>This is an EXPRESS execution. As on AWS, express executions keep no execution "
                        + "history and cannot be described: a Distributed Map's EXPRESS children's inputs and outputs are in "
                        + "its Map Run's ResultWriter files (linked from the Map Run page).</p></div>").finish();
    }
}
