package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.InputType;

import java.util.List;

/**
 * The ItemReader definition rules for manifests (Step Functions developer guide, "ItemReader (Map)"):
 * {@code InputType MANIFEST} or {@code ManifestType S3_INVENTORY} (then without InputType) read an S3 Inventory
 * manifest; {@code ManifestType ATHENA_DATA} (Athena UNLOAD manifests) is refused by name.
 */
final class InventoryManifests {
    private InventoryManifests() {
    }

    /** The InputType a {@code ManifestType} stands for, or the definition error. */
    static InputType manifestType(String value, JsonNode config, String configAt, boolean getObject) {
        switch (value) {
            case "S3_INVENTORY" -> {
                if (config.has("InputType")) {
                    throw new DefinitionException(configAt + "/InputType", "InputType must not be given with "
                            + "ManifestType S3_INVENTORY (the inventory's files are CSV)");
                }
                if (!getObject) {
                    throw new DefinitionException(configAt + "/ManifestType", "ManifestType needs the resource "
                            + "arn:aws:states:::s3:getObject");
                }
                return InputType.MANIFEST;
            }
            case "ATHENA_DATA" -> throw new DefinitionException(configAt + "/ManifestType", "ReaderConfig.ManifestType "
                    + "ATHENA_DATA (Athena UNLOAD data manifests) is not supported by the local cloud");
            default -> throw new DefinitionException(configAt + "/ManifestType", "ManifestType must be S3_INVENTORY "
                    + "or ATHENA_DATA, not '" + value + "'");
        }
    }

    /** An S3 inventory's CSV files have no header row and use commas: the CSV settings have nothing to say. */
    static void refuseCsvSettings(JsonNode config, String configAt) {
        for (String field : List.of("CSVHeaderLocation", "CSVHeaders", "CSVDelimiter")) {
            if (config.has(field)) {
                throw new DefinitionException(configAt + "/" + field, "ReaderConfig." + field + " with an S3 inventory "
                        + "manifest is not supported by the local cloud (the columns are the manifest's fileSchema, "
                        + "the delimiter is the comma)");
            }
        }
    }
}
