package dev.dmapworkbook.localcloud.states.query;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a JSONata expression sees: the reserved {@code $states} (its {@code input}, {@code context}, and where the
 * field allows them {@code result} and {@code errorOutput}) and the workflow variables in scope (AWS "Reserved
 * variable: $states", "Passing data between states with variables").
 *
 * @param result      null outside the fields evaluated after the state's work (Output, Assign)
 * @param errorOutput null outside a Catch's Output and Assign
 * @param variables   the value of a variable in scope, or null when none has that name
 * @param uuids       what {@code $uuid()} returns
 */
public record Bindings(JsonNode input, Supplier<JsonNode> context, JsonNode result, JsonNode errorOutput,
                       Function<String, JsonNode> variables, Supplier<String> uuids) {

    /** The same bindings with {@code $states.result} set (Output and Assign after the task). */
    public Bindings withResult(JsonNode value) {
        return new Bindings(input, context, value, errorOutput, variables, uuids);
    }

    /** The same bindings with {@code $states.errorOutput} set (a Catch's Output and Assign). */
    public Bindings withErrorOutput(JsonNode value) {
        return new Bindings(input, context, result, value, variables, uuids);
    }

    /** The same bindings with another {@code $states.input} (ItemSelector in a Map iteration keeps the state's). */
    public Bindings withInput(JsonNode value) {
        return new Bindings(value, context, result, errorOutput, variables, uuids);
    }
}
