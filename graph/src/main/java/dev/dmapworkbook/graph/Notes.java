package dev.dmapworkbook.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a Map state prints in its box: for a Distributed Map its ItemReader, ItemBatcher (with BatchInput or
 * its absence: the workshop's lesson), MaxConcurrency, failure tolerances and ResultWriter, as the ASL spec's
 * Map state fields name them.
 */
final class Notes {
    private static final String STATES_ARN = "arn:aws:states:::";

    private Notes() {
    }

    static List<String> distributedMap(JsonNode map) {
        List<String> lines = new ArrayList<>();
        lines.add("ItemReader: " + (map.has("ItemReader") ? reader(map.path("ItemReader")) : "none (items from the input)"));
        lines.add("ItemBatcher: " + (map.has("ItemBatcher") ? batcher(map.path("ItemBatcher")) : "none (one item per child)"));
        lines.add("MaxConcurrency: " + either(map, "MaxConcurrency", "0 (no limit)"));
        lines.add("Tolerated failures: " + tolerance(map));
        lines.add("ResultWriter: " + (map.has("ResultWriter") ? writer(map.path("ResultWriter")) : "none"));
        if (map.has("Label")) {
            lines.add("Label: " + map.path("Label").asText());
        }
        return lines;
    }

    static List<String> inlineMap(JsonNode map) {
        List<String> lines = new ArrayList<>();
        if (map.has("Items")) {
            lines.add("Items: " + map.path("Items").toString());
        } else {
            lines.add("ItemsPath: " + map.path("ItemsPath").asText("$"));
        }
        lines.add("MaxConcurrency: " + either(map, "MaxConcurrency", "0 (no limit)"));
        return lines;
    }

    /** A Task's or reader's Resource, short: the service integration without its prefix, a function by name. */
    static String resource(String arn) {
        if (arn.startsWith(STATES_ARN)) {
            return arn.substring(STATES_ARN.length());
        }
        int function = arn.indexOf(":function:");
        return function >= 0 ? "lambda " + arn.substring(function + ":function:".length()) : arn;
    }

    private static String reader(JsonNode reader) {
        StringBuilder s = new StringBuilder(resource(reader.path("Resource").asText("")));
        if (reader.has("ReaderConfig")) {
            s.append(" \u00b7 ReaderConfig ").append(pairs(reader.path("ReaderConfig")));
        }
        s.append(arguments(reader));
        return s.toString();
    }

    private static String batcher(JsonNode batcher) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath")) {
            if (batcher.has(field)) {
                parts.add(field + " " + scalar(batcher.path(field)));
            }
        }
        parts.add("BatchInput " + (batcher.has("BatchInput") ? pairs(batcher.path("BatchInput")) : "none"));
        return String.join(" \u00b7 ", parts);
    }

    private static String tolerance(JsonNode map) {
        List<String> parts = new ArrayList<>();
        String percent = either(map, "ToleratedFailurePercentage", null);
        if (percent != null) {
            parts.add(percent + (map.has("ToleratedFailurePercentage") ? " %" : ""));
        }
        String count = either(map, "ToleratedFailureCount", null);
        if (count != null) {
            parts.add("count " + count);
        }
        return parts.isEmpty() ? "none (any failed child fails the Map)" : String.join(" \u00b7 ", parts);
    }

    private static String writer(JsonNode writer) {
        StringBuilder s = new StringBuilder(writer.has("Resource") ? resource(writer.path("Resource").asText()) : "");
        if (writer.has("WriterConfig")) {
            s.append(s.length() > 0 ? " \u00b7 " : "").append("WriterConfig ").append(pairs(writer.path("WriterConfig")));
        }
        s.append(arguments(writer));
        return s.toString();
    }

    /** Parameters (JSONPath) or Arguments (JSONata) of a reader or writer. */
    private static String arguments(JsonNode holder) {
        JsonNode args = holder.has("Parameters") ? holder.path("Parameters") : holder.path("Arguments");
        return args.isObject() && !args.isEmpty() ? " \u00b7 " + pairs(args) : "";
    }

    /** A field or its ...Path twin: "10" or "$.limit (path)"; {@code absent} when neither is set. */
    private static String either(JsonNode state, String field, String absent) {
        if (state.has(field)) {
            return scalar(state.path(field));
        }
        return state.has(field + "Path") ? state.path(field + "Path").asText() + " (path)" : absent;
    }

    private static String pairs(JsonNode object) {
        if (!object.isObject()) {
            return scalar(object);
        }
        List<String> parts = new ArrayList<>();
        object.properties().forEach(f -> parts.add(f.getKey() + "=" + scalar(f.getValue())));
        return String.join(", ", parts);
    }

    private static String scalar(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }
}
