package dev.dmapworkbook.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.edge.AwsProtocol;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.RequestIds;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.logs.LogStore;
import dev.dmapworkbook.localcloud.s3.S3Objects;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda on the wire (restJson1, API version 2015-03-31 and the 2017/2019 concurrency paths): decodes a request
 * into an operation and its input, runs it on {@link Functions} (control plane) or {@link Invocations} (data
 * plane), encodes the answer. The same operations are open in-process through {@link #call} (CloudFormation) and
 * {@link #invoker()} (Step Functions).
 */
public final class LambdaService implements Service {
    /** Lambda quota: "Invocation payload (request and response): 6 MB each for synchronous invocations". */
    static final int MAX_SYNC_PAYLOAD = 6_291_456;
    /** Invocations that may wait for a busy function's workers before Lambda throttles. */
    static final int DEFAULT_QUEUE_LIMIT = 1000;
    private static final String CODE_PATH = "/_localcloud/lambda/code/";
    private static final Pattern ROUTE = Pattern.compile(
            "/(2015-03-31|2017-10-31|2019-09-30)/functions(?:/([^/]+)(?:/(configuration|code|invocations|versions|concurrency))?)?/?");

    private final String endpoint;
    private final Functions functions;
    private final Invocations invocations;

    /**
     * @param dataDir      the local cloud's data directory ({@code lambda/} is ours)
     * @param edgePort     the edge's port: workers reach the local cloud at {@code http://127.0.0.1:<edgePort>}
     * @param workers      worker JVMs per function ({@link LocalCloudConfig#lambdaWorkers()})
     * @param logs         where invocation logs go
     * @param s3           the in-process S3 for code in buckets (may supply null when S3 is not running)
     * @param waitScale    multiplier for the asynchronous-invocation retry delays ({@link LocalCloudConfig#waitScale()})
     */
    public LambdaService(Path dataDir, int edgePort, int workers, LogStore logs, Supplier<S3Objects> s3, double waitScale) {
        Path root = dataDir.resolve("lambda");
        this.endpoint = "http://127.0.0.1:" + edgePort;
        CodeStore code = new CodeStore(root.resolve("code"));
        this.functions = new Functions(root.resolve("functions"), code, s3);
        this.invocations = new Invocations(code, logs, root.resolve("runtime"), endpoint, workers, DEFAULT_QUEUE_LIMIT, waitScale);
    }

    @Override
    public String signingName() {
        return "lambda";
    }

    @Override
    public AwsProtocol protocol() {
        return AwsProtocol.REST_JSON;
    }

    @Override
    public boolean ownsPath(String path) {
        return path.startsWith("/2015-03-31/functions") || path.startsWith("/2017-10-31/functions/")
                || path.startsWith("/2019-09-30/functions/") || path.startsWith(CODE_PATH);
    }

    /** In-process invocation with the wire's semantics, for Step Functions' Task states. */
    public LambdaInvoker invoker() {
        return (nameOrArn, payload, region) -> {
            FunctionRef ref = FunctionRef.parse(nameOrArn, null, region);
            String requestId = RequestIds.next();
            Invoked invoked = invokeSync(ref, payload, requestId, null);
            return new LambdaInvoker.Invocation(200, invoked.functionError(), invoked.payload(), invoked.version(), requestId,
                    invoked.logTail());
        };
    }

    Functions functions() {
        return functions;
    }

    Invocations invocations() {
        return invocations;
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        String path = request.path();
        if (path.startsWith(CODE_PATH) && request.method().equals("GET")) {
            return code(path.substring(CODE_PATH.length()));
        }
        Matcher m = ROUTE.matcher(path);
        if (!m.matches()) {
            throw LambdaError.UNKNOWN_OPERATION.exception("The local cloud does not implement " + request.method() + " " + path);
        }
        String version = m.group(1);
        String name = m.group(2);
        String sub = m.group(3) == null ? "" : m.group(3);
        String operation = operation(request.method(), version, name, sub);
        if (operation.equals("Invoke")) {
            return invoke(FunctionRef.parse(name, request.query("Qualifier").orElse(null), request.region()), request);
        }
        ObjectNode input = request.bodyBytes().length == 0 ? Json.MAPPER.createObjectNode() : body(request);
        if (name != null) {
            input.put("FunctionName", name);
        }
        request.queryParameters().forEach((k, v) -> input.put(k, v.get(0)));
        JsonNode output = call(operation, input, request.region());
        return switch (operation) {
            case "CreateFunction", "PublishVersion" -> EdgeResponse.json(201, output);
            case "DeleteFunction", "DeleteFunctionConcurrency" -> EdgeResponse.empty(204);
            default -> EdgeResponse.json(200, output);
        };
    }

    private static String operation(String method, String version, String name, String sub) {
        String op = switch (version + " " + method + " " + (name == null ? "-" : "name") + " " + sub) {
            case "2015-03-31 POST - " -> "CreateFunction";
            case "2015-03-31 GET - " -> "ListFunctions";
            case "2015-03-31 GET name " -> "GetFunction";
            case "2015-03-31 DELETE name " -> "DeleteFunction";
            case "2015-03-31 GET name configuration" -> "GetFunctionConfiguration";
            case "2015-03-31 PUT name configuration" -> "UpdateFunctionConfiguration";
            case "2015-03-31 PUT name code" -> "UpdateFunctionCode";
            case "2015-03-31 POST name invocations" -> "Invoke";
            case "2015-03-31 POST name versions" -> "PublishVersion";
            case "2015-03-31 GET name versions" -> "ListVersionsByFunction";
            case "2017-10-31 PUT name concurrency" -> "PutFunctionConcurrency";
            case "2017-10-31 DELETE name concurrency" -> "DeleteFunctionConcurrency";
            case "2019-09-30 GET name concurrency" -> "GetFunctionConcurrency";
            default -> null;
        };
        if (op == null) {
            throw LambdaError.UNKNOWN_OPERATION.exception("The local cloud does not implement " + method + " /" + version
                    + "/functions" + (name == null ? "" : "/" + name) + (sub.isEmpty() ? "" : "/" + sub));
        }
        return op;
    }

    /**
     * One control-plane operation with the wire's input (body members plus {@code FunctionName} and
     * {@code Qualifier}) and output, and the same errors, for in-process callers such as CloudFormation.
     */
    // one flat switch, an operation to its call: longer than ~40 lines, and clearest so
    public JsonNode call(String operation, JsonNode input, String region) {
        ObjectNode in = input.deepCopy();
        String qualifier = in.has("Qualifier") ? in.remove("Qualifier").asText() : null;
        return switch (operation) {
            case "CreateFunction" -> functions.create(region, in).toJson();
            case "ListFunctions" -> list(in, region);
            case "GetFunction" -> getFunction(ref(in, qualifier, region));
            case "GetFunctionConfiguration" -> functions.config(ref(in, qualifier, region)).toJson();
            case "DeleteFunction" -> {
                FunctionRef ref = ref(in, qualifier, region);
                functions.delete(ref);
                invocations.retire(ref.region(), ref.name(), ref.qualifier() == null);
                yield Json.object();
            }
            case "UpdateFunctionCode" -> {
                FunctionRef ref = ref(in, qualifier, region);
                FunctionConfig updated = functions.updateCode(ref, in);
                if (!in.path("DryRun").asBoolean(false)) {
                    invocations.retire(ref.region(), ref.name(), false);
                }
                yield updated.toJson();
            }
            case "UpdateFunctionConfiguration" -> {
                FunctionRef ref = ref(in, qualifier, region);
                FunctionConfig updated = functions.updateConfiguration(ref, in);
                invocations.retire(ref.region(), ref.name(), false);
                yield updated.toJson();
            }
            case "PublishVersion" -> functions.publish(ref(in, qualifier, region), in).toJson();
            case "ListVersionsByFunction" -> {
                ArrayNode versions = Json.MAPPER.createArrayNode();
                functions.versions(ref(in, qualifier, region)).forEach(v -> versions.add(v.toJson()));
                yield Json.object("Versions", versions);
            }
            case "PutFunctionConcurrency" -> putFunctionConcurrency(ref(in, qualifier, region), in);
            case "DeleteFunctionConcurrency" -> {
                FunctionRef ref = ref(in, qualifier, region);
                functions.reservedConcurrency(ref, null);
                invocations.retire(ref.region(), ref.name(), true);
                yield Json.object();
            }
            case "GetFunctionConcurrency" -> Json.object("ReservedConcurrentExecutions",
                    functions.reservedConcurrency(ref(in, qualifier, region)));
            default -> throw LambdaError.UNKNOWN_OPERATION.exception("The local cloud does not implement the Lambda operation '"
                    + operation + "'");
        };
    }

    private JsonNode putFunctionConcurrency(FunctionRef ref, ObjectNode in) {
        if (!in.hasNonNull("ReservedConcurrentExecutions")) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null");
        }
        int value = in.get("ReservedConcurrentExecutions").asInt();
        functions.reservedConcurrency(ref, value);
        invocations.retire(ref.region(), ref.name(), true);
        return Json.object("ReservedConcurrentExecutions", value);
    }

    private static FunctionRef ref(ObjectNode in, String qualifier, String region) {
        return FunctionRef.parse(in.path("FunctionName").asText(null), qualifier, region);
    }

    private JsonNode getFunction(FunctionRef ref) {
        FunctionConfig config = functions.config(ref);
        ObjectNode out = Json.object("Configuration", config.toJson(),
                "Code", Json.object("RepositoryType", "S3", "Location", endpoint + CODE_PATH + config.codeHex() + ".zip"));
        var tags = functions.tags(ref);
        if (!tags.isEmpty()) {
            out.set("Tags", Json.MAPPER.valueToTree(tags));
        }
        Integer reserved = functions.reservedConcurrency(ref);
        if (reserved != null) {
            out.set("Concurrency", Json.object("ReservedConcurrentExecutions", reserved));
        }
        return out;
    }

    private JsonNode list(ObjectNode in, String region) {
        for (String field : List.of("MasterRegion")) {
            if (in.has(field)) {
                throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement ListFunctions '" + field + "'");
            }
        }
        boolean all = in.path("FunctionVersion").asText("").equals("ALL");
        int max = in.path("MaxItems").asInt(50);
        if (max < 1 || max > 10000) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("1 validation error detected: Value '" + max
                    + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
        }
        List<FunctionConfig> configs = functions.list(region).stream()
                .flatMap(c -> all ? functions.versions(new FunctionRef(region, c.name(), null)).stream() : java.util.stream.Stream.of(c))
                .toList();
        int from = in.has("Marker") ? parseMarker(in.path("Marker").asText()) : 0;
        ArrayNode page = Json.MAPPER.createArrayNode();
        configs.subList(Math.min(from, configs.size()), Math.min(from + max, configs.size())).forEach(c -> page.add(c.toJson()));
        ObjectNode out = Json.object("Functions", page);
        if (from + max < configs.size()) {
            out.put("NextMarker", String.valueOf(from + max));
        }
        return out;
    }

    private static int parseMarker(String marker) {
        try {
            return Integer.parseInt(marker);
        } catch (NumberFormatException e) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Invalid Marker: " + marker);
        }
    }

    private EdgeResponse code(String file) {
        if (!file.matches("[0-9a-f]{64}\\.zip")) {
            throw LambdaError.RESOURCE_NOT_FOUND.exception("No such deployment package: " + file);
        }
        try {
            return EdgeResponse.bytes(200, functions.zip(file.substring(0, 64)), "application/zip");
        } catch (java.io.UncheckedIOException e) {
            throw LambdaError.RESOURCE_NOT_FOUND.exception("No such deployment package: " + file);
        }
    }

    // ---- Invoke ----

    /** The outcome of a synchronous invocation as the Invoke API reports it. */
    record Invoked(String functionError, byte[] payload, String version, String logTail) {
    }

    private EdgeResponse invoke(FunctionRef ref, EdgeRequest request) {
        String type = request.header("X-Amz-Invocation-Type").orElse("RequestResponse");
        String logType = request.header("X-Amz-Log-Type").orElse("None");
        if (!List.of("RequestResponse", "Event", "DryRun").contains(type)) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value '" + type
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        if (!logType.equals("None") && !logType.equals("Tail")) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value '" + logType
                    + "' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]");
        }
        byte[] payload = request.bodyBytes();
        if (payload.length > MAX_SYNC_PAYLOAD) {
            throw LambdaError.REQUEST_TOO_LARGE.exception("Request must be smaller than " + MAX_SYNC_PAYLOAD
                    + " bytes for the InvokeFunction operation");
        }
        String clientContext = request.header("X-Amz-Client-Context").map(LambdaService::clientContext).orElse(null);
        switch (type) {
            case "DryRun" -> {
                functions.config(ref);
                return EdgeResponse.empty(204);
            }
            case "Event" -> {
                FunctionConfig config = functions.config(ref);
                invocations.invokeAsync(config, functions.reservedConcurrency(ref), request.requestId(), json(payload));
                return EdgeResponse.empty(202);
            }
            default -> {
                Invoked invoked = invokeSync(ref, payload, request.requestId(), clientContext);
                EdgeResponse response = EdgeResponse.bytes(200, invoked.payload(), "application/json")
                        .header("X-Amz-Executed-Version", invoked.version())
                        .header("X-Amz-Function-Error", invoked.functionError());
                if (logType.equals("Tail")) {
                    response.header("X-Amz-Log-Result",
                            Base64.getEncoder().encodeToString(invoked.logTail().getBytes(StandardCharsets.UTF_8)));
                }
                return response;
            }
        }
    }

    private Invoked invokeSync(FunctionRef ref, byte[] payload, String requestId, String clientContext) {
        FunctionConfig config = functions.config(ref);
        Worker.Result result = invocations.invoke(config, functions.reservedConcurrency(ref), requestId, json(payload),
                clientContext, false);
        Outcome outcome = result.outcome();
        return switch (outcome.kind()) {
            case SUCCESS -> new Invoked(null, outcome.payload(), config.version(), result.logTail());
            case ERROR, INIT_ERROR -> new Invoked("Unhandled", outcome.payload(), config.version(), result.logTail());
            case TIMEOUT -> new Invoked("Unhandled", errorPayload("Sandbox.Timedout",
                    "RequestId: " + requestId + " Error: Task timed out after " + outcome.detail() + " seconds"),
                    config.version(), result.logTail());
            case EXITED, UNDELIVERED -> new Invoked("Unhandled", errorPayload("Runtime.ExitError",
                    "RequestId: " + requestId + " Error: Runtime exited with error: " + outcome.detail()),
                    config.version(), result.logTail());
        };
    }

    private static byte[] errorPayload(String type, String message) {
        return Json.writeBytes(Json.object("errorType", type, "errorMessage", message));
    }

    /** The event must be JSON ("Could not parse request body into json"); an empty body is the event {}. */
    private static byte[] json(byte[] payload) {
        if (payload.length == 0) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        try {
            Json.MAPPER.readTree(payload);
        } catch (java.io.IOException e) {
            throw LambdaError.INVALID_REQUEST_CONTENT.exception("Could not parse request body into json: Could not parse payload into json: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return payload;
    }

    private static String clientContext(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw LambdaError.INVALID_REQUEST_CONTENT.exception("Client context must be a valid Base64-encoded JSON object.");
        }
    }

    private static ObjectNode body(EdgeRequest request) {
        try {
            JsonNode node = Json.MAPPER.readTree(request.bodyBytes());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (java.io.IOException e) {
            // fall through
        }
        throw LambdaError.INVALID_REQUEST_CONTENT.exception("Could not parse request body into json");
    }

    @Override
    public void close() {
        invocations.close();
    }
}
