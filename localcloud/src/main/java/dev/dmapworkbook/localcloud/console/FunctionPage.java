package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.ServiceException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /_console/functions/{name}}: the configuration (runtime, handler, memory, timeout, the environment's variable
 * names, never their values) and the recent log events of its log group, one block per invocation (a Lambda
 * runtime writes {@code START RequestId: …} first), as the console links a failed task to CloudWatch Logs.
 */
final class FunctionPage {
    private static final int STREAMS = 5;
    private static final int EVENTS_PER_STREAM = 300;

    private FunctionPage() {
    }

    static String render(Backends b, String name) {
        JsonNode f = b.lambda("GetFunctionConfiguration", "FunctionName", name);
        Html page = new Html(name);
        List<String> variables = new ArrayList<>();
        f.path("Environment").path("Variables").fieldNames().forEachRemaining(variables::add);
        page.facts("Function ARN", f.path("FunctionArn").asText(), "Runtime", f.path("Runtime").asText(),
                "Handler", f.path("Handler").asText(), "Memory", f.path("MemorySize").asText() + " MB",
                "Timeout", f.path("Timeout").asText() + " s", "Last modified", f.path("LastModified").asText(),
                "Environment variables", variables.isEmpty() ? "(none)" : String.join(", ", variables));
        logs(b, page, "/aws/lambda/" + name);
        return page.finish();
    }

    private static void logs(Backends b, Html page, String group) {
        page.h(2, "Recent log events").raw("<p>Log group ").text(group).raw("</p>");
        JsonNode streams;
        try {
            streams = b.logs("DescribeLogStreams", "logGroupName", group, "orderBy", "LastEventTime", "descending", true,
                    "limit", STREAMS).path("logStreams");
        } catch (ServiceException e) {
            page.raw("<p>No logs: ").text(e.getMessage()).raw("</p>");
            return;
        }
        for (JsonNode stream : streams) {
            String name = stream.path("logStreamName").asText();
            JsonNode events = b.logs("GetLogEvents", "logGroupName", group, "logStreamName", name,
                    "limit", EVENTS_PER_STREAM).path("events");
            page.raw("<section class=\"stream\"><h3>").text(name).raw("</h3>");
            boolean open = false;
            for (JsonNode e : events) {
                String message = e.path("message").asText();
                if (message.startsWith("START RequestId:") || !open) {
                    page.raw(open ? "</pre></div>" : "").raw("<div class=\"invocation\"><pre class=\"log\">");
                    open = true;
                }
                page.text(Html.millis(e.path("timestamp").asLong())).raw("  ").text(message.endsWith("\n") ? message : message + "\n");
            }
            page.raw(open ? "</pre></div>" : "<p>No events.</p>").raw("</section>");
        }
        if (streams.isEmpty()) {
            page.raw("<p>No invocation has logged yet.</p>");
        }
    }
}
