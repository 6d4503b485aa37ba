package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code /_console/}: state machines, recent executions, stacks, buckets, tables and functions. */
final class HomePage {
    private static final int RECENT = 25;

    private HomePage() {
    }

    static String render(Backends b) {
        Html page = new Html("Home");
        JsonNode machines = b.states("ListStateMachines", "maxResults", 1000).path("stateMachines");
        page.h(2, "State machines (" + machines.size() + ")").raw("<table><tr><th>Name</th><th>Type</th><th>Created</th></tr>");
        List<JsonNode> recent = new ArrayList<>();
        for (JsonNode m : machines) {
            String arn = m.path("stateMachineArn").asText();
            page.raw("<tr><td>").link(Html.href("state-machines", arn), m.path("name").asText()).raw("</td><td>")
                    .text(m.path("type").asText()).raw("</td><td>").text(Html.time(m.path("creationDate"))).raw("</td></tr>");
            if ("STANDARD".equals(m.path("type").asText())) {
                b.states("ListExecutions", "stateMachineArn", arn, "maxResults", RECENT).path("executions").forEach(recent::add);
            }
        }
        page.raw("</table>");
        recent.sort(Comparator.comparing((JsonNode e) -> e.path("startDate").decimalValue()).reversed());
        page.h(2, "Recent executions").raw("<table><tr><th>Name</th><th>State machine</th><th>Status</th><th>Started</th><th>Duration</th></tr>");
        for (JsonNode e : recent.subList(0, Math.min(RECENT, recent.size()))) {
            String sm = e.path("stateMachineArn").asText();
            page.raw("<tr><td>").link(Html.href("executions", e.path("executionArn").asText()), e.path("name").asText())
                    .raw("</td><td>").link(Html.href("state-machines", sm), sm.substring(sm.lastIndexOf(':') + 1)).raw("</td><td>")
                    .status(e.path("status").asText()).raw("</td><td>").text(Html.time(e.path("startDate"))).raw("</td><td>")
                    .text(Html.duration(e.path("startDate"), e.get("stopDate"))).raw("</td></tr>");
        }
        page.raw("</table>");
        stacks(b, page);
        names(page, "S3 buckets", "s3", b.s3().bucketNames());
        List<String> tables = new ArrayList<>();
        b.dynamodb("ListTables", Json.object()).path("TableNames").forEach(t -> tables.add(t.asText()));
        names(page, "DynamoDB tables", "dynamodb", tables);
        List<String> functions = new ArrayList<>();
        b.lambda("ListFunctions").path("Functions").forEach(f -> functions.add(f.path("FunctionName").asText()));
        names(page, "Lambda functions", "functions", functions);
        return page.finish();
    }

    private static void stacks(Backends b, Html page) {
        JsonNode stacks;
        try {
            stacks = b.stacks().path("Stacks");
        } catch (ServiceException | IllegalStateException e) {
            return;
        }
        page.h(2, "CloudFormation stacks (" + stacks.size() + ")").raw("<table><tr><th>Name</th><th>Status</th><th>Created</th></tr>");
        for (JsonNode s : stacks) {
            page.raw("<tr><td>").text(s.path("StackName").asText()).raw("</td><td>").status(s.path("StackStatus").asText())
                    .raw("</td><td>").text(s.path("CreationTime").asText()).raw("</td></tr>");
        }
        page.raw("</table>");
    }

    private static void names(Html page, String title, String kind, List<String> names) {
        page.h(2, title + " (" + names.size() + ")").raw("<ul class=\"names\">");
        for (String name : names) {
            page.raw("<li>").link(Html.href(kind, name), name).raw("</li>");
        }
        page.raw("</ul>");
    }
}
