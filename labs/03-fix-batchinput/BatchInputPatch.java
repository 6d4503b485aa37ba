import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/**
 * Lab 03's one-field patch, applied to the definition as deployed (not to a file): the Distributed Map state's
 * {@code ItemBatcher.BatchInput} gets the execution input's bucket ("ItemBatcher (Map)", Step Functions developer
 * guide). In JSONPath that is {@code {"Bucket.$": "$.bucket"}}; a JSONata state writes
 * {@code {"Bucket": "{% $states.input.bucket %}"}}.
 */
final class BatchInputPatch {
    /** A top-level state of the definition, by name. */
    record MapState(String name, ObjectNode state) {
    }

    private BatchInputPatch() {
    }

    /** The first top-level Map state in DISTRIBUTED mode with an ItemBatcher object, if any. */
    static Optional<MapState> distributedMap(JsonNode definition) {
        for (Map.Entry<String, JsonNode> entry : definition.path("States").properties()) {
            JsonNode state = entry.getValue();
            if ("Map".equals(state.path("Type").asText()) && state.path("ItemBatcher").isObject()
                    && "DISTRIBUTED".equals(state.at("/ItemProcessor/ProcessorConfig/Mode").asText())) {
                return Optional.of(new MapState(entry.getKey(), (ObjectNode) state));
            }
        }
        return Optional.empty();
    }

    /** A copy of the definition whose Distributed Map passes the bucket to every batch. */
    static JsonNode addBatchInput(JsonNode definition) {
        JsonNode patched = definition.deepCopy();
        MapState map = distributedMap(patched).orElseThrow(() -> new IllegalArgumentException("no Distributed Map state with an ItemBatcher"));
        boolean jsonata = "JSONata".equals(map.state().path("QueryLanguage").asText(definition.path("QueryLanguage").asText()));
        ObjectNode batchInput = ((ObjectNode) map.state().get("ItemBatcher")).putObject("BatchInput");
        if (jsonata) {
            batchInput.put("Bucket", "{% $states.input.bucket %}");
        } else {
            batchInput.put("Bucket.$", "$.bucket");
        }
        return patched;
    }

    /** Pretty JSON as the lab's .asl.json files are written ({@code "key": value}, one array element a line), for the diff. */
    static String pretty(JsonNode definition) throws JsonProcessingException {
        var printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        return Workbook.JSON.writer(printer).writeValueAsString(definition);
    }

    /** A copy without the Distributed Map's ItemBatcher.BatchInput: what must be equal before and after the patch. */
    static JsonNode withoutBatchInput(JsonNode definition) {
        JsonNode copy = definition.deepCopy();
        distributedMap(copy).ifPresent(map -> ((ObjectNode) map.state().get("ItemBatcher")).remove("BatchInput"));
        return copy;
    }
}
