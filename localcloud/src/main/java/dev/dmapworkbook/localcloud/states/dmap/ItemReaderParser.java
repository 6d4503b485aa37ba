package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.Kind;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.CsvDelimiter;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.CsvHeaderLocation;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.InputType;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemReaderSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ReaderResource;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.allowOnly;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.enumValue;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.missing;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.notSupported;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.refuseArguments;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.requireObject;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.requireTemplateField;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.setting;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.templateFields;
import static dev.dmapworkbook.localcloud.states.dmap.DefinitionFields.text;

/**
 * The ItemReader of a Distributed Map (spec 9.3; Step Functions developer guide "ItemReader (Map)"): the resource
 * (s3:listObjectsV2 or s3:getObject), its Parameters, and ReaderConfig (InputType, the CSV settings, an S3 Inventory
 * manifest, MaxItems, ItemsPointer, Transformation LOAD_AND_FLATTEN on a listing). What the local cloud does not
 * read (PARQUET, Athena manifests, VersionId) is refused by name.
 */
final class ItemReaderParser {
    static final long MAX_ITEMS_LIMIT = 100_000_000L;

    private ItemReaderParser() {
    }

    static ItemReaderSpec parse(JsonNode reader, String pointer, boolean jsonata) {
        requireObject(reader, pointer);
        allowOnly(reader, pointer, Set.of("Resource", "Parameters", "ReaderConfig", "Arguments"));
        refuseArguments(reader, pointer);
        ReaderResource resource = resource(reader, pointer);
        JsonNode parameters = parameters(reader, pointer, resource);
        JsonNode config = reader.get("ReaderConfig");
        String configAt = pointer + "/ReaderConfig";
        if (config == null) {
            if (resource == ReaderResource.GET_OBJECT) {
                throw missing(pointer, "ReaderConfig");
            }
            return new ItemReaderSpec(resource, parameters, Optional.empty(), CsvHeaderLocation.FIRST_ROW, List.of(),
                    CsvDelimiter.COMMA, Setting.absent("MaxItems"), Optional.empty(), false);
        }
        requireObject(config, configAt);
        allowOnly(config, configAt, Set.of("InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems",
                "MaxItemsPath", "Transformation", "ManifestType", "ItemsPointer"));
        boolean loadAndFlatten = transformation(config, configAt, resource);
        Optional<InputType> inputType = inputType(config, configAt, resource, loadAndFlatten);
        csvOnly(config, configAt, inputType);
        Optional<ItemsPointer> itemsPointer = itemsPointer(config, configAt, inputType);
        CsvHeaderLocation location = config.has("CSVHeaderLocation")
                ? enumValue(CsvHeaderLocation.class, config.get("CSVHeaderLocation"), configAt + "/CSVHeaderLocation")
                : CsvHeaderLocation.FIRST_ROW;
        List<String> headers = headers(config, configAt, location);
        CsvDelimiter delimiter = config.has("CSVDelimiter")
                ? enumValue(CsvDelimiter.class, config.get("CSVDelimiter"), configAt + "/CSVDelimiter") : CsvDelimiter.COMMA;
        Setting maxItems = setting(config, configAt, "MaxItems", Kind.NON_NEGATIVE_INT, MAX_ITEMS_LIMIT, jsonata);
        return new ItemReaderSpec(resource, parameters, inputType, location, headers, delimiter, maxItems, itemsPointer,
                loadAndFlatten);
    }

    private static ReaderResource resource(JsonNode reader, String pointer) {
        if (!reader.has("Resource")) {
            throw missing(pointer, "Resource");
        }
        String arn = text(reader.get("Resource"), pointer + "/Resource");
        for (ReaderResource candidate : ReaderResource.values()) {
            if (candidate.arn.equals(arn)) {
                return candidate;
            }
        }
        throw new DefinitionException(pointer + "/Resource", "The ItemReader resource '" + arn + "' is not supported"
                + " (the local cloud reads arn:aws:states:::s3:listObjectsV2 and arn:aws:states:::s3:getObject)");
    }

    /** Parameters: Bucket and Prefix for a listing, Bucket and Key for one object (VersionId is refused by name). */
    private static JsonNode parameters(JsonNode reader, String pointer, ReaderResource resource) {
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
        return parameters;
    }

    /**
     * {@code Transformation} (s3:listObjectsV2 only [AWS-doc]): {@code NONE} (the default: the listed objects are the
     * items) or {@code LOAD_AND_FLATTEN} (their contents are; needs InputType [AWS-doc]). On s3:getObject the field
     * is refused [GUESS: the guide documents it for the listing only].
     */
    private static boolean transformation(JsonNode config, String configAt, ReaderResource resource) {
        if (!config.has("Transformation")) {
            return false;
        }
        String at = configAt + "/Transformation";
        String transformation = text(config.get("Transformation"), at);
        if (!transformation.equals("NONE") && !transformation.equals("LOAD_AND_FLATTEN")) {
            throw new DefinitionException(at, "Transformation must be NONE or LOAD_AND_FLATTEN, not '"
                    + transformation + "'");
        }
        if (resource != ReaderResource.LIST_OBJECTS_V2) {
            throw new DefinitionException(at, "ReaderConfig.Transformation is only valid with the resource "
                    + ReaderResource.LIST_OBJECTS_V2.arn);
        }
        boolean flatten = transformation.equals("LOAD_AND_FLATTEN");
        if (flatten && !config.has("InputType")) {
            throw new DefinitionException(configAt, "The field \"InputType\" is required when Transformation is "
                    + "LOAD_AND_FLATTEN");
        }
        return flatten;
    }

    /** InputType (or ManifestType); PARQUET is refused, and on a listing InputType needs LOAD_AND_FLATTEN. */
    private static Optional<InputType> inputType(JsonNode config, String configAt, ReaderResource resource,
                                                 boolean loadAndFlatten) {
        Optional<InputType> inputType = manifestType(config, configAt, resource);
        if (inputType.isEmpty() && config.has("InputType")) {
            String at = configAt + "/InputType";
            String value = text(config.get("InputType"), at);
            if (value.equals("PARQUET")) {
                throw notSupported(at, "ReaderConfig.InputType " + value);
            }
            if (resource == ReaderResource.LIST_OBJECTS_V2 && !loadAndFlatten) {
                throw new DefinitionException(at, "InputType on s3:listObjectsV2 needs Transformation LOAD_AND_FLATTEN");
            }
            InputType type = enumValue(InputType.class, config.get("InputType"), at);
            if (type == InputType.MANIFEST && loadAndFlatten) {
                throw new DefinitionException(at, "Transformation LOAD_AND_FLATTEN reads CSV, JSON or JSONL objects, "
                        + "not MANIFEST");
            }
            return Optional.of(type);
        } else if (inputType.isEmpty() && resource == ReaderResource.GET_OBJECT) {
            throw missing(configAt, "InputType");
        }
        return inputType;
    }

    /** {@code ItemsPointer}: a JSON Pointer for InputType JSON only [GUESS], checked here ({@link ItemsPointer}). */
    private static Optional<ItemsPointer> itemsPointer(JsonNode config, String configAt, Optional<InputType> inputType) {
        if (!config.has("ItemsPointer")) {
            return Optional.empty();
        }
        String at = configAt + "/ItemsPointer";
        if (inputType.filter(t -> t == InputType.JSON).isEmpty()) {
            throw new DefinitionException(at, "The field \"ItemsPointer\" is only valid when InputType is JSON");
        }
        return Optional.of(ItemsPointer.parse(text(config.get("ItemsPointer"), at), at));
    }

    private static void csvOnly(JsonNode config, String configAt, Optional<InputType> inputType) {
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
    }

    /** CSVHeaders: required with CSVHeaderLocation GIVEN, refused otherwise. */
    private static List<String> headers(JsonNode config, String configAt, CsvHeaderLocation location) {
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
        return List.copyOf(headers);
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
}
