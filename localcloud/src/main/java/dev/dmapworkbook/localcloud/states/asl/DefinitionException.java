package dev.dmapworkbook.localcloud.states.asl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A definition that cannot be run, with every problem and where it is (a JSON pointer into the definition).
 * Rendered as AWS does: {@code Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: … at /States/X'}.
 */
public class DefinitionException extends RuntimeException {
    /** One diagnostic as ValidateStateMachineDefinition reports it. */
    public record Problem(String code, String message, String location) {
        public String render() {
            return code + ": " + message + (location == null ? "" : " at " + location);
        }
    }

    private final List<Problem> problems;

    public DefinitionException(List<Problem> problems) {
        super(problems.stream().map(Problem::render).collect(Collectors.joining(", ")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public DefinitionException(String location, String message) {
        this(List.of(new Problem("SCHEMA_VALIDATION_FAILED", message, location)));
    }

    /** Where the (first) problem is: a JSON pointer into the definition, or null. */
    public String pointer() {
        return problems.isEmpty() ? null : problems.get(0).location();
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The InvalidDefinition message AWS returns from CreateStateMachine. */
    public String awsMessage() {
        return "Invalid State Machine Definition: '" + getMessage() + "'";
    }
}
