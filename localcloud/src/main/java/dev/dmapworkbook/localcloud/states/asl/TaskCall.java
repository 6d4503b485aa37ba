package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.NODES;

/** One Task call through {@link Integrations}, shaped as Step Functions shapes it (spec §7.2). */
final class TaskCall {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    private final Integrations integrations;
    private final State.Task task;
    private final String region;
    private final Clock clock;

    TaskCall(Integrations integrations, State.Task task, String region, Clock clock) {
        this.integrations = integrations;
        this.task = task;
        this.region = region;
        this.clock = clock;
    }

    /** {@code lambda} for lambda:invoke, {@code s3}/{@code dynamodb} for the optimized integrations. */
    String resourceType() {
        if (task.integration() != State.Integration.SERVICE) {
            return "lambda";
        }
        String rest = task.resource().substring("arn:aws:states:::".length());
        return rest.substring(0, rest.indexOf(':'));
    }

    String resourceName() {
        if (task.integration() != State.Integration.SERVICE) {
            return "invoke";
        }
        return task.resource().substring(task.resource().lastIndexOf(':') + 1);
    }

    JsonNode run(JsonNode params) {
        switch (task.integration()) {
            case LAMBDA_FUNCTION: {
                Integrations.LambdaResponse r = integrations.invokeLambda(task.resource(), bytes(params), region);
                failOnFunctionError(r);
                return payload(r.payload());
            }
            case LAMBDA_INVOKE: {
                String function = params.path("FunctionName").asText();
                if (params.hasNonNull("Qualifier")) {
                    function = function + ":" + params.get("Qualifier").asText();
                }
                // an absent or null Payload sends {} [AWS-rec]
                byte[] payload = params.hasNonNull("Payload") ? bytes(params.get("Payload")) : "{}".getBytes(StandardCharsets.UTF_8);
                Integrations.LambdaResponse r = integrations.invokeLambda(function, payload, region);
                failOnFunctionError(r);
                return wrapper(r, "Tail".equals(params.path("LogType").asText()));
            }
            default:
                return integrations.callService(resourceType(), resourceName(), params, region);
        }
    }

    /** A function error: Error = the payload's errorType, Cause = the whole payload (spec §7.2). */
    private static void failOnFunctionError(Integrations.LambdaResponse r) {
        if (r.functionError() == null) {
            return;
        }
        String text = new String(r.payload() == null ? new byte[0] : r.payload(), StandardCharsets.UTF_8);
        String error = "Lambda.Unknown";
        String cause = text;
        try {
            JsonNode p = MAPPER.readTree(text);
            if (p != null && p.isObject()) {
                if (p.path("errorType").isTextual()) {
                    error = p.get("errorType").textValue();
                }
                cause = MAPPER.writeValueAsString(p);
            }
        } catch (IOException e) {
            // not JSON: the cause is the raw text
        }
        throw new StatesFailure(error, cause);
    }

    private static JsonNode payload(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return NODES.nullNode();
        }
        try {
            JsonNode n = MAPPER.readTree(bytes);
            return n == null ? NODES.nullNode() : n;
        } catch (IOException e) {
            return NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** The Invoke response wrapper of {@code arn:aws:states:::lambda:invoke} (spec §7.2, recorded on AWS). */
    private JsonNode wrapper(Integrations.LambdaResponse r, boolean tail) {
        String date = HTTP_DATE.format(clock.instant().atZone(ZoneOffset.UTC));
        String length = String.valueOf(r.payload() == null ? 0 : r.payload().length);
        String version = r.executedVersion() == null ? "$LATEST" : r.executedVersion();
        String traceId = "Root=1-" + Long.toHexString(clock.millis() / 1000) + "-" + r.requestId().replace("-", "").substring(0, Math.min(24, r.requestId().replace("-", "").length()));
        ObjectNode all = NODES.objectNode();
        ObjectNode headers = NODES.objectNode();
        // LogType Tail: the log's end, base64-encoded, as Invoke's X-Amz-Log-Result [AWS-rec]
        String log = tail ? Base64.getEncoder().encodeToString((r.logTail() == null ? "" : r.logTail()).getBytes(StandardCharsets.UTF_8)) : null;
        String[][] pairs = {{"Connection", "keep-alive"}, {"Content-Length", length}, {"Content-Type", "application/json"},
                {"Date", date}, {"X-Amz-Executed-Version", version}, {"X-Amz-Log-Result", log},
                {"x-amzn-Remapped-Content-Length", "0"}, {"x-amzn-RequestId", r.requestId()}, {"X-Amzn-Trace-Id", traceId}};
        for (String[] p : pairs) {
            if (p[1] != null) {
                all.set(p[0], NODES.arrayNode().add(p[1]));
                headers.put(p[0], p[1]);
            }
        }
        ObjectNode out = NODES.objectNode();
        out.put("ExecutedVersion", version);
        if (log != null) {
            out.put("LogResult", log);
        }
        out.set("Payload", payload(r.payload()));
        ObjectNode http = out.putObject("SdkHttpMetadata");
        http.set("AllHttpHeaders", all);
        http.set("HttpHeaders", headers);
        http.put("HttpStatusCode", r.statusCode());
        out.putObject("SdkResponseMetadata").put("RequestId", r.requestId());
        out.put("StatusCode", r.statusCode());
        return out;
    }

    private static byte[] bytes(JsonNode node) {
        return dev.dmapworkbook.localcloud.core.Json.write(node).getBytes(StandardCharsets.UTF_8);
    }
}
