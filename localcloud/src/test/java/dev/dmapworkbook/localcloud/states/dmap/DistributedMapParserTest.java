package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Distributed Map fields of spec 9.1: parsed exactly, or refused naming the field and where it is. */
class DistributedMapParserTest {
    private static final String FULL = """
            {"Type":"Map",
             "ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
               "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["a","b"],
                               "CSVDelimiter":"SEMICOLON","MaxItemsPath":"$.max"},
               "Parameters":{"Bucket.$":"$.bucket","Key":"in/data.csv"}},
             "ItemSelector":{"row.$":"$$.Map.Item.Value"},
             "ItemBatcher":{"MaxItemsPerBatch":50,"MaxInputBytesPerBatchPath":"$.bytes","BatchInput":{"runId.$":"$.runId"}},
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
               "StartAt":"W","States":{"W":{"Type":"Pass","End":true}}},
             "MaxConcurrency":10,"ToleratedFailurePercentage":5,"ToleratedFailureCountPath":"$.count","Label":"csvRows",
             "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"runs"},
               "WriterConfig":{"OutputType":"JSONL","Transformation":"FLATTEN"}},
             "End":true}""";

    private static DistributedMap parse(String json) {
        return new DistributedMapParser().parse("M", Json.parse(json), "/States/M");
    }

    private static DefinitionException refused(String json) {
        return assertThrows(DefinitionException.class, () -> parse(json));
    }

    /** FULL with one field replaced ({@code /ItemReader/ReaderConfig/InputType} style pointer), or removed when null. */
    private static String with(String pointer, String valueJson) {
        ObjectNode root = (ObjectNode) Json.parse(FULL);
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) root.at(pointer.substring(0, slash));
        if (valueJson == null) {
            parent.remove(pointer.substring(slash + 1));
        } else {
            parent.set(pointer.substring(slash + 1), Json.parse(valueJson));
        }
        return Json.write(root);
    }

    @Test
    void parsesEveryField() {
        DistributedMap map = parse(FULL);
        assertEquals(DistributedMap.ExecutionType.EXPRESS, map.executionType());
        assertEquals("csvRows", map.label().orElseThrow());
        var reader = map.itemReader().orElseThrow();
        assertEquals(DistributedMap.ReaderResource.GET_OBJECT, reader.resource());
        assertEquals(DistributedMap.InputType.CSV, reader.inputType().orElseThrow());
        assertEquals(DistributedMap.CsvHeaderLocation.GIVEN, reader.csvHeaderLocation());
        assertEquals(List.of("a", "b"), reader.csvHeaders());
        assertEquals(';', reader.csvDelimiter().character);
        assertEquals("$.max", reader.maxItems().path().orElseThrow());
        var batcher = map.itemBatcher().orElseThrow();
        assertEquals(50, batcher.maxItemsPerBatch().value().orElseThrow().asInt());
        assertEquals("$.bytes", batcher.maxInputBytesPerBatch().path().orElseThrow());
        assertTrue(batcher.batchInput().isPresent());
        var writer = map.resultWriter().orElseThrow();
        assertTrue(writer.exports());
        assertEquals(DistributedMap.OutputType.JSONL, writer.outputType());
        assertEquals(DistributedMap.Transformation.FLATTEN, writer.transformation());
        assertEquals(10, map.maxConcurrency().value().orElseThrow().asInt());
        assertEquals(5, map.toleratedFailurePercentage().value().orElseThrow().asInt());
        assertEquals("$.count", map.toleratedFailureCount().path().orElseThrow());
        assertTrue(map.itemSelector().isPresent());
    }

    @Test
    void defaults() {
        DistributedMap map = parse("""
                {"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                 "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
                 "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"}},
                 "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out"}},"End":true}""");
        assertTrue(map.label().isEmpty());
        assertFalse(map.maxConcurrency().present());
        assertFalse(map.toleratedFailureCount().present());
        assertEquals(DistributedMap.Transformation.NONE, map.resultWriter().orElseThrow().transformation());
        assertEquals(DistributedMap.OutputType.JSON, map.resultWriter().orElseThrow().outputType());
        DistributedMap preview = parse(with("/ResultWriter", "{\"WriterConfig\":{\"Transformation\":\"COMPACT\"}}"));
        assertFalse(preview.resultWriter().orElseThrow().exports());
        DistributedMap firstRow = parse(with("/ItemReader/ReaderConfig", "{\"InputType\":\"CSV\"}"));
        assertEquals(DistributedMap.CsvHeaderLocation.FIRST_ROW, firstRow.itemReader().orElseThrow().csvHeaderLocation());
        assertEquals(DistributedMap.CsvDelimiter.COMMA, firstRow.itemReader().orElseThrow().csvDelimiter());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "/ItemReader/Bogus|1|/States/M/ItemReader|The field \"Bogus\" is not supported by Step Functions",
            "/ItemReader/ReaderConfig/Bogus|1|/States/M/ItemReader/ReaderConfig|The field \"Bogus\" is not supported",
            "/ItemReader/Parameters/Foo|\"x\"|/States/M/ItemReader/Parameters|The field \"Foo\" is not supported",
            "/ItemReader/Resource|\"arn:aws:states:::s3:listObjects\"|/States/M/ItemReader/Resource|is not supported",
            "/ItemReader/ReaderConfig/InputType|\"PARQUET\"|/States/M/ItemReader/ReaderConfig/InputType|ReaderConfig.InputType PARQUET is not supported by the local cloud",
            "/ItemReader/ReaderConfig/ManifestType|\"ATHENA_DATA\"|/States/M/ItemReader/ReaderConfig/ManifestType|ATHENA_DATA (Athena UNLOAD data manifests) is not supported",
            "/ItemReader/ReaderConfig/InputType|\"XML\"|/States/M/ItemReader/ReaderConfig/InputType|'XML' is not one of CSV, JSON, JSONL",
            "/ItemReader/ReaderConfig/ItemsPointer|\"/a\"|/States/M/ItemReader/ReaderConfig/ItemsPointer|The field \"ItemsPointer\" is only valid when InputType is JSON",
            "/ItemReader/ReaderConfig/Transformation|\"LOAD_AND_FLATTEN\"|/States/M/ItemReader/ReaderConfig/Transformation|only valid with the resource arn:aws:states:::s3:listObjectsV2",
            "/ItemReader/ReaderConfig/CSVHeaderLocation|\"LAST_ROW\"|/States/M/ItemReader/ReaderConfig/CSVHeaderLocation|'LAST_ROW' is not one of FIRST_ROW, GIVEN",
            "/ItemReader/ReaderConfig/CSVHeaders|null|/States/M/ItemReader/ReaderConfig|CSVHeaders",
            "/ItemReader/ReaderConfig/CSVDelimiter|\"COLON\"|/States/M/ItemReader/ReaderConfig/CSVDelimiter|'COLON' is not one of COMMA, PIPE, SEMICOLON, SPACE, TAB",
            "/ItemReader/ReaderConfig/MaxItems|5|/States/M/ItemReader/ReaderConfig|mutually exclusive",
            "/ItemReader/Parameters/VersionId|\"v1\"|/States/M/ItemReader/Parameters/VersionId|Parameters.VersionId is not supported",
            "/ItemReader/Parameters/Key|null|/States/M/ItemReader/Parameters|The field 'Key' is required but was missing",
            "/ItemReader/Arguments|{}|/States/M/ItemReader/Arguments|only valid for JSONata",
            "/ItemBatcher/Bogus|1|/States/M/ItemBatcher|The field \"Bogus\" is not supported",
            "/ItemBatcher/MaxItemsPerBatch|0|/States/M/ItemBatcher/MaxItemsPerBatch|MaxItemsPerBatch must be an integer greater than 0",
            "/ItemBatcher/MaxInputBytesPerBatchPath|null|/States/M/ItemBatcher|x",
            "/ItemBatcher/BatchInput|[1]|/States/M/ItemBatcher/BatchInput|must be a JSON object",
            "/ResultWriter/Resource|\"arn:aws:states:::s3:putObjectX\"|/States/M/ResultWriter/Resource|is not supported",
            "/ResultWriter/Parameters|null|/States/M/ResultWriter|ResultWriter needs WriterConfig, or Resource and Parameters, or all three",
            "/ResultWriter/Parameters/Key|\"x\"|/States/M/ResultWriter/Parameters|The field \"Key\" is not supported",
            "/ResultWriter/WriterConfig/Transformation|\"GZIP\"|/States/M/ResultWriter/WriterConfig/Transformation|'GZIP' is not one of NONE, COMPACT, FLATTEN",
            "/ResultWriter/WriterConfig/OutputType|\"CSV\"|/States/M/ResultWriter/WriterConfig/OutputType|'CSV' is not one of JSON, JSONL",
            "/ResultWriter/WriterConfig/Bogus|1|/States/M/ResultWriter/WriterConfig|The field \"Bogus\" is not supported",
            "/ToleratedFailurePercentage|100.5|/States/M/ToleratedFailurePercentage|between 0 and 100",
            "/ToleratedFailureCount|-1|/States/M|mutually exclusive",
            "/ToleratedFailureCountPath|\"count\"|/States/M/ToleratedFailureCountPath|reference path",
            "/Label|\"has space\"|/States/M/Label|Label must not contain",
            "/Label|\"\"|/States/M/Label|1 to 40 characters",
            "/Label|\"a23456789012345678901234567890123456789012\"|/States/M/Label|1 to 40 characters",
            "/ItemProcessor/ProcessorConfig/ExecutionType|null|/States/M/ItemProcessor/ProcessorConfig|The field 'ExecutionType' is required",
            "/ItemProcessor/ProcessorConfig/ExecutionType|\"BATCH\"|/States/M/ItemProcessor/ProcessorConfig/ExecutionType|'BATCH' is not one of STANDARD, EXPRESS",
            "/ItemProcessor/ProcessorConfig/Extra|1|/States/M/ItemProcessor/ProcessorConfig|The field \"Extra\" is not supported",
    })
    void refusesNamingFieldAndPointer(String pointer, String value, String expectedPointer, String expectedText) {
        String json = with(pointer, "null".equals(value) ? null : value);
        if (pointer.endsWith("MaxInputBytesPerBatchPath")) {
            json = with("/ItemBatcher", "{\"BatchInput\":{}}");
            expectedText = "ItemBatcher needs at least one of";
        }
        if (pointer.endsWith("ToleratedFailureCount")) {
            json = with(pointer, value); // both ToleratedFailureCount and …Path present
        }
        DefinitionException e = refused(json);
        assertEquals(expectedPointer, e.pointer(), e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
        assertTrue(e.getMessage().startsWith("SCHEMA_VALIDATION_FAILED: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at " + expectedPointer), e.getMessage());
    }

    @Test
    void listObjectsV2NeedsNoReaderConfigButGetObjectDoes() {
        DefinitionException e = refused(with("/ItemReader/ReaderConfig", null));
        assertEquals("/States/M/ItemReader", e.pointer());
        assertTrue(e.getMessage().contains("'ReaderConfig' is required"));
        DefinitionException inputTypeOnListing = refused(with("/ItemReader", "{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\","
                + "\"ReaderConfig\":{\"InputType\":\"CSV\"},\"Parameters\":{\"Bucket\":\"b\"}}"));
        assertTrue(inputTypeOnListing.getMessage().contains("LOAD_AND_FLATTEN"));
    }

    private static String jsonReader(String readerConfig) {
        return with("/ItemReader/ReaderConfig", readerConfig);
    }

    @Test
    void itemsPointerIsAJsonPointerCheckedAtDefinitionTime() {
        var pointer = parse(jsonReader("{\"InputType\":\"JSON\",\"ItemsPointer\":\"/inventory/a~1b/0\"}"))
                .itemReader().orElseThrow().itemsPointer().orElseThrow();
        assertEquals("/inventory/a~1b/0", pointer.text());
        for (String bad : List.of("inventory/products", "$.inventory", "{% $states.input.p %}", "/a~2", "/a~")) {
            DefinitionException e = refused(jsonReader("{\"InputType\":\"JSON\",\"ItemsPointer\":\"" + bad + "\"}"));
            assertEquals("/States/M/ItemReader/ReaderConfig/ItemsPointer", e.pointer(), bad);
            assertTrue(e.getMessage().contains("JSON Pointer"), e.getMessage());
        }
        DefinitionException number = refused(jsonReader("{\"InputType\":\"JSON\",\"ItemsPointer\":1}"));
        assertTrue(number.getMessage().contains("must be a string"), number.getMessage());
        DefinitionException jsonl = refused(jsonReader("{\"InputType\":\"JSONL\",\"ItemsPointer\":\"/a\"}"));
        assertEquals("/States/M/ItemReader/ReaderConfig/ItemsPointer", jsonl.pointer());
    }

    @Test
    void loadAndFlattenNeedsAListingAndAnInputType() {
        String listing = "{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"Parameters\":{\"Bucket\":\"b\"},"
                + "\"ReaderConfig\":%s}";
        var flatten = parse(with("/ItemReader", String.format(listing,
                "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"CSV\",\"CSVDelimiter\":\"PIPE\"}")))
                .itemReader().orElseThrow();
        assertTrue(flatten.loadAndFlatten());
        assertEquals(DistributedMap.CsvDelimiter.PIPE, flatten.csvDelimiter());
        assertFalse(parse(with("/ItemReader", String.format(listing, "{\"Transformation\":\"NONE\"}")))
                .itemReader().orElseThrow().loadAndFlatten());
        DefinitionException noType = refused(with("/ItemReader", String.format(listing,
                "{\"Transformation\":\"LOAD_AND_FLATTEN\"}")));
        assertEquals("/States/M/ItemReader/ReaderConfig", noType.pointer());
        assertTrue(noType.getMessage().contains("\"InputType\" is required when Transformation is LOAD_AND_FLATTEN"));
        DefinitionException manifest = refused(with("/ItemReader", String.format(listing,
                "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"MANIFEST\"}")));
        assertEquals("/States/M/ItemReader/ReaderConfig/InputType", manifest.pointer());
        DefinitionException other = refused(with("/ItemReader", String.format(listing,
                "{\"Transformation\":\"FLATTEN\",\"InputType\":\"CSV\"}")));
        assertEquals("/States/M/ItemReader/ReaderConfig/Transformation", other.pointer());
        DefinitionException parquet = refused(with("/ItemReader", String.format(listing,
                "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"PARQUET\"}")));
        assertTrue(parquet.getMessage().contains("PARQUET is not supported by the local cloud"));
    }

    @Test
    void csvOnlyFieldsNeedCsv() {
        DefinitionException e = refused(with("/ItemReader/ReaderConfig", "{\"InputType\":\"JSON\",\"CSVDelimiter\":\"TAB\"}"));
        assertEquals("/States/M/ItemReader/ReaderConfig/CSVDelimiter", e.pointer());
    }

    @Test
    void labelsAreUniqueWithinADefinition() {
        DistributedMapParser parser = new DistributedMapParser();
        parser.parse("A", Json.parse(FULL), "/States/A");
        DefinitionException e = assertThrows(DefinitionException.class,
                () -> parser.parse("B", Json.parse(FULL), "/States/B"));
        assertEquals("/States/B/Label", e.pointer());
        assertTrue(e.getMessage().contains("already used by the Map state at /States/A"));
    }

    @Test
    void inlineMapsRefuseDistributedOnlyFields() {
        JsonNode inline = Json.parse("{\"Type\":\"Map\",\"ItemBatcher\":{\"MaxItemsPerBatch\":2},\"ItemProcessor\":"
                + "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}");
        assertFalse(DistributedMapParser.isDistributed(inline));
        DefinitionException e = assertThrows(DefinitionException.class,
                () -> DistributedMapParser.rejectDistributedOnlyFields(inline, "/States/M"));
        assertTrue(e.getMessage().contains("\"ItemBatcher\" is only supported when ItemProcessor.ProcessorConfig.Mode is DISTRIBUTED"));
        assertTrue(DistributedMapParser.isDistributed(Json.parse(FULL)));
    }

    @Test
    void legacyIteratorWithProcessorConfig() {
        String legacy = with("/ItemProcessor", null).replace("\"Type\":\"Map\"", "\"Type\":\"Map\",\"Iterator\":{\"ProcessorConfig\":"
                + "{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Pass\",\"End\":true}}}");
        assertTrue(DistributedMapParser.isDistributed(Json.parse(legacy)));
        assertEquals(DistributedMap.ExecutionType.STANDARD, parse(legacy).executionType());
    }
}
