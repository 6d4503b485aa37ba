package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The workflow variables a running state sees. The context-object supplier a state hands to its paths, templates
 * and intrinsics implements it, so {@code "x.$": "$name"} reads a variable wherever {@code "x.$": "$$.Execution.Id"}
 * reads the context object.
 */
public interface VariableLookup {
    /** The variable's value, or null when no scope in sight has it. */
    JsonNode variable(String name);
}
