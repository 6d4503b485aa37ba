package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.states.asl.JPath;
import dev.dmapworkbook.localcloud.states.asl.Template;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemBatcherSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemReaderSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ResultWriterSpec;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The expressions of a Distributed Map's fields, checked and compiled when the definition is parsed (spec 9.1). */
final class DistributedMapTemplates {
    private DistributedMapTemplates() {
    }

    /** The payload templates, compiled once (a bad intrinsic or path is a definition error naming where it is). */
    static Map<String, Template> compile(Optional<ItemReaderSpec> reader, Optional<ItemBatcherSpec> batcher,
                                                   Optional<ResultWriterSpec> writer, String pointer, boolean jsonata) {
        Map<String, Template> templates = new HashMap<>();
        reader.ifPresent(r -> compile(templates, r.parameters(), pointer + "/ItemReader/Parameters", jsonata));
        batcher.flatMap(ItemBatcherSpec::batchInput).ifPresent(t -> compile(templates, t, pointer + "/ItemBatcher/BatchInput", jsonata));
        writer.flatMap(ResultWriterSpec::parameters).ifPresent(t -> compile(templates, t, pointer + "/ResultWriter/Parameters", jsonata));
        return Map.copyOf(templates);
    }

    /**
     * A JSONata Map state reaches the parser with its ItemReader/ResultWriter {@code Arguments} renamed
     * {@code Parameters} (one parser for both languages); its templates are JSONata, named in causes
     * {@code ItemReader/Arguments}, {@code ItemBatcher/BatchInput}, {@code ResultWriter/Arguments}.
     */
    private static void compile(Map<String, Template> templates, JsonNode template, String pointer, boolean jsonata) {
        if (!jsonata) {
            templates.put(pointer, Template.compile(template, pointer));
            return;
        }
        String[] parts = pointer.split("/");
        String field = parts[parts.length - 2] + "/" + parts[parts.length - 1].replace("Parameters", "Arguments");
        templates.put(pointer, Template.jsonata(template, field, pointer.replace("/Parameters", "/Arguments")));
    }

    /** The reference paths the Map Run reads at run time must at least parse. */
    static void checkPaths(JsonNode map, String pointer) {
        for (String path : new String[]{"ToleratedFailureCountPath", "ToleratedFailurePercentagePath"}) {
            checkPath(map.get(path), pointer + "/" + path);
        }
        checkPath(map.path("ItemReader").path("ReaderConfig").get("MaxItemsPath"), pointer + "/ItemReader/ReaderConfig/MaxItemsPath");
        checkPath(map.path("ItemBatcher").get("MaxItemsPerBatchPath"), pointer + "/ItemBatcher/MaxItemsPerBatchPath");
        checkPath(map.path("ItemBatcher").get("MaxInputBytesPerBatchPath"), pointer + "/ItemBatcher/MaxInputBytesPerBatchPath");
    }

    private static void checkPath(JsonNode path, String pointer) {
        if (path == null) {
            return;
        }
        try {
            JPath.parse(path.asText());
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(pointer, "The value for the field '" + pointer.substring(pointer.lastIndexOf('/') + 1)
                    + "' must be a valid JSONPath: " + e.getMessage());
        }
    }
}
