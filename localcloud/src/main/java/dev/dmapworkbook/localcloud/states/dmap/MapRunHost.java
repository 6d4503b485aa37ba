package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.asl.ChildExecutions;
import dev.dmapworkbook.localcloud.states.query.JsonataExpression;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * The one seam between the interpreter and a Map Run: what a Map Run needs from the visit of the DISTRIBUTED Map
 * state that runs it (evaluation against the Map's effective input, the parent's history, a way to start children,
 * the parent's stop signal). Implemented by the interpreter's Distributed Map runner; kept narrow so the Map Run can
 * be tested without the engine.
 */
public interface MapRunHost {
    /** Evaluates a payload template ({@code .$} keys, {@code $$}, intrinsics) against the Map's effective input. */
    JsonNode evaluate(JsonNode template, String pointer);

    /**
     * Evaluates a JSONata field of the Map state ({@code MaxConcurrency}, {@code ItemBatcher/MaxItemsPerBatch}, …)
     * against the Map's input, with the variables in scope; a failure, or a result that is not of JSON type
     * {@code expectedType}, is States.QueryEvaluationError naming {@code field}.
     */
    JsonNode evaluate(JsonataExpression expression, String field, String expectedType);

    /** Reads a reference path against the Map's effective input; a missing path fails with States.Runtime. */
    JsonNode readPath(String path);

    /** The ItemSelector (or the item itself) for item {@code index}. */
    JsonNode selectItem(long index, JsonNode item);

    /** The Map's items without an ItemReader (ItemsPath applied to the effective input; an object as its pairs). */
    JsonNode itemsFromInput();

    /** A failure the engine's Retry/Catch see: {@code error} and {@code cause}. */
    RuntimeException failure(String error, String cause);

    /** The error name and cause of an exception thrown by the engine (a States failure, or States.Runtime). */
    Failure describe(RuntimeException e);

    record Failure(String error, String cause) {
    }

    /** States.Runtime with AWS's "An error occurred while executing the state …" prefix. */
    RuntimeException runtimeFailure(String detail);

    /** Appends a parent history event after the previous one of this state; {@code aside}: don't move the flow. */
    void event(String type, String detailsKey, ObjectNode details, boolean aside);

    /**
     * Starts a child execution; never throws for the child's own failures (they come as its result). {@code inputText}
     * and {@code inputBytes}: the input as compact JSON, as text and as its UTF-8 bytes (the spooled batch).
     */
    ChildExecutions.Child startChild(String mapRunArn, String label, JsonNode input, String inputText, byte[] inputBytes,
                                     int itemCount);

    /** Runs {@code onStop} when the parent execution is stopped (at once if it already is). */
    void onStop(Runnable onStop);

    /**
     * Writes {@code type} to the parent's history when StopExecution ends the parent, right before its
     * {@code ExecutionAborted} and pointing at this state's last event, provided {@code stillRunning} then says so
     * (spec 9.2: {@code MapRunAborted}). {@code stillRunning} is called under the parent history's lock.
     *
     * @return the action that cancels it
     */
    Runnable beforeParentAborted(String type, java.util.function.BooleanSupplier stillRunning);

    Executor executor();

    S3Objects s3();

    Path spoolDirectory();

    Instant now();

    String uuid();

    String parentExecutionArn();

    /** The parent state machine's name and the account/region for ARNs. */
    String stateMachineName();

    String region();

    String account();

    /** Called on every Map Run status change, so the record is persisted. */
    void save(MapRun run);
}
