package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.dmapworkbook.localcloud.states.asl.AslFields.path;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.positiveInt;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.resultPath;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.template;

/**
 * A Task state (ASL "Task State"): its Resource, which integration serves it, the arguments {@code lambda:invoke}
 * takes, Credentials and the timeouts; Retry and Catch are {@link RetryCatchParser}'s.
 */
final class TaskParser {
    /** Optimized integrations we serve (S3 has none as a Task: its getObject/putObject exist only in ItemReader/ResultWriter). */
    private static final List<String> SERVICE_RESOURCES = List.of("arn:aws:states:::dynamodb:getItem", "arn:aws:states:::dynamodb:putItem");
    private static final Set<String> LAMBDA_INVOKE_PARAMETERS = Set.of("FunctionName", "Payload", "InvocationType",
            "Qualifier", "ClientContext", "LogType");
    private static final Pattern FUNCTION_ARN = Pattern.compile(
            "arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?");

    private TaskParser() {
    }

    static State task(State.Common common, JsonNode node, String pointer, ParseContext ctx) {
        JsonNode res = node.get("Resource");
        if (res == null) {
            throw new DefinitionException(pointer, "These fields are required: [Resource]");
        }
        String resAt = Pointers.child(pointer, "Resource");
        if (!res.isTextual()) {
            throw new DefinitionException(resAt, "The value for the field 'Resource' must be a STRING");
        }
        String resource = res.textValue();
        State.Integration integration = integration(resource, resAt, ctx);
        Template parameters = template(node, "Parameters", pointer);
        if (integration == State.Integration.LAMBDA_INVOKE) {
            lambdaInvokeArguments(common, node, pointer, ctx);
        }
        JsonNode credentials = node.get("Credentials");
        if (credentials != null && (!credentials.isObject() || !credentials.has("RoleArn"))) {
            ctx.problem(Pointers.child(pointer, "Credentials"), "The field 'RoleArn' is required but was missing");
        }
        Timeouts limits = timeouts(node, pointer, ctx);
        JPath timeoutPath = optionalPath(node, "TimeoutSecondsPath", pointer);
        JPath heartbeatPath = optionalPath(node, "HeartbeatSecondsPath", pointer);
        return new State.Task(common, resource, integration, parameters, template(node, "ResultSelector", pointer),
                resultPath(node, pointer), RetryCatchParser.retriers(node, pointer, ctx), RetryCatchParser.catchers(node, pointer, ctx),
                limits.timeout(), timeoutPath, limits.heartbeat(), heartbeatPath);
    }

    private static State.Integration integration(String resource, String resAt, ParseContext ctx) {
        if (resource.endsWith(".waitForTaskToken")) {
            throw new DefinitionException(resAt, ctx.express
                    ? "Express state machine does not support '.waitForTaskToken' service integration "
                    : "The resource '" + resource + "' is not supported by this local cloud: callbacks (.waitForTaskToken) need SendTaskSuccess, which it does not implement");
        } else if (resource.equals("arn:aws:states:::lambda:invoke")) {
            return State.Integration.LAMBDA_INVOKE;
        } else if (FUNCTION_ARN.matcher(resource).matches()) {
            return State.Integration.LAMBDA_FUNCTION;
        } else if (SERVICE_RESOURCES.contains(resource)) {
            return State.Integration.SERVICE;
        }
        throw new DefinitionException(resAt, "The resource '" + resource + "' is not supported by this local cloud"
                + " (supported: arn:aws:states:::lambda:invoke, Lambda function ARNs, " + String.join(", ", SERVICE_RESOURCES) + ")");
    }

    /** {@code lambda:invoke}'s Parameters (JSONPath) or Arguments (JSONata): FunctionName, and only the fields Lambda's Invoke takes. */
    private static void lambdaInvokeArguments(State.Common common, JsonNode node, String pointer, ParseContext ctx) {
        boolean jsonata = common.jsonata() != null;
        if (jsonata && !common.jsonata().has("Arguments")) {
            ctx.problem(pointer, "The field 'Arguments' is required but was missing"); // [GUESS] wording: FunctionName is required
            return;
        }
        if (jsonata && common.jsonata().get("Arguments").single() != null) {
            return; // one expression: what it gives is checked when it runs
        }
        String field = jsonata ? "Arguments" : "Parameters";
        JsonNode p = jsonata ? common.jsonata().get("Arguments").source() : node.get("Parameters");
        if (p == null || !p.isObject() || !(p.has("FunctionName") || p.has("FunctionName.$"))) {
            ctx.problem(Pointers.child(pointer, field), "The field 'FunctionName' is required but was missing");
            return;
        }
        p.fieldNames().forEachRemaining(f -> {
            String bare = f.endsWith(".$") ? f.substring(0, f.length() - 2) : f;
            if (!LAMBDA_INVOKE_PARAMETERS.contains(bare)) {
                ctx.problem(Pointers.child(Pointers.child(pointer, field), f), "The field \"" + f
                        + "\" is not supported by Step Functions for arn:aws:states:::lambda:invoke");
            }
        });
        JsonNode type = p.get("InvocationType");
        if (type != null && !"RequestResponse".equals(type.asText())) {
            ctx.problem(Pointers.child(Pointers.child(pointer, field), "InvocationType"),
                    "InvocationType '" + type.asText() + "' is not supported by this local cloud (only RequestResponse is)");
        }
    }

    private record Timeouts(Integer timeout, Integer heartbeat) {
    }

    /** TimeoutSeconds and HeartbeatSeconds, each or its Path form, the heartbeat below the timeout. */
    private static Timeouts timeouts(JsonNode node, String pointer, ParseContext ctx) {
        Integer timeout = null;
        Integer heartbeat = null;
        if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
            ctx.problem(pointer, "Only one of 'TimeoutSeconds' or 'TimeoutSecondsPath' can be set");
        }
        if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
            ctx.problem(pointer, "Only one of 'HeartbeatSeconds' or 'HeartbeatSecondsPath' can be set");
        }
        if (node.has("TimeoutSeconds")) {
            timeout = positiveInt(node.get("TimeoutSeconds"), Pointers.child(pointer, "TimeoutSeconds"), ctx, 1);
        }
        if (node.has("HeartbeatSeconds")) {
            heartbeat = positiveInt(node.get("HeartbeatSeconds"), Pointers.child(pointer, "HeartbeatSeconds"), ctx, 1);
            if (timeout != null && heartbeat != null && heartbeat >= timeout) {
                ctx.problem(Pointers.child(pointer, "HeartbeatSeconds"), "HeartbeatSeconds must be smaller than TimeoutSeconds");
            }
        }
        return new Timeouts(timeout, heartbeat);
    }

    private static JPath optionalPath(JsonNode node, String field, String pointer) {
        return node.has(field) ? path(node.get(field), Pointers.child(pointer, field), field) : null;
    }
}
