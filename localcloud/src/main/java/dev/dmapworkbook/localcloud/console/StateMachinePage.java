package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.graph.StateGraph;

/** {@code /_console/state-machines/{arn}}: the definition, its graph, Start execution, and its executions. */
final class StateMachinePage {
    private static final int EXECUTIONS = 100;

    private StateMachinePage() {
    }

    static String render(Backends b, String arn) {
        JsonNode sm = b.states("DescribeStateMachine", "stateMachineArn", arn);
        String definition = sm.path("definition").asText();
        Html page = new Html(sm.path("name").asText());
        page.facts("ARN", arn, "Type", sm.path("type").asText(), "Status", sm.path("status").asText(),
                "Role", sm.path("roleArn").asText(), "Created", Html.time(sm.path("creationDate")));
        page.raw("<section class=\"start\"><h2>Start execution</h2><form method=\"post\" action=\"")
                .raw(Html.esc(Html.href("state-machines", arn) + "/start"))
                .raw("\" data-json-field=\"input\"><label>Name (optional) <input name=\"name\" size=\"50\" maxlength=\"80\"></label>"
                        + "<label>Input (JSON)<textarea name=\"input\" rows=\"6\" cols=\"80\">{}</textarea></label>"
                        + "<p class=\"form-error\" hidden></p><button>Start execution</button></form></section>");
        page.h(2, "Graph").raw("<div class=\"graph\">").raw(graph(definition)).raw("</div>");
        page.h(2, "Definition").json(definition);
        executions(b, page, arn, sm.path("type").asText());
        return page.finish();
    }

    /** The graph's SVG (its text escaped by the graph module), or why it cannot be drawn. */
    static String graph(String definition) {
        try {
            return StateGraph.svg(definition);
        } catch (IllegalArgumentException e) {
            return "<p class=\"form-error\">" + Html.esc(e.getMessage()) + "</p>";
        }
    }

    private static void executions(Backends b, Html page, String arn, String type) {
        page.h(2, "Executions");
        if ("EXPRESS".equals(type)) {
            page.raw("<p>Express executions are not recorded, as on AWS: see their logs and results.</p>");
            return;
        }
        JsonNode list = b.states("ListExecutions", "stateMachineArn", arn, "maxResults", EXECUTIONS);
        page.raw("<table><tr><th>Name</th><th>Status</th><th>Started</th><th>Stopped</th><th>Duration</th></tr>");
        for (JsonNode e : list.path("executions")) {
            page.raw("<tr><td>").link(Html.href("executions", e.path("executionArn").asText()), e.path("name").asText())
                    .raw("</td><td>").status(e.path("status").asText()).raw("</td><td>").text(Html.time(e.path("startDate")))
                    .raw("</td><td>").text(Html.time(e.path("stopDate"))).raw("</td><td>")
                    .text(Html.duration(e.path("startDate"), e.get("stopDate"))).raw("</td></tr>");
        }
        page.raw("</table>");
        if (list.has("nextToken")) {
            page.raw("<p>The " + EXECUTIONS + " most recent are shown.</p>");
        }
    }
}
