package dev.dmapworkbook.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of a function ({@code $LATEST} or a published number), immutable: what GetFunctionConfiguration
 * returns and what a worker JVM is started with. Stored on disk in exactly its API shape.
 */
record FunctionConfig(String region, String name, String version, String runtime, String role, String handler,
                      String description, int timeout, int memorySize, Map<String, String> environment,
                      String codeSha256, long codeSize, String lastModified, String revisionId,
                      List<String> architectures, int ephemeralStorage, String tracingMode, String logGroup) {

    String arn() {
        return FunctionRef.arn(region, name);
    }

    String qualifiedArn() {
        return arn() + ":" + version;
    }

    /** The code's folder name: the zip's SHA-256 in hex. */
    String codeHex() {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(codeSha256));
    }

    ObjectNode toJson() {
        ObjectNode env = Json.MAPPER.createObjectNode();
        ObjectNode variables = Json.MAPPER.createObjectNode();
        environment.forEach(variables::put);
        env.set("Variables", variables);
        return Json.object(
                "FunctionName", name,
                "FunctionArn", version.equals("$LATEST") ? arn() : qualifiedArn(),
                "Runtime", runtime,
                "Role", role,
                "Handler", handler,
                "CodeSize", codeSize,
                "Description", description,
                "Timeout", timeout,
                "MemorySize", memorySize,
                "LastModified", lastModified,
                "CodeSha256", codeSha256,
                "Version", version,
                "Environment", environment.isEmpty() ? null : env,
                "TracingConfig", Json.object("Mode", tracingMode),
                "RevisionId", revisionId,
                "State", "Active",
                "LastUpdateStatus", "Successful",
                "PackageType", "Zip",
                "Architectures", architectures,
                "EphemeralStorage", Json.object("Size", ephemeralStorage),
                "SnapStart", Json.object("ApplyOn", "None", "OptimizationStatus", "Off"),
                "LoggingConfig", Json.object("LogFormat", "Text", "LogGroup", logGroup));
    }

    static FunctionConfig fromJson(JsonNode node) {
        String arn = node.path("FunctionArn").asText();
        String region = arn.split(":")[3];
        Map<String, String> env = new LinkedHashMap<>();
        node.path("Environment").path("Variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        List<String> architectures = new java.util.ArrayList<>();
        node.path("Architectures").forEach(a -> architectures.add(a.asText()));
        return new FunctionConfig(region, node.path("FunctionName").asText(), node.path("Version").asText(),
                node.path("Runtime").asText(), node.path("Role").asText(), node.path("Handler").asText(),
                node.path("Description").asText(""), node.path("Timeout").asInt(), node.path("MemorySize").asInt(),
                java.util.Collections.unmodifiableMap(env), node.path("CodeSha256").asText(), node.path("CodeSize").asLong(),
                node.path("LastModified").asText(), node.path("RevisionId").asText(), List.copyOf(architectures),
                node.path("EphemeralStorage").path("Size").asInt(512), node.path("TracingConfig").path("Mode").asText("PassThrough"),
                node.path("LoggingConfig").path("LogGroup").asText("/aws/lambda/" + node.path("FunctionName").asText()));
    }
}
