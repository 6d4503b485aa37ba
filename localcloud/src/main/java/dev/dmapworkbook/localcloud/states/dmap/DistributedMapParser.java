package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.states.asl.Quotas;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.CsvDelimiter;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.CsvHeaderLocation;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ExecutionType;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.InputType;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemBatcherSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemReaderSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.OutputType;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ReaderResource;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ResultWriterSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.Setting;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.Transformation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses and validates the Distributed Map fields of one state machine definition (spec 9.1, 9.3, 9.5, 9.6,
 * 9.7). One instance per definition: it also checks that every {@code Label} is unique in the definition.
 * Every field it does not know is refused, naming it; fields it knows but the local cloud does not
 * implement (MANIFEST, PARQUET, ItemsPointer, …) are refused with a message saying so.
 */
public final class DistributedMapParser {
    public static final String DISTRIBUTED_ONLY = "ItemReader, ItemBatcher, ResultWriter, ToleratedFailureCount, "
            + "ToleratedFailureCountPath, ToleratedFailurePercentage, ToleratedFailurePercentagePath, Label";
    private static final List<String> DISTRIBUTED_ONLY_FIELDS = List.of(DISTRIBUTED_ONLY.split(", "));
    static final long MAX_ITEMS_LIMIT = 100_000_000L;
    static final long MAX_BATCH_BYTES = Quotas.PAYLOAD_LIMIT_BYTES;
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
        String processorField = map.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        ExecutionType executionType = executionType(map.path(processorField).path("ProcessorConfig"),
                pointer + "/" + processorField + "/ProcessorConfig");
        Optional<String> label = label(map, pointer);
        Optional<ItemReaderSpec> reader = map.has("ItemReader")
                ? Optional.of(itemReader(map.get("ItemReader"), pointer + "/ItemReader")) : Optional.empty();
        Optional<JsonNode> selector = Optional.ofNullable(map.has("ItemSelector") ? map.get("ItemSelector")
                : map.get("Parameters"));
        if (map.has("ItemSelector") && map.has("Parameters")) {
            throw new DefinitionException(pointer, "The fields \"ItemSelector\" and \"Parameters\" cannot both be set");
        }
        if (selector.isPresent() && !selector.get().isObject()) {
            throw new DefinitionException(pointer + "/" + (map.has("ItemSelector") ? "ItemSelector" : "Parameters"),
                    "must be a JSON object");
        }
        Optional<ItemBatcherSpec> batcher = map.has("ItemBatcher")
                ? Optional.of(itemBatcher(map.get("ItemBatcher"), pointer + "/ItemBatcher")) : Optional.empty();
        Optional<ResultWriterSpec> writer = map.has("ResultWriter")
                ? Optional.of(resultWriter(map.get("ResultWriter"), pointer + "/ResultWriter")) : Optional.empty();
        Setting maxConcurrency = setting(map, pointer, "MaxConcurrency", Kind.NON_NEGATIVE_INT, Long.MAX_VALUE);
        Setting count = setting(map, pointer, "ToleratedFailureCount", Kind.NON_NEGATIVE_INT, Long.MAX_VALUE);
        Setting percentage = setting(map, pointer, "ToleratedFailurePercentage", Kind.PERCENTAGE, 100);
        DistributedMapTemplates.checkPaths(map, pointer);
        return new DistributedMap(pointer, stateName, label, executionType, reader, selector, batcher, writer,
                maxConcurrency, count, percentage, DistributedMapTemplates.compile(reader, batcher, writer, pointer,
                "JSONata".equals(map.path("QueryLanguage").asText())), Json.write(map),
                Json.write(map.get(processorField)));
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

    private static ItemReaderSpec itemReader(JsonNode reader, String pointer) {
        requireObject(reader, pointer);
        allowOnly(reader, pointer, Set.of("Resource", "Parameters", "ReaderConfig", "Arguments"));
        refuseArguments(reader, pointer);
        if (!reader.has("Resource")) {
            throw missing(pointer, "Resource");
        }
        String arn = text(reader.get("Resource"), pointer + "/Resource");
        ReaderResource resource = null;
        for (ReaderResource candidate : ReaderResource.values()) {
            if (candidate.arn.equals(arn)) {
                resource = candidate;
            }
        }
        if (resource == null) {
            throw new DefinitionException(pointer + "/Resource", "The ItemReader resource '" + arn + "' is not supported"
                    + " (the local cloud reads arn:aws:states:::s3:listObjectsV2 and arn:aws:states:::s3:getObject)");
        }
        if (!reader.has("Parameters")) {
            throw missing(pointer, "Parameters");
        }
        JsonNode parameters = reader.get("Parameters");
        requireObject(parameters, pointer + "/Parameters");
        Set<String> allowed = resource == ReaderResource.LIST_OBJECTS_V2 ? Set.of("Bucket", "Prefix")
                : Set.of("Bucket", "Key");
        templateFields(parameters, pointer + "/Parameters", allowed, resource == ReaderResource.GET_OBJECT
                ? "VersionId" : null);
        requireTemplateField(parameters, pointer + "/Parameters", "Bucket");
        if (resource == ReaderResource.GET_OBJECT) {
            requireTemplateField(parameters, pointer + "/Parameters", "Key");
        }
        JsonNode config = reader.get("ReaderConfig");
        String configAt = pointer + "/ReaderConfig";
        if (config == null) {
            if (resource == ReaderResource.GET_OBJECT) {
                throw missing(pointer, "ReaderConfig");
            }
            return new ItemReaderSpec(resource, parameters, Optional.empty(), CsvHeaderLocation.FIRST_ROW, List.of(),
                    CsvDelimiter.COMMA, Setting.absent("MaxItems"));
        }
        requireObject(config, configAt);
        allowOnly(config, configAt, Set.of("InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems",
                "MaxItemsPath", "Transformation", "ManifestType", "ItemsPointer"));
        if (config.has("ItemsPointer")) {
            throw notSupported(configAt + "/ItemsPointer", "ReaderConfig.ItemsPointer");
        }
        if (config.has("Transformation")) {
            String transformation = text(config.get("Transformation"), configAt + "/Transformation");
            if (resource != ReaderResource.LIST_OBJECTS_V2 || !"NONE".equals(transformation)) {
                throw notSupported(configAt + "/Transformation", "ReaderConfig.Transformation '" + transformation + "'");
            }
        }
        Optional<InputType> inputType = manifestType(config, configAt, resource);
        if (inputType.isEmpty() && config.has("InputType")) {
            String value = text(config.get("InputType"), configAt + "/InputType");
            if (value.equals("PARQUET")) {
                throw notSupported(configAt + "/InputType", "ReaderConfig.InputType " + value);
            }
            if (resource == ReaderResource.LIST_OBJECTS_V2) {
                throw new DefinitionException(configAt + "/InputType", "InputType on s3:listObjectsV2 needs "
                        + "Transformation LOAD_AND_FLATTEN, which the local cloud does not support");
            }
            inputType = Optional.of(enumValue(InputType.class, config.get("InputType"), configAt + "/InputType"));
        } else if (inputType.isEmpty() && resource == ReaderResource.GET_OBJECT) {
            throw missing(configAt, "InputType");
        }
        boolean csv = inputType.filter(t -> t == InputType.CSV).isPresent();
        if (inputType.filter(t -> t == InputType.MANIFEST).isPresent()) {
            InventoryManifests.refuseCsvSettings(config, configAt);
        }
        for (String csvOnly : List.of("CSVHeaderLocation", "CSVHeaders", "CSVDelimiter")) {
            if (config.has(csvOnly) && !csv) {
                throw new DefinitionException(configAt + "/" + csvOnly, "The field \"" + csvOnly
                        + "\" is only valid when InputType is CSV");
            }
        }
        CsvHeaderLocation location = config.has("CSVHeaderLocation")
                ? enumValue(CsvHeaderLocation.class, config.get("CSVHeaderLocation"), configAt + "/CSVHeaderLocation")
                : CsvHeaderLocation.FIRST_ROW;
        List<String> headers = new ArrayList<>();
        if (location == CsvHeaderLocation.GIVEN) {
            JsonNode given = config.get("CSVHeaders");
            if (given == null) {
                throw new DefinitionException(configAt, "The field \"CSVHeaders\" is required when CSVHeaderLocation is GIVEN");
            }
            if (!given.isArray() || given.isEmpty()) {
                throw new DefinitionException(configAt + "/CSVHeaders", "must be a non-empty array of strings");
            }
            for (int i = 0; i < given.size(); i++) {
                headers.add(text(given.get(i), configAt + "/CSVHeaders/" + i));
            }
        } else if (config.has("CSVHeaders")) {
            throw new DefinitionException(configAt + "/CSVHeaders", "The field \"CSVHeaders\" is only valid when "
                    + "CSVHeaderLocation is GIVEN");
        }
        CsvDelimiter delimiter = config.has("CSVDelimiter")
                ? enumValue(CsvDelimiter.class, config.get("CSVDelimiter"), configAt + "/CSVDelimiter") : CsvDelimiter.COMMA;
        Setting maxItems = setting(config, configAt, "MaxItems", Kind.NON_NEGATIVE_INT, MAX_ITEMS_LIMIT);
        return new ItemReaderSpec(resource, parameters, inputType, location, List.copyOf(headers), delimiter, maxItems);
    }

    /** {@code ManifestType}: S3_INVENTORY reads an S3 Inventory manifest; Athena data manifests are refused. */
    private static Optional<InputType> manifestType(JsonNode config, String configAt, ReaderResource resource) {
        if (!config.has("ManifestType")) {
            if (config.has("InputType") && "MANIFEST".equals(config.get("InputType").asText())
                    && resource != ReaderResource.GET_OBJECT) {
                throw new DefinitionException(configAt + "/InputType", "InputType MANIFEST needs the resource "
                        + ReaderResource.GET_OBJECT.arn);
            }
            return Optional.empty();
        }
        String value = text(config.get("ManifestType"), configAt + "/ManifestType");
        return Optional.of(InventoryManifests.manifestType(value, config, configAt, resource == ReaderResource.GET_OBJECT));
    }

    private static ItemBatcherSpec itemBatcher(JsonNode batcher, String pointer) {
        requireObject(batcher, pointer);
        allowOnly(batcher, pointer, Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                "MaxInputBytesPerBatchPath", "BatchInput"));
        Setting items = setting(batcher, pointer, "MaxItemsPerBatch", Kind.POSITIVE_INT, Long.MAX_VALUE);
        Setting bytes = setting(batcher, pointer, "MaxInputBytesPerBatch", Kind.POSITIVE_INT, MAX_BATCH_BYTES);
        if (!items.present() && !bytes.present()) {
            throw new DefinitionException(pointer, "ItemBatcher needs at least one of MaxItemsPerBatch, "
                    + "MaxItemsPerBatchPath, MaxInputBytesPerBatch or MaxInputBytesPerBatchPath");
        }
        Optional<JsonNode> batchInput = Optional.ofNullable(batcher.get("BatchInput"));
        if (batchInput.isPresent() && !batchInput.get().isObject()) {
            throw new DefinitionException(pointer + "/BatchInput", "must be a JSON object");
        }
        return new ItemBatcherSpec(items, bytes, batchInput);
    }

    private static ResultWriterSpec resultWriter(JsonNode writer, String pointer) {
        requireObject(writer, pointer);
        allowOnly(writer, pointer, Set.of("Resource", "Parameters", "WriterConfig", "Arguments"));
        refuseArguments(writer, pointer);
        boolean resource = writer.has("Resource");
        boolean parameters = writer.has("Parameters");
        boolean config = writer.has("WriterConfig");
        if (resource != parameters || (!resource && !config)) {
            throw new DefinitionException(pointer, "ResultWriter needs WriterConfig, or Resource and Parameters, "
                    + "or all three");
        }
        Optional<JsonNode> exportTo = Optional.empty();
        if (resource) {
            String arn = text(writer.get("Resource"), pointer + "/Resource");
            if (!"arn:aws:states:::s3:putObject".equals(arn)) {
                throw new DefinitionException(pointer + "/Resource", "The ResultWriter resource '" + arn
                        + "' is not supported (use arn:aws:states:::s3:putObject)");
            }
            JsonNode params = writer.get("Parameters");
            requireObject(params, pointer + "/Parameters");
            templateFields(params, pointer + "/Parameters", Set.of("Bucket", "Prefix"), null);
            requireTemplateField(params, pointer + "/Parameters", "Bucket");
            exportTo = Optional.of(params);
        }
        OutputType outputType = OutputType.JSON;
        Transformation transformation = resource ? Transformation.NONE : Transformation.COMPACT;
        if (config) {
            JsonNode writerConfig = writer.get("WriterConfig");
            String at = pointer + "/WriterConfig";
            requireObject(writerConfig, at);
            allowOnly(writerConfig, at, Set.of("OutputType", "Transformation"));
            if (writerConfig.has("OutputType")) {
                outputType = enumValue(OutputType.class, writerConfig.get("OutputType"), at + "/OutputType");
            }
            if (writerConfig.has("Transformation")) {
                transformation = enumValue(Transformation.class, writerConfig.get("Transformation"), at + "/Transformation");
            }
            if (!resource && outputType == OutputType.JSONL) {
                throw new DefinitionException(at + "/OutputType", "OutputType JSONL needs Resource and Parameters "
                        + "(a state output is always a JSON array)");
            }
        }
        return new ResultWriterSpec(exportTo, outputType, transformation);
    }

    private enum Kind { NON_NEGATIVE_INT, POSITIVE_INT, PERCENTAGE }

    /** A literal {@code field} or a reference path {@code fieldPath}, never both (spec 9.1, 9.5). */
    private static Setting setting(JsonNode parent, String pointer, String field, Kind kind, long max) {
        JsonNode value = parent.get(field);
        JsonNode path = parent.get(field + "Path");
        if (value != null && path != null) {
            throw new DefinitionException(pointer, "The fields \"" + field + "\" and \"" + field
                    + "Path\" are mutually exclusive");
        }
        if (path != null) {
            String p = text(path, pointer + "/" + field + "Path");
            if (!p.startsWith("$")) {
                throw new DefinitionException(pointer + "/" + field + "Path", "must be a reference path starting with $");
            }
            return new Setting(field, Optional.empty(), Optional.of(p));
        }
        if (value == null) {
            return Setting.absent(field);
        }
        String at = pointer + "/" + field;
        if (kind == Kind.PERCENTAGE) {
            if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > max) {
                throw new DefinitionException(at, field + " must be a number between 0 and " + max);
            }
        } else {
            long min = kind == Kind.POSITIVE_INT ? 1 : 0;
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
                throw new DefinitionException(at, field + " must be an integer "
                        + (max == Long.MAX_VALUE ? (min == 1 ? "greater than 0" : "greater than or equal to 0")
                        : "between " + min + " and " + max));
            }
        }
        return new Setting(field, Optional.of(value), Optional.empty());
    }

    /** Payload-template keys: {@code Name} or {@code Name.$}, never both, and only the listed names. */
    private static void templateFields(JsonNode template, String pointer, Set<String> allowed, String unsupported) {
        Iterator<String> names = template.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            String name = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            if (name.equals(unsupported)) {
                throw notSupported(pointer + "/" + key, "Parameters." + name);
            }
            if (!allowed.contains(name)) {
                throw new DefinitionException(pointer, "The field \"" + key + "\" is not supported by Step Functions");
            }
            if (key.endsWith(".$") && template.has(name)) {
                throw new DefinitionException(pointer, "The fields \"" + name + "\" and \"" + key
                        + "\" cannot both be set");
            }
            if (key.endsWith(".$") && !template.get(key).isTextual()) {
                throw new DefinitionException(pointer + "/" + key, "must be a path or an intrinsic function (a string)");
            }
        }
    }

    private static void requireTemplateField(JsonNode template, String pointer, String name) {
        if (!template.has(name) && !template.has(name + ".$")) {
            throw missing(pointer, name);
        }
    }

    private static void allowOnly(JsonNode node, String pointer, Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new DefinitionException(pointer, "The field \"" + name + "\" is not supported by Step Functions");
            }
        }
    }

    /** {@code Arguments} is the JSONata form of {@code Parameters} (spec, ItemReader and ResultWriter fields). */
    private static void refuseArguments(JsonNode node, String pointer) {
        if (node.has("Arguments")) {
            throw new DefinitionException(pointer + "/Arguments",
                    "The field \"Arguments\" is only valid for JSONata; use \"Parameters\" in JSONPath states");
        }
    }

    private static void requireObject(JsonNode node, String pointer) {
        if (node == null || !node.isObject()) {
            throw new DefinitionException(pointer, "must be a JSON object");
        }
    }

    private static String text(JsonNode node, String pointer) {
        if (!node.isTextual()) {
            throw new DefinitionException(pointer, "must be a string");
        }
        return node.asText();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String pointer) {
        String value = text(node, pointer);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        throw new DefinitionException(pointer, "'" + value + "' is not one of " + String.join(", ", names));
    }

    private static DefinitionException missing(String pointer, String field) {
        return new DefinitionException(pointer, "The field '" + field + "' is required but was missing");
    }

    private static DefinitionException notSupported(String pointer, String what) {
        return new DefinitionException(pointer, what + " is not supported by the local cloud");
    }
}
