package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.states.asl.Quotas;
import dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.Kind;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ExecutionType;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemBatcherSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemReaderSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.OutputType;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ResultWriterSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.Setting;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.Transformation;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.allowOnly;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.enumValue;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.missing;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.refuseArguments;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.requireObject;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.requireTemplateField;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.setting;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.templateFields;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.text;

/**
 * Parses and validates the Distributed Map fields of one state machine definition (spec 9.1, 9.3, 9.5, 9.6,
 * 9.7). One instance per definition: it also checks that every {@code Label} is unique in the definition.
 * Every field it does not know is refused, naming it; fields it knows but the local cloud does not
 * implement (PARQUET, Athena manifests, …) are refused with a message saying so.
 */
public final class DistributedMapParser {
    public static final String DISTRIBUTED_ONLY = "ItemReader, ItemBatcher, ResultWriter, ToleratedFailureCount, "
            + "ToleratedFailureCountPath, ToleratedFailurePercentage, ToleratedFailurePercentagePath, Label";
    private static final List<String> DISTRIBUTED_ONLY_FIELDS = List.of(DISTRIBUTED_ONLY.split(", "));
    static final long MAX_BATCH_BYTES = Quotas.PAYLOAD_LIMIT_BYTES;
    /** The top-level fields a JSONata Map state may hold as expressions, which the interpreter parses apart. */
    private static final List<String> JSONATA_FIELDS = List.of("MaxConcurrency", "ToleratedFailureCount",
            "ToleratedFailurePercentage", "ItemSelector");
    private static final String LABEL_FORBIDDEN = "?*<>{}[]:;,\\|^~$#%&\"`";

    private final Map<String, String> labels = new HashMap<>();

    /** True when the Map state runs its items as child executions ({@code ProcessorConfig.Mode: DISTRIBUTED}). */
    public static boolean isDistributed(JsonNode mapState) {
        JsonNode processor = mapState.has("ItemProcessor") ? mapState.get("ItemProcessor") : mapState.get("Iterator");
        return processor != null && "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText());
    }

    /** For an INLINE Map: the distributed-only fields are refused, naming the first one present. */
    public static void rejectDistributedOnlyFields(JsonNode mapState, String pointer) {
        for (String field : DISTRIBUTED_ONLY_FIELDS) {
            if (mapState.has(field)) {
                throw new DefinitionException(pointer, "The field \"" + field
                        + "\" is only supported when ItemProcessor.ProcessorConfig.Mode is DISTRIBUTED");
            }
        }
    }

    /**
     * Parses the distributed-only fields of a Map state whose mode is DISTRIBUTED. The common Map fields are
     * the interpreter's; this reads ItemSelector/Parameters and MaxConcurrency(Path) too, without claiming them.
     */
    public DistributedMap parse(String stateName, JsonNode map, String pointer) {
        return parse(stateName, map, pointer, field -> null);
    }

    /**
     * As {@link #parse(String, JsonNode, String)} for a state whose top-level JSONata fields the interpreter took out
     * of {@code map}: {@code jsonataField} gives back each one's value as written ({@code MaxConcurrency}, the
     * tolerances, {@code ItemSelector}), or null.
     */
    public DistributedMap parse(String stateName, JsonNode map, String pointer, Function<String, JsonNode> jsonataField) {
        boolean jsonata = "JSONata".equals(map.path("QueryLanguage").asText());
        ObjectNode full = map.deepCopy();
        for (String field : JSONATA_FIELDS) {
            JsonNode value = jsonataField.apply(field);
            if (value != null) {
                full.set(field, value);
            }
        }
        String processorField = full.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        ExecutionType executionType = executionType(full.path(processorField).path("ProcessorConfig"),
                pointer + "/" + processorField + "/ProcessorConfig");
        Optional<String> label = label(full, pointer);
        Optional<ItemReaderSpec> reader = full.has("ItemReader")
                ? Optional.of(ItemReaderParser.parse(full.get("ItemReader"), pointer + "/ItemReader", jsonata))
                : Optional.empty();
        Optional<JsonNode> selector = itemSelector(full, pointer, jsonata);
        Optional<ItemBatcherSpec> batcher = full.has("ItemBatcher")
                ? Optional.of(itemBatcher(full.get("ItemBatcher"), pointer + "/ItemBatcher", jsonata)) : Optional.empty();
        Optional<ResultWriterSpec> writer = full.has("ResultWriter")
                ? Optional.of(resultWriter(full.get("ResultWriter"), pointer + "/ResultWriter")) : Optional.empty();
        Setting maxConcurrency = setting(full, pointer, "MaxConcurrency", Kind.NON_NEGATIVE_INT, Long.MAX_VALUE, jsonata);
        Setting count = setting(full, pointer, "ToleratedFailureCount", Kind.NON_NEGATIVE_INT, Long.MAX_VALUE, jsonata);
        Setting percentage = setting(full, pointer, "ToleratedFailurePercentage", Kind.PERCENTAGE, 100, jsonata);
        DistributedMapTemplates.checkPaths(full, pointer);
        return new DistributedMap(pointer, stateName, label, executionType, reader, selector, batcher, writer,
                maxConcurrency, count, percentage, DistributedMapTemplates.compile(reader, batcher, writer, pointer,
                jsonata), Json.write(map), Json.write(full.get(processorField)));
    }

    /** ItemSelector (or legacy Parameters): an object in JSONPath; any template in JSONata (AWS "Transforming data"). */
    private static Optional<JsonNode> itemSelector(JsonNode map, String pointer, boolean jsonata) {
        if (map.has("ItemSelector") && map.has("Parameters")) {
            throw new DefinitionException(pointer, "The fields \"ItemSelector\" and \"Parameters\" cannot both be set");
        }
        Optional<JsonNode> selector = Optional.ofNullable(map.has("ItemSelector") ? map.get("ItemSelector")
                : map.get("Parameters"));
        if (selector.isPresent() && !selector.get().isObject() && !jsonata) {
            throw new DefinitionException(pointer + "/" + (map.has("ItemSelector") ? "ItemSelector" : "Parameters"),
                    "must be a JSON object");
        }
        return selector;
    }

    private static ExecutionType executionType(JsonNode config, String pointer) {
        allowOnly(config, pointer, Set.of("Mode", "ExecutionType"));
        JsonNode type = config.get("ExecutionType");
        if (type == null) {
            throw missing(pointer, "ExecutionType");
        }
        return enumValue(ExecutionType.class, type, pointer + "/ExecutionType");
    }

    private Optional<String> label(JsonNode map, String pointer) {
        if (!map.has("Label")) {
            return Optional.empty();
        }
        String at = pointer + "/Label";
        String label = text(map.get("Label"), at);
        if (label.isEmpty() || label.length() > 40) {
            throw new DefinitionException(at, "Label must be 1 to 40 characters long");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (Character.isWhitespace(c) || LABEL_FORBIDDEN.indexOf(c) >= 0 || c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
                throw new DefinitionException(at, "Label must not contain whitespace, control characters or any of "
                        + LABEL_FORBIDDEN + " (found '" + c + "')");
            }
        }
        String previous = labels.putIfAbsent(label, pointer);
        if (previous != null) {
            throw new DefinitionException(at, "Label '" + label + "' is already used by the Map state at " + previous
                    + "; labels must be unique within a state machine definition");
        }
        return Optional.of(label);
    }

    private static ItemBatcherSpec itemBatcher(JsonNode batcher, String pointer, boolean jsonata) {
        requireObject(batcher, pointer);
        allowOnly(batcher, pointer, Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                "MaxInputBytesPerBatchPath", "BatchInput"));
        Setting items = setting(batcher, pointer, "MaxItemsPerBatch", Kind.POSITIVE_INT, Long.MAX_VALUE, jsonata);
        Setting bytes = setting(batcher, pointer, "MaxInputBytesPerBatch", Kind.POSITIVE_INT, MAX_BATCH_BYTES, jsonata);
        if (!items.present() && !bytes.present()) {
            throw new DefinitionException(pointer, "ItemBatcher needs at least one of MaxItemsPerBatch, "
                    + "MaxItemsPerBatchPath, MaxInputBytesPerBatch or MaxInputBytesPerBatchPath");
        }
        Optional<JsonNode> batchInput = Optional.ofNullable(batcher.get("BatchInput"));
        if (batchInput.isPresent() && !batchInput.get().isObject() && !jsonata) {
            throw new DefinitionException(pointer + "/BatchInput", "must be a JSON object");
        }
        return new ItemBatcherSpec(items, bytes, batchInput);
    }

    /**
     * ResultWriter (spec 9.7): WriterConfig alone shapes the state's output; Resource s3:putObject with Parameters
     * (Bucket, Prefix) exports the results too, shaped by WriterConfig when given.
     */
    private static ResultWriterSpec resultWriter(JsonNode writer, String pointer) {
        requireObject(writer, pointer);
        allowOnly(writer, pointer, Set.of("Resource", "Parameters", "WriterConfig", "Arguments"));
        refuseArguments(writer, pointer);
        boolean resource = writer.has("Resource");
        boolean config = writer.has("WriterConfig");
        if (resource != writer.has("Parameters") || (!resource && !config)) {
            throw new DefinitionException(pointer, "ResultWriter needs WriterConfig, or Resource and Parameters, "
                    + "or all three");
        }
        Optional<JsonNode> exportTo = resource ? Optional.of(exportParameters(writer, pointer)) : Optional.empty();
        Transformation transformation = resource ? Transformation.NONE : Transformation.COMPACT;
        if (!config) {
            return new ResultWriterSpec(exportTo, OutputType.JSON, transformation);
        }
        return writerConfig(writer.get("WriterConfig"), pointer + "/WriterConfig", exportTo, transformation);
    }

    /** Resource {@code arn:aws:states:::s3:putObject} and its Parameters: where the results are exported. */
    private static JsonNode exportParameters(JsonNode writer, String pointer) {
        String arn = text(writer.get("Resource"), pointer + "/Resource");
        if (!"arn:aws:states:::s3:putObject".equals(arn)) {
            throw new DefinitionException(pointer + "/Resource", "The ResultWriter resource '" + arn
                    + "' is not supported (use arn:aws:states:::s3:putObject)");
        }
        JsonNode params = writer.get("Parameters");
        requireObject(params, pointer + "/Parameters");
        templateFields(params, pointer + "/Parameters", Set.of("Bucket", "Prefix"), null);
        requireTemplateField(params, pointer + "/Parameters", "Bucket");
        return params;
    }

    /** WriterConfig: OutputType (JSON, or JSONL for an export) and Transformation, each with its default. */
    private static ResultWriterSpec writerConfig(JsonNode writerConfig, String at, Optional<JsonNode> exportTo,
                                                 Transformation defaultTransformation) {
        requireObject(writerConfig, at);
        allowOnly(writerConfig, at, Set.of("OutputType", "Transformation"));
        OutputType outputType = writerConfig.has("OutputType")
                ? enumValue(OutputType.class, writerConfig.get("OutputType"), at + "/OutputType") : OutputType.JSON;
        Transformation transformation = writerConfig.has("Transformation")
                ? enumValue(Transformation.class, writerConfig.get("Transformation"), at + "/Transformation")
                : defaultTransformation;
        if (exportTo.isEmpty() && outputType == OutputType.JSONL) {
            throw new DefinitionException(at + "/OutputType", "OutputType JSONL needs Resource and Parameters "
                    + "(a state output is always a JSON array)");
        }
        return new ResultWriterSpec(exportTo, outputType, transformation);
    }
}
