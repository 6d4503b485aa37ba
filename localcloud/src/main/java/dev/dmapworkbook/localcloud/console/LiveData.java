package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;

/**
 * What console.js polls while a page is live: {@code /_console/live/executions/{arn}} (status and each state's
 * status) and {@code /_console/live/map-runs/{arn}} (DescribeMapRun: status and counters). JSON, same origin.
 */
final class LiveData {
    private LiveData() {
    }

    static EdgeResponse answer(Backends b, String kind, String arn) {
        JsonNode out = switch (kind) {
            case "executions" -> execution(b, arn);
            case "map-runs" -> b.states("DescribeMapRun", "mapRunArn", arn);
            default -> throw new ServiceException(404, "NotFound", "No live data for " + kind);
        };
        return ConsoleService.secured(EdgeResponse.json(200, out));
    }

    private static JsonNode execution(Backends b, String arn) {
        JsonNode ex = b.states("DescribeExecution", "executionArn", arn, "includedData", "METADATA_ONLY");
        String status = ex.path("status").asText();
        ObjectNode out = Json.object("status", status, "duration", Html.duration(ex.path("startDate"), ex.get("stopDate")));
        ObjectNode states = out.putObject("states");
        new StateRuns(ExecutionPage.history(b, arn)).statuses("RUNNING".equals(status))
                .forEach((name, s) -> states.put(name, s.name()));
        return out;
    }
}
