package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What the engine gives a {@link DistributedMapSupport} for one visit of a DISTRIBUTED Map state: the parsed
 * state, its effective input, the parent's history and context, and the means to start children.
 */
public interface DistributedMapRun {
    State.Map state();

    /** The Map's effective input (after InputPath): {@code $} for ItemsPath, ItemSelector, ItemReader and BatchInput. */
    JsonNode input();

    /** The parent execution. */
    ExecutionInfo execution();

    /** The context object for this state ({@code $$.Execution}, {@code $$.StateMachine}, {@code $$.State}). */
    JsonNode contextObject();

    /**
     * One child's input: ItemSelector (or legacy Parameters) evaluated with {@code $} = {@link #input()} and
     * {@code $$.Map.Item.Index/Value}; the item itself when there is no selector (spec §9.2 step 7).
     */
    JsonNode selectItem(int index, JsonNode item);

    /** Evaluates a payload template (BatchInput, ItemReader/ResultWriter Parameters) against {@code input} with {@code $$}. */
    JsonNode evaluate(Template template, JsonNode input);

    /** Reads a reference path ({@code MaxItemsPath}, …) against {@code input}; missing ⇒ a States.Runtime StatesFailure. */
    JsonNode readPath(JPath path, JsonNode input);

    /**
     * The parent's history, positioned after {@code MapStateEntered}. Write {@code MapStateStarted},
     * {@code MapRunStarted}, {@code MapRunSucceeded/Failed/Aborted} with it; leave the cursor on the event the
     * engine's {@code MapStateSucceeded}/{@code MapStateFailed}/{@code MapStateExited} should point at
     * (spec §3.3: {@code MapRunStarted} on success, {@code MapRunFailed} on failure).
     */
    History.Cursor history();

    /** The id of this state's {@code MapStateEntered}, for States.Runtime causes ({@link #runtimeFailure}). */
    long enteredEventId();

    /** A States.Runtime failure with AWS's prefix: {@code An error occurred while executing the state 'X' (entered at the event id #n). <detail>}. */
    StatesFailure runtimeFailure(String detail);

    ChildExecutions children();

    MapRunRegistry mapRuns();

    /** Stops when the parent execution is stopped, times out or its enclosing Map/Parallel fails. */
    StopSignal stopSignal();

    Clock clock();

    /** Ids (UUIDs); deterministic in golden tests. */
    Supplier<String> uuids();

    /** The engine's bounded pool; never block it for long. */
    Executor executor();

    ScheduledExecutorService scheduler();

    /** The account and region of the parent, for ARNs. */
    default String region() {
        return execution().region();
    }
}
