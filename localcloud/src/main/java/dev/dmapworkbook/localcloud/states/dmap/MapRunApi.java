package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.states.asl.MapRunRegistry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** ListMapRuns, DescribeMapRun and UpdateMapRun (spec 2.13–2.15), over the execution store's Map Run records. */
final class MapRunApi {
    private static final Set<String> DESCRIBE_FIELDS = Set.of("mapRunArn", "executionArn", "status", "startDate",
            "stopDate", "maxConcurrency", "toleratedFailurePercentage", "toleratedFailureCount", "itemCounts",
            "executionCounts", "redriveCount", "redriveDate");
    private volatile MapRunRegistry registry;

    void attach(MapRunRegistry registry) {
        if (registry != null) {
            this.registry = registry;
        }
    }

    JsonNode call(String operation, JsonNode input) {
        return switch (operation) {
            case "DescribeMapRun" -> describe(input);
            case "ListMapRuns" -> list(input);
            case "UpdateMapRun" -> update(input);
            default -> null;
        };
    }

    private JsonNode describe(JsonNode input) {
        MapRunRegistry.Entry entry = find(required(input, "mapRunArn"));
        ObjectNode json = entry.toJson().deepCopy();
        json.retain(DESCRIBE_FIELDS);
        if (!"RUNNING".equals(json.path("status").asText())) {
            settle(json.path("itemCounts"));
            settle(json.path("executionCounts"));
        }
        return json;
    }

    /**
     * A Map Run that ended has no running children (spec 2.14): a run cut off by a restart comes back FAILED with
     * the figures it last saved, and its children that were running came back FAILED, so they count as failed.
     */
    private static void settle(JsonNode counts) {
        if (counts instanceof ObjectNode c && c.path("running").asLong() > 0) {
            c.put("failed", c.path("failed").asLong() + c.path("running").asLong());
            c.put("running", 0);
        }
    }

    private JsonNode list(JsonNode input) {
        String executionArn = required(input, "executionArn");
        if (!executionArn.startsWith("arn:")) {
            throw invalidArn(executionArn);
        }
        int maxResults = maxResults(input);
        int offset = offset(input);
        List<MapRunRegistry.Entry> runs = registry == null ? List.of() : registry.forExecution(executionArn);
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        ArrayNode list = output.putArray("mapRuns");
        int end = Math.min(runs.size(), offset + maxResults);
        for (int i = offset; i < end; i++) {
            ObjectNode json = runs.get(i).toJson();
            ObjectNode item = list.addObject();
            item.put("executionArn", json.path("executionArn").asText());
            item.put("mapRunArn", json.path("mapRunArn").asText());
            item.put("stateMachineArn", json.path("stateMachineArn").asText());
            item.set("startDate", json.get("startDate"));
            if (json.has("stopDate")) {
                item.set("stopDate", json.get("stopDate"));
            }
        }
        if (end < runs.size()) {
            output.put("nextToken", Base64.getEncoder().encodeToString(("o:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return output;
    }

    private JsonNode update(JsonNode input) {
        String arn = required(input, "mapRunArn");
        MapRunRegistry.Entry entry = find(arn);
        Long maxConcurrency = null;
        Double percentage = null;
        Long count = null;
        if (input.has("maxConcurrency")) {
            maxConcurrency = input.get("maxConcurrency").asLong();
            if (maxConcurrency < 0) {
                throw validation("maxConcurrency", input.get("maxConcurrency"), "greater than or equal to 0");
            }
        }
        if (input.has("toleratedFailurePercentage")) {
            percentage = input.get("toleratedFailurePercentage").asDouble();
            if (percentage < 0) {
                throw validation("toleratedFailurePercentage", input.get("toleratedFailurePercentage"),
                        "greater than or equal to 0");
            }
            if (percentage > 100) {
                throw validation("toleratedFailurePercentage", input.get("toleratedFailurePercentage"),
                        "less than or equal to 100");
            }
        }
        if (input.has("toleratedFailureCount")) {
            count = input.get("toleratedFailureCount").asLong();
            if (count < 0) {
                throw validation("toleratedFailureCount", input.get("toleratedFailureCount"), "greater than or equal to 0");
            }
        }
        if (!(entry instanceof DistributedMaps.MapRunEntry live)) {
            throw cannotUpdate(arn);
        }
        try {
            live.run.update(maxConcurrency, percentage, count);
        } catch (IllegalStateException e) {
            throw cannotUpdate(arn);
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private MapRunRegistry.Entry find(String arn) {
        if (!arn.startsWith("arn:")) {
            throw invalidArn(arn);
        }
        if (!arn.contains(":mapRun:")) {
            throw new ServiceException(400, "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
        MapRunRegistry registry = this.registry;
        return (registry == null ? java.util.Optional.<MapRunRegistry.Entry>empty() : registry.find(arn))
                .orElseThrow(() -> new ServiceException(400, "ResourceNotFound", "Resource not found: '" + arn + "'"));
    }

    private static String required(JsonNode input, String field) {
        JsonNode value = input.get(field);
        if (value == null || !value.isTextual()) {
            throw new ServiceException(400, "ValidationException", "1 validation error detected: Value null at '"
                    + field + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    private static int maxResults(JsonNode input) {
        int max = input.path("maxResults").asInt(0);
        if (max < 0 || max > 1000) {
            throw validation("maxResults", input.get("maxResults"), max < 0 ? "greater than or equal to 0"
                    : "less than or equal to 1000");
        }
        return max == 0 ? 100 : max;
    }

    private static int offset(JsonNode input) {
        if (!input.hasNonNull("nextToken")) {
            return 0;
        }
        try {
            String token = new String(Base64.getDecoder().decode(input.get("nextToken").asText()), StandardCharsets.UTF_8);
            if (token.startsWith("o:")) {
                return Integer.parseInt(token.substring(2));
            }
        } catch (IllegalArgumentException e) {
            // falls through to InvalidToken
        }
        throw new ServiceException(400, "InvalidToken", "Invalid Token: '" + input.get("nextToken").asText() + "'");
    }

    private static ServiceException invalidArn(String arn) {
        return new ServiceException(400, "InvalidArn", "Invalid Arn: 'Invalid ARN prefix: " + arn + "'");
    }

    private static ServiceException cannotUpdate(String arn) {
        return new ServiceException(400, "ValidationException", "Map Run " + arn + " is not RUNNING and cannot be updated")
                .with("reason", "CANNOT_UPDATE_COMPLETED_MAP_RUN");
    }

    private static ServiceException validation(String field, JsonNode value, String constraint) {
        return new ServiceException(400, "ValidationException", "1 validation error detected: Value '" + value.asText()
                + "' at '" + field + "' failed to satisfy constraint: Member must have value " + constraint);
    }
}
