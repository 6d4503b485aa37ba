package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dmapworkbook.localcloud.states.asl.Template;
import dev.dmapworkbook.localcloud.states.query.JsonataExpression;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distributed-only fields of a Map state (spec 9.1), parsed once from the definition. The fields the
 * Map shares with the inline Map (ItemsPath, ItemSelector, MaxConcurrency, ResultSelector, ResultPath,
 * Retry, Catch, ItemProcessor's states) are the interpreter's; {@code itemSelector} and
 * {@code maxConcurrency} are repeated here so a Map Run can be driven from this record alone.
 *
 * @param pointer      JSON pointer of the Map state in the definition, e.g. {@code /States/Process}
 * @param label        the {@code Label} field, empty when a label must be generated (spec 1.1)
 * @param itemSelector ItemSelector (or legacy Parameters) template, empty when absent
 * @param templates    the payload templates (ItemReader/ResultWriter Parameters, BatchInput) compiled once, by pointer
 * @param definition   the Map state as written in the definition (compact JSON): the seed of a generated label
 * @param processorDefinition the ItemProcessor (or Iterator) as written: the children's state machine definition
 */
public record DistributedMap(String pointer, String stateName, Optional<String> label, ExecutionType executionType,
                             Optional<ItemReaderSpec> itemReader, Optional<JsonNode> itemSelector,
                             Optional<ItemBatcherSpec> itemBatcher, Optional<ResultWriterSpec> resultWriter,
                             Setting maxConcurrency, Setting toleratedFailureCount,
                             Setting toleratedFailurePercentage, Map<String, Template> templates, String definition,
                             String processorDefinition) {

    public enum ExecutionType { STANDARD, EXPRESS }

    /**
     * A numeric field given literally, through its {@code …Path} twin (JSONPath), or as a {@code {% %}} expression
     * (JSONata): at most one of the three.
     */
    public record Setting(String field, Optional<JsonNode> value, Optional<String> path,
                          Optional<JsonataExpression> expression) {
        static Setting absent(String field) {
            return new Setting(field, Optional.empty(), Optional.empty(), Optional.empty());
        }

        public boolean present() {
            return value.isPresent() || path.isPresent() || expression.isPresent();
        }
    }

    public enum ReaderResource {
        LIST_OBJECTS_V2("arn:aws:states:::s3:listObjectsV2"),
        GET_OBJECT("arn:aws:states:::s3:getObject");

        final String arn;

        ReaderResource(String arn) {
            this.arn = arn;
        }
    }

    /** {@code MANIFEST}: an S3 Inventory manifest.json ({@code InputType MANIFEST} or {@code ManifestType S3_INVENTORY}). */
    public enum InputType { CSV, JSON, JSONL, MANIFEST }

    public enum CsvHeaderLocation { FIRST_ROW, GIVEN }

    /** {@code CSVDelimiter} values and the character each stands for (spec 9.3b). */
    public enum CsvDelimiter {
        COMMA(','), PIPE('|'), SEMICOLON(';'), SPACE(' '), TAB('\t');

        final char character;

        CsvDelimiter(char character) {
            this.character = character;
        }
    }

    /**
     * ItemReader (spec 9.3); {@code parameters} is the payload template evaluated against the Map's input;
     * {@code itemsPointer} selects the array of a JSON file; {@code loadAndFlatten}: a listing's objects are read for
     * their rows or records (ReaderConfig.Transformation LOAD_AND_FLATTEN) instead of being the items.
     */
    public record ItemReaderSpec(ReaderResource resource, JsonNode parameters, Optional<InputType> inputType,
                                 CsvHeaderLocation csvHeaderLocation, List<String> csvHeaders,
                                 CsvDelimiter csvDelimiter, Setting maxItems, Optional<ItemsPointer> itemsPointer,
                                 boolean loadAndFlatten) {
    }

    /** ItemBatcher (spec 9.5); {@code batchInput} is a payload template evaluated against the Map's input. */
    public record ItemBatcherSpec(Setting maxItemsPerBatch, Setting maxInputBytesPerBatch,
                                  Optional<JsonNode> batchInput) {
    }

    public enum OutputType { JSON, JSONL }

    public enum Transformation { NONE, COMPACT, FLATTEN }

    /**
     * ResultWriter (spec 9.7). {@code parameters} is empty when only WriterConfig is given (no export: the
     * transformation applies to the state output).
     */
    public record ResultWriterSpec(Optional<JsonNode> parameters, OutputType outputType,
                                   Transformation transformation) {
        public boolean exports() {
            return parameters.isPresent();
        }
    }
}
