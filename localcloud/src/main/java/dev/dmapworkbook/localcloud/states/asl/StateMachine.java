package dev.dmapworkbook.localcloud.states.asl;

import java.util.Map;

/**
 * A parsed state machine (the top level, a Parallel branch or a Map's ItemProcessor): immutable, shared by
 * every execution of that definition.
 *
 * @param startAt        the first state
 * @param states         the states by name, in definition order
 * @param timeoutSeconds the execution timeout ({@code TimeoutSeconds}), or null
 * @param pointer        where this machine sits in the definition ({@code /} at the top level)
 */
public record StateMachine(String startAt, Map<String, State> states, Integer timeoutSeconds, String pointer) {
    public State state(String name) {
        return states.get(name);
    }
}
