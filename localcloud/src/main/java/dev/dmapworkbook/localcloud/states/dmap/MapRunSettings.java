package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemBatcherSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ResultWriterSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.Setting;
import dev.dmapworkbook.localcloud.states.query.JsonataExpression;
import dev.dmapworkbook.localcloud.states.query.QueryEvaluationFailure;

/**
 * What a Distributed Map's fields evaluate to for one Map Run, against the Map's effective input (spec 9.2 steps
 * 2–4, 9.3, 9.5–9.7): the numbers given literally or through their {@code …Path} twins, and the payload templates
 * (ItemReader/ResultWriter Parameters, BatchInput). A bad value fails with AWS's States.Runtime message.
 *
 * @param items               the items from the Map's input (an array; an object's pairs), null with an ItemReader
 * @param maxConcurrency      0 = unlimited
 * @param toleratedCount      null when neither ToleratedFailureCount nor its Path is given
 * @param toleratedPercentage null when neither ToleratedFailurePercentage nor its Path is given
 * @param maxItems            ReaderConfig MaxItems, 0 = all (negative: the reader fails, spec 9.3)
 * @param maxItemsPerBatch    0 when absent
 * @param maxBytesPerBatch    0 when absent
 * @param readerParameters    the evaluated ItemReader Parameters, null without an ItemReader
 * @param batchInput          the evaluated BatchInput, null when not declared
 * @param writerParameters    the evaluated ResultWriter Parameters, null without an export
 */
record MapRunSettings(JsonNode items, long maxConcurrency, Long toleratedCount, Double toleratedPercentage, long maxItems,
                      long maxItemsPerBatch, long maxBytesPerBatch, JsonNode readerParameters, JsonNode batchInput,
                      JsonNode writerParameters) {

    /**
     * Evaluates the fields in AWS's order (spec 9.2 steps 2–4 [AWS-rec]): MaxConcurrency(Path) and the items fail
     * before {@code MapStateStarted}, which this writes, the tolerances, MaxItemsPath and the batch limits after it;
     * a States.Runtime here ends the execution right after the last event (spec 3.4).
     */
    static MapRunSettings evaluate(DistributedMap spec, MapRunHost host) {
        long maxConcurrency = nonNegativeInteger(spec.maxConcurrency(), host, "MaxConcurrency",
                "Expected non-negative integer for MaxConcurrency, got '%s' instead.");
        JsonNode items = null;
        if (spec.itemReader().isEmpty()) {
            items = host.itemsFromInput(); // an object's key-value pairs already (spec 9.4 [AWS-doc])
            if (!items.isArray()) {
                throw host.runtimeFailure("Map state input must be an array but was: " + Json.write(items));
            }
        }
        ObjectNode started = JsonNodeFactory.instance.objectNode();
        started.put("length", items == null ? 0 : items.size());
        host.event("MapStateStarted", "mapStateStartedEventDetails", started, false);
        return afterStarted(spec, host, items, maxConcurrency);
    }

    private static MapRunSettings afterStarted(DistributedMap spec, MapRunHost host, JsonNode items, long maxConcurrency) {
        Long count = spec.toleratedFailureCount().present()
                ? nonNegativeInteger(spec.toleratedFailureCount(), host, "ToleratedFailureCount",
                "ToleratedFailureCount cannot be negative.")
                : null;
        Double percentage = spec.toleratedFailurePercentage().present()
                ? percentage(spec.toleratedFailurePercentage(), host) : null;
        long maxItems = spec.itemReader().map(r -> maxItems(r.maxItems(), host)).orElse(0L);
        long maxPerBatch = spec.itemBatcher().map(b -> positive(b.maxItemsPerBatch(), host, "ItemBatcher")).orElse(0L);
        long maxBytes = spec.itemBatcher().map(b -> positive(b.maxInputBytesPerBatch(), host, "ItemBatcher")).orElse(0L);
        if (maxBytes > ChildInputs.PAYLOAD_LIMIT) {
            // [GUESS] wording: AWS documents the 256 KiB limit (spec 9.5), not the message for a path beyond it
            throw host.runtimeFailure("MaxInputBytesPerBatch must be at most " + ChildInputs.PAYLOAD_LIMIT + ".");
        }
        JsonNode reader = spec.itemReader()
                .map(r -> host.evaluate(r.parameters(), spec.pointer() + "/ItemReader/Parameters")).orElse(null);
        JsonNode batchInput = spec.itemBatcher().flatMap(ItemBatcherSpec::batchInput)
                .map(t -> host.evaluate(t, spec.pointer() + "/ItemBatcher/BatchInput")).orElse(null);
        JsonNode writer = spec.resultWriter().filter(ResultWriterSpec::exports)
                .map(w -> host.evaluate(w.parameters().get(), spec.pointer() + "/ResultWriter/Parameters")).orElse(null);
        return new MapRunSettings(items, maxConcurrency, count, percentage, maxItems, maxPerBatch, maxBytes, reader,
                batchInput, writer);
    }

    // --- *Path values (spec 7.7, 9.2 step 4): AWS's exact messages; JSONata values: States.QueryEvaluationError ---

    private static long nonNegativeInteger(Setting setting, MapRunHost host, String location, String negative) {
        if (setting.expression().isPresent()) {
            return expressionInteger(setting, host, location, 0, "a non-negative integer");
        }
        long value = integer(setting, host);
        if (value < 0) {
            throw host.runtimeFailure(negative.contains("%s") ? String.format(negative, value) : negative);
        }
        return value;
    }

    /** ItemBatcher's limits: positive integers ({@code parent} names the field's object in causes). */
    private static long positive(Setting setting, MapRunHost host, String parent) {
        if (setting.expression().isPresent()) {
            return expressionInteger(setting, host, parent + "/" + setting.field(), 1, "a positive integer");
        }
        long value = integer(setting, host);
        if (setting.present() && value <= 0) {
            // [GUESS] wording, modelled on MaxConcurrency's recorded "Expected non-negative integer …" (spec 7.7)
            throw host.runtimeFailure(setting.field() + " must be greater than 0, got '" + value + "' instead.");
        }
        return value;
    }

    /** ReaderConfig MaxItems: a negative value from a path fails the reader later (spec 9.3 [AWS-rec]). */
    private static long maxItems(Setting setting, MapRunHost host) {
        return setting.expression().isPresent()
                ? expressionInteger(setting, host, "ItemReader/ReaderConfig/MaxItems", 0, "a non-negative integer")
                : integer(setting, host);
    }

    /**
     * A JSONata field that takes an integer (ASL specification, "JSONata runtime errors"): a result of another type,
     * a number that is not whole or one the field does not take is States.QueryEvaluationError naming the field. The
     * wording for a value out of range is [GUESS] (modelled on AWS's "unexpected result type" cause).
     */
    private static long expressionInteger(Setting setting, MapRunHost host, String location, long min, String expected) {
        JsonataExpression expression = setting.expression().get();
        JsonNode value = host.evaluate(expression, location, "number");
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw QueryEvaluationFailure.unexpectedType(expression.text(), location, "integer", "number", Json.write(value));
        }
        if (value.longValue() < min) {
            throw QueryEvaluationFailure.unacceptable(expression.text(), location, expected, Json.write(value));
        }
        return value.longValue();
    }

    /** 0 when absent. */
    private static long integer(Setting setting, MapRunHost host) {
        if (setting.value().isPresent()) {
            return setting.value().get().asLong();
        }
        if (setting.path().isEmpty()) {
            return 0;
        }
        String path = setting.path().get();
        JsonNode value = host.readPath(path);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw host.runtimeFailure("The " + setting.field() + "Path field refers to value \"" + render(value)
                + "\" which is not a valid integer: " + path);
    }

    private static double percentage(Setting setting, MapRunHost host) {
        if (setting.expression().isPresent()) {
            JsonataExpression expression = setting.expression().get();
            JsonNode value = host.evaluate(expression, setting.field(), "number");
            if (value.asDouble() < 0 || value.asDouble() > 100) {
                throw QueryEvaluationFailure.unacceptable(expression.text(), setting.field(),
                        "a number between 0 and 100", Json.write(value)); // [GUESS] wording, as expressionInteger
            }
            return value.asDouble();
        }
        double value = setting.value().isPresent() ? setting.value().get().asDouble()
                : pathPercentage(setting.field(), setting.path().get(), host);
        if (value < 0 || value > 100) {
            throw host.runtimeFailure("ToleratedFailurePercentage must be between 0 and 100.");
        }
        return value;
    }

    private static double pathPercentage(String field, String path, MapRunHost host) {
        JsonNode node = host.readPath(path);
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.asText().trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw host.runtimeFailure("The " + field + "Path field refers to value \"" + render(node)
                + "\" which is not a valid float: " + path);
    }

    private static String render(JsonNode value) {
        return value.isTextual() ? value.asText() : Json.write(value);
    }
}
