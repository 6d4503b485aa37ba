package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.query.Bindings;
import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;

import java.util.function.Function;


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

    /**
     * What a Choice state assigns once {@code branch} matched (null: the Default was taken): the state's own
     * {@code Assign} "applies regardless of which choice rule matches" and a matched rule's {@code Assign} is applied
     * with it (AWS "Choice workflow state", Choice Rules); where both assign a name, the rule's value is the one the
     * history shows (AWS recording: a rule's and the state's {@code Assignment} give only the rule's). Both see the
     * same values, from before the state.
     */
    static void choice(State.Choice state, ChoiceRule.Branch branch, Scope sc, Function<Assign, ObjectNode> evaluate) {
        Assign own = state.common().assign();
        Assign rule = branch == null ? null : branch.assign();
        if (own == null && rule == null) {
            return;
        }
        ObjectNode values = own == null ? Interpreter.NODES.objectNode() : evaluate.apply(own).deepCopy();
        if (rule != null) {
            values.setAll(evaluate.apply(rule));
        }
        sc.assigned().set(values);
    }
}
