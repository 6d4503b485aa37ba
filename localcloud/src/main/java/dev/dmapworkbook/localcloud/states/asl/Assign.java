package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.query.Bindings;
import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;


/**
 * A state's, Choice rule's or Catcher's {@code Assign} (AWS "Passing data between states with variables"): in
 * JSONPath an object whose {@code .$} keys are paths over the state's result, the context object or variables
 * ({@code "x.$": "$name"}); in JSONata an object whose {@code {% %}} values see {@code $states}. Exactly one is set.
 */
record Assign(Template jsonPath, JsonataTemplate jsonata) {
    /**
     * The values to assign. JSONPath: {@code $} is {@code result} (a Catcher's: the error output); JSONata: the
     * bindings give {@code $states.input}, {@code .result}, {@code .errorOutput}. Variables read are the values
     * from before the state assigns anything.
     */
    ObjectNode evaluate(JsonNode result, Scope sc, Bindings bindings) {
        JsonNode out = jsonPath != null ? jsonPath.eval(result, sc.context(), sc.uuids()) : jsonata.evaluate(bindings);
        return (ObjectNode) out;
    }
}
