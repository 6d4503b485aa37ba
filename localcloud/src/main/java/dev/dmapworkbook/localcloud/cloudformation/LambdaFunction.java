package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code AWS::Lambda::Function} (AWS, "AWS::Lambda::Function") through Lambda's CreateFunction,
 * UpdateFunctionConfiguration/UpdateFunctionCode and DeleteFunction, in-process; like CloudFormation it waits
 * until the function is {@code Active} (and an update's {@code LastUpdateStatus} is {@code Successful}).
 * Ref is the function name; attribute Arn. Code comes from S3 ({@code S3Bucket}/{@code S3Key}); inline
 * {@code ZipFile} source is for interpreted runtimes and is not implemented.
 */
final class LambdaFunction implements ResourceType {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> CONFIGURATION = List.of("Runtime", "Handler", "Role", "Description", "Timeout",
            "MemorySize", "Environment", "EphemeralStorage");

    private final Neighbours neighbours;

    LambdaFunction(Neighbours neighbours) {
        this.neighbours = neighbours;
    }

    public String type() {
        return "AWS::Lambda::Function";
    }

    public Set<String> properties() {
        return Set.of("FunctionName", "Runtime", "Handler", "Role", "Code", "Description", "Timeout", "MemorySize",
                "Environment", "Architectures", "EphemeralStorage", "Tags");
    }

    public Set<String> requiredProperties() {
        return Set.of("Code", "Role");
    }

    public Set<String> replacingProperties() {
        return Set.of("FunctionName");
    }

    public Optional<String> nameProperty() {
        return Optional.of("FunctionName");
    }

    public Set<String> attributes() {
        return Set.of("Arn");
    }

    public Provisioned create(ResourceContext context, JsonNode properties) {
        String name = properties.hasNonNull("FunctionName") ? Properties.text(properties, "FunctionName") : context.generatedName(64, false);
        ObjectNode request = configuration(properties, Json.object("FunctionName", name));
        request.set("Code", code(properties.get("Code")));
        if (properties.has("Architectures")) {
            request.set("Architectures", properties.get("Architectures"));
        }
        if (properties.has("Tags")) {
            request.set("Tags", Json.MAPPER.valueToTree(Properties.tags(properties)));
        }
        Neighbours.JsonApi lambda = neighbours.lambda();
        JsonNode created = lambda.call("CreateFunction", request, context.region());
        awaitReady(lambda, name, context.region(), created);
        return new Provisioned(name, name, Json.object("Arn", created.path("FunctionArn").asText()));
    }

    public Provisioned update(ResourceContext context, Provisioned current, JsonNode oldProperties, JsonNode newProperties) {
        for (String p : List.of("Architectures", "Tags")) {
            if (!Objects.equals(oldProperties.get(p), newProperties.get(p))) {
                throw new ResourceFailure("Updating " + p + " of an AWS::Lambda::Function is not implemented by the local cloud");
            }
        }
        Neighbours.JsonApi lambda = neighbours.lambda();
        String name = current.physicalId();
        if (CONFIGURATION.stream().anyMatch(p -> !Objects.equals(oldProperties.get(p), newProperties.get(p)))) {
            JsonNode updated = lambda.call("UpdateFunctionConfiguration", configuration(newProperties, Json.object("FunctionName", name)),
                    context.region());
            awaitReady(lambda, name, context.region(), updated);
        }
        if (!Objects.equals(oldProperties.get("Code"), newProperties.get("Code"))) {
            ObjectNode request = code(newProperties.get("Code"));
            request.put("FunctionName", name);
            JsonNode updated = lambda.call("UpdateFunctionCode", request, context.region());
            awaitReady(lambda, name, context.region(), updated);
        }
        return current;
    }

    public void delete(ResourceContext context, Provisioned current, JsonNode properties) {
        try {
            neighbours.lambda().call("DeleteFunction", Json.object("FunctionName", current.physicalId()), context.region());
        } catch (ResourceFailure e) {
            if (!e.is("ResourceNotFoundException")) {
                throw e;
            }
        }
    }

    private static ObjectNode configuration(JsonNode properties, ObjectNode request) {
        for (String p : CONFIGURATION) {
            if (properties.has(p)) {
                JsonNode value = properties.get(p);
                if (p.equals("Timeout") || p.equals("MemorySize")) {
                    request.put(p, Properties.integer(properties, p));
                } else {
                    request.set(p, value);
                }
            }
        }
        return request;
    }

    private static ObjectNode code(JsonNode code) {
        if (code.has("ZipFile") || code.has("ImageUri")) {
            throw new ResourceFailure("Code." + (code.has("ZipFile") ? "ZipFile" : "ImageUri")
                    + " is not implemented by the local cloud (use S3Bucket and S3Key)");
        }
        if (!code.hasNonNull("S3Bucket") || !code.hasNonNull("S3Key")) {
            throw new ResourceFailure("Properties validation failed: Code needs S3Bucket and S3Key");
        }
        ObjectNode out = Json.object("S3Bucket", code.get("S3Bucket").asText(), "S3Key", code.get("S3Key").asText());
        if (code.has("S3ObjectVersion")) {
            out.put("S3ObjectVersion", code.get("S3ObjectVersion").asText());
        }
        return out;
    }

    /** Waits while the function is Pending or its last update InProgress, as CloudFormation's handler does. */
    private static void awaitReady(Neighbours.JsonApi lambda, String name, String region, JsonNode configuration) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        JsonNode current = configuration;
        while (true) {
            String state = current.path("State").asText("Active");
            String update = current.path("LastUpdateStatus").asText("Successful");
            if (state.equals("Failed") || update.equals("Failed")) {
                throw new ResourceFailure("Resource handler returned message: \"" + current.path("StateReason").asText(
                        current.path("LastUpdateStatusReason").asText("the function failed to become active")) + "\"");
            }
            if (!state.equals("Pending") && !update.equals("InProgress")) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ResourceFailure("Function " + name + " did not become Active within " + READY_TIMEOUT.toMinutes() + " minutes");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResourceFailure("interrupted while waiting for function " + name);
            }
            current = lambda.call("GetFunctionConfiguration", Json.object("FunctionName", name), region);
        }
    }
}
