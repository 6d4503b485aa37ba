package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMaps;
import dev.dmapworkbook.localcloud.states.dmap.MapRun;
import dev.dmapworkbook.localcloud.states.dmap.MapRunHost;
import dev.dmapworkbook.localcloud.states.query.JsonataExpression;
import dev.dmapworkbook.localcloud.states.query.QueryEvaluationFailure;
import dev.dmapworkbook.localcloud.core.Json;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The interpreter's side of one Map Run: one attempt of a DISTRIBUTED Map state's visit, as the Map Run sees it.
 * Expressions are evaluated against the Map's effective input in the attempt's {@link Scope}; events go to the
 * parent's history after {@code MapStateEntered}, and the cursor is left on the event {@code MapStateSucceeded}/
 * {@code MapStateFailed} should point at (spec §3.3: {@code MapRunStarted} on success, {@code MapRunFailed} on failure).
 */
final class MapRunVisit implements MapRunHost {
    private final Visit v;
    private final State.Map state;
    private final JsonNode input;
    private final Scope sc;
    private final StopSignal runStop;
    private final DistributedMaps maps;

    MapRunVisit(Visit v, State.Map state, JsonNode input, Scope sc, StopSignal runStop, DistributedMaps maps) {
        this.v = v;
        this.state = state;
        this.input = input;
        this.sc = sc;
        this.runStop = runStop;
        this.maps = maps;
    }

    @Override
    public JsonNode evaluate(JsonNode template, String pointer) {
        Template compiled = state.distributed().templates().get(pointer);
        return (compiled != null ? compiled : Template.compile(template, pointer)).eval(input, sc.context(), sc.uuids());
    }

    @Override
    public JsonNode evaluate(JsonataExpression expression, String field, String expectedType) {
        return expression.evaluate(sc.bindings(input), field, expectedType);
    }

    @Override
    public JsonNode readPath(String path) {
        try {
            return JsonPathLanguage.read(JPath.parse(path), input, sc);
        } catch (StatesFailure e) {
            throw (StatesFailure) Visit.prefixed(e, sc);
        }
    }

    @Override
    public JsonNode selectItem(long index, JsonNode item) {
        return v.query.itemInput(state, input, (int) index, item, sc);
    }

    @Override
    public JsonNode itemsFromInput() {
        try {
            JsonNode items = v.query.items(state, input, sc); // JSONPath: ItemsPath; JSONata: Items
            if (!items.isArray() && v.query instanceof JsonataLanguage) { // an Items expression checks its own type
                // an object too: AWS documents objects for ItemsPath ("ItemsPath (Map, JSONPath only)") but Items as
                // an array, and its recording of a JSONata Map given an object is this error (spec §7.7 [AWS-rec])
                throw QueryEvaluationFailure.inputNotAnArray(Json.write(items));
            }
            return ObjectMemberItem.items(items); // JSONPath: an object's key-value pairs (spec §9.4 [AWS-doc])
        } catch (StatesFailure e) {
            throw (StatesFailure) Visit.prefixed(e, sc);
        }
    }

    @Override
    public RuntimeException failure(String error, String cause) {
        return new StatesFailure(error, cause);
    }

    @Override
    public Failure describe(RuntimeException e) {
        if (e instanceof StatesFailure failure) {
            return new Failure(failure.error(), failure.cause());
        }
        return new Failure(ErrorName.RUNTIME.text(), String.valueOf(e.getMessage()));
    }

    @Override
    public RuntimeException runtimeFailure(String detail) {
        return (StatesFailure) Visit.prefixed(StatesFailure.runtime(detail), sc);
    }

    @Override
    public void event(String type, String detailsKey, ObjectNode details, boolean aside) {
        if (aside) {
            v.cursor.emitAside(type, detailsKey, details);
        } else {
            v.cursor.emit(type, detailsKey, details);
        }
    }

    @Override
    public ChildExecutions.Child startChild(String mapRunArn, String label, JsonNode childInput, String inputText,
                                            byte[] inputBytes, int itemCount) {
        DistributedMap spec = state.distributed();
        boolean express = spec.executionType() == DistributedMap.ExecutionType.EXPRESS;
        return v.run.collaborators().children().start(v.run.info(), new ChildExecutions.Request(
                mapRunArn, label, express, state.processor(), spec.processorDefinition(), childInput, inputText, inputBytes, itemCount));
    }

    @Override
    public void onStop(Runnable onStop) {
        runStop.onStop(onStop);
    }

    @Override
    public Runnable beforeParentAborted(String type, BooleanSupplier stillRunning) {
        // appended without the cursor: its lock is taken before the history's, and this runs under the latter
        long previous = v.cursor.last();
        History history = v.cursor.history();
        return history.beforeAborted(() -> {
            if (stillRunning.getAsBoolean()) {
                history.append(type, previous, null, null);
            }
        });
    }

    @Override
    public Executor executor() {
        return v.settings().executor();
    }

    @Override
    public S3Objects s3() {
        return maps.s3();
    }

    @Override
    public Path spoolDirectory() {
        return maps.spoolDirectory();
    }

    @Override
    public Instant now() {
        return v.settings().clock().instant();
    }

    @Override
    public String uuid() {
        return sc.uuids().get();
    }

    @Override
    public String parentExecutionArn() {
        return v.run.info().executionArn();
    }

    @Override
    public String stateMachineName() {
        return v.run.info().stateMachineName();
    }

    @Override
    public String region() {
        return v.run.info().region();
    }

    @Override
    public String account() {
        return v.run.info().account();
    }

    @Override
    public synchronized void save(MapRun mapRun) {
        DistributedMaps.save(v.run.collaborators().mapRuns(), mapRun);
    }
}
