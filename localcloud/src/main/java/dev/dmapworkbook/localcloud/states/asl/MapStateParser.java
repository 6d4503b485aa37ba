package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMapParser;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.dmapworkbook.localcloud.states.asl.AslFields.ROOT;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.path;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.positiveInt;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.resultPath;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.template;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.unknownFields;

/**
 * A Map state (ASL "Map State"): its ItemProcessor (or the older Iterator) and ProcessorConfig, ItemsPath,
 * ItemSelector, MaxConcurrency; a DISTRIBUTED one's own fields are {@link DistributedMapParser}'s.
 */
final class MapStateParser {
    /** Fields a DISTRIBUTED Map adds; {@link DistributedMapParser} validates them. */
    static final Set<String> DISTRIBUTED_ONLY = new TreeSet<>(List.of("ItemReader", "ItemBatcher", "ResultWriter",
            "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath", "Label"));
    private static final Set<String> PROCESSOR = Set.of("StartAt", "States", "Comment", "ProcessorConfig");

    private MapStateParser() {
    }

    static State map(State.Common common, JsonNode node, String pointer, ParseContext ctx) {
        if (node.has("ItemProcessor") == node.has("Iterator")) {
            throw new DefinitionException(pointer, node.has("Iterator")
                    ? "Only one of 'ItemProcessor' or 'Iterator' can be set" : "The field 'ItemProcessor' is required but was missing");
        }
        if (node.has("ItemSelector") && node.has("Parameters")) {
            ctx.problem(pointer, "Only one of 'ItemSelector' or 'Parameters' can be set");
        }
        if (node.has("MaxConcurrency") && node.has("MaxConcurrencyPath")) {
            ctx.problem(pointer, "Only one of 'MaxConcurrency' or 'MaxConcurrencyPath' can be set");
        }
        String procField = node.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        String procAt = Pointers.child(pointer, procField);
        JsonNode proc = node.get(procField);
        if (!proc.isObject()) {
            throw new DefinitionException(procAt, "The value for the field '" + procField + "' must be an OBJECT");
        }
        State.Mode mode = mode(node, proc, pointer, procAt, ctx);
        Integer maxConcurrency = null;
        if (node.has("MaxConcurrency")) {
            maxConcurrency = positiveInt(node.get("MaxConcurrency"), Pointers.child(pointer, "MaxConcurrency"), ctx, 0);
        }
        JPath maxConcurrencyPath = node.has("MaxConcurrencyPath")
                ? path(node.get("MaxConcurrencyPath"), Pointers.child(pointer, "MaxConcurrencyPath"), "MaxConcurrencyPath") : null;
        StateMachine processor = AslParser.machine(proc, procAt, PROCESSOR, ctx);
        DistributedMap distributedConfig = mode == State.Mode.DISTRIBUTED ? distributed(common, node, pointer, procAt, ctx) : null;
        JsonNode selector = node.has("ItemSelector") ? node.get("ItemSelector") : node.get("Parameters");
        String selectorField = node.has("ItemSelector") ? "ItemSelector" : "Parameters";
        return new State.Map(common, node.has("ItemsPath") ? path(node.get("ItemsPath"), Pointers.child(pointer, "ItemsPath"), "ItemsPath") : ROOT,
                selector == null ? null : Template.compile(selector, Pointers.child(pointer, selectorField)), processor, mode,
                maxConcurrency, maxConcurrencyPath, template(node, "ResultSelector", pointer), resultPath(node, pointer),
                RetryCatchParser.retriers(node, pointer, ctx), RetryCatchParser.catchers(node, pointer, ctx), distributedConfig);
    }

    /** ProcessorConfig's Mode (INLINE by default); the DISTRIBUTED-only fields are refused in an INLINE Map. */
    private static State.Mode mode(JsonNode node, JsonNode proc, String pointer, String procAt, ParseContext ctx) {
        State.Mode mode = State.Mode.INLINE;
        JsonNode config = proc.get("ProcessorConfig");
        if (config != null) {
            String cAt = Pointers.child(procAt, "ProcessorConfig");
            unknownFields(config, cAt, Set.of("Mode", "ExecutionType"), ctx);
            String m = config.path("Mode").asText("INLINE");
            if (!m.equals("INLINE") && !m.equals("DISTRIBUTED")) {
                ctx.problem(cAt + "/Mode", "The value for the field 'Mode' must be INLINE or DISTRIBUTED");
            }
            mode = m.equals("DISTRIBUTED") ? State.Mode.DISTRIBUTED : State.Mode.INLINE;
            if (mode == State.Mode.INLINE && config.has("ExecutionType")) {
                ctx.problem(cAt + "/ExecutionType", "The field 'ExecutionType' is only supported with Mode DISTRIBUTED");
            }
        }
        for (String f : DISTRIBUTED_ONLY) {
            if (mode == State.Mode.INLINE && node.has(f)) {
                ctx.problem(Pointers.child(pointer, f), "The field '" + f + "' is only supported when ProcessorConfig.Mode is DISTRIBUTED");
            }
        }
        return mode;
    }

    /** A DISTRIBUTED Map's typed part: refused in EXPRESS machines, its Label unique in the definition (spec §9.1). */
    private static DistributedMap distributed(State.Common common, JsonNode node, String pointer, String procAt, ParseContext ctx) {
        String modeAt = procAt + "/ProcessorConfig/Mode";
        if (ctx.express) {
            throw new DefinitionException(modeAt, "Distributed Map (ProcessorConfig.Mode DISTRIBUTED) is not supported in an EXPRESS state machine");
        }
        if (!ctx.distributedMaps) {
            throw new DefinitionException(modeAt, "Distributed Map (ProcessorConfig.Mode DISTRIBUTED) is not implemented by this local cloud yet");
        }
        JsonNode label = node.get("Label");
        if (label != null && label.isTextual()) {
            String first = ctx.labels.putIfAbsent(label.textValue(), pointer);
            if (first != null) {
                ctx.problem(Pointers.child(pointer, "Label"), "The Label '" + label.textValue()
                        + "' is already used by the Map state at " + first + " (Labels must be unique within a state machine definition)");
            }
        }
        JsonataFields expressions = common.jsonata(); // the JSONata fields the Map Run evaluates go back to its parser
        return new DistributedMapParser().parse(pointer.substring(pointer.lastIndexOf('/') + 1), node, pointer,
                f -> expressions == null || !expressions.has(f) ? null : expressions.get(f).source());
    }
}
