package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.asl.ChildExecutions;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.states.asl.DistributedMapRun;
import dev.dmapworkbook.localcloud.states.asl.DistributedMapSupport;
import dev.dmapworkbook.localcloud.states.asl.History;
import dev.dmapworkbook.localcloud.states.asl.JPath;
import dev.dmapworkbook.localcloud.states.asl.MapRunRegistry;
import dev.dmapworkbook.localcloud.states.asl.State;
import dev.dmapworkbook.localcloud.states.asl.ErrorName;
import dev.dmapworkbook.localcloud.states.asl.StatesFailure;
import dev.dmapworkbook.localcloud.states.asl.Template;
import dev.dmapworkbook.localcloud.states.dmap.MapRunCounters.Outcome;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Distributed Map for the ASL engine: parses the distributed-only fields, runs each visit of a DISTRIBUTED Map
 * state as a {@link MapRun} whose children are real executions, and serves the Map Run API (spec 9, 2.13–2.15).
 */
public final class DistributedMapRunner implements DistributedMapSupport {
    private final S3Objects s3;
    private final Path spoolDirectory;
    private final MapRunApi api = new MapRunApi();

    public DistributedMapRunner(S3Objects s3, Path spoolDirectory) {
        this.s3 = s3;
        this.spoolDirectory = spoolDirectory;
    }

    /** What {@link #parse} returns: the spec plus its templates and paths compiled once. */
    record Parsed(DistributedMap spec, Map<String, Template> templates) {
    }

    @Override
    public Object parse(JsonNode mapState, String pointer) {
        String name = pointer.substring(pointer.lastIndexOf('/') + 1);
        DistributedMap spec = new DistributedMapParser().parse(name, mapState, pointer);
        Map<String, Template> templates = new HashMap<>();
        spec.itemReader().ifPresent(r -> compile(templates, r.parameters(), pointer + "/ItemReader/Parameters"));
        spec.itemBatcher().flatMap(DistributedMap.ItemBatcherSpec::batchInput)
                .ifPresent(t -> compile(templates, t, pointer + "/ItemBatcher/BatchInput"));
        spec.resultWriter().flatMap(DistributedMap.ResultWriterSpec::parameters)
                .ifPresent(t -> compile(templates, t, pointer + "/ResultWriter/Parameters"));
        for (String path : new String[]{"ToleratedFailureCountPath", "ToleratedFailurePercentagePath"}) {
            checkPath(mapState.get(path), pointer + "/" + path);
        }
        checkPath(mapState.path("ItemReader").path("ReaderConfig").get("MaxItemsPath"),
                pointer + "/ItemReader/ReaderConfig/MaxItemsPath");
        checkPath(mapState.path("ItemBatcher").get("MaxItemsPerBatchPath"), pointer + "/ItemBatcher/MaxItemsPerBatchPath");
        checkPath(mapState.path("ItemBatcher").get("MaxInputBytesPerBatchPath"),
                pointer + "/ItemBatcher/MaxInputBytesPerBatchPath");
        return new Parsed(spec, Map.copyOf(templates));
    }

    private static void compile(Map<String, Template> templates, JsonNode template, String pointer) {
        templates.put(pointer, Template.compile(template, pointer));
    }

    private static void checkPath(JsonNode path, String pointer) {
        if (path == null) {
            return;
        }
        try {
            JPath.parse(path.asText());
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(pointer,
                    "The value for the field '" + pointer.substring(pointer.lastIndexOf('/') + 1)
                            + "' must be a valid JSONPath: " + e.getMessage());
        }
    }

    @Override
    public CompletableFuture<JsonNode> run(DistributedMapRun run) {
        api.attach(run.mapRuns());
        Parsed parsed = (Parsed) run.state().distributed();
        String label = parsed.spec().label().orElseGet(() -> generatedLabel(run));
        try {
            return MapRun.run(parsed.spec(), new EngineHost(run, parsed), label,
                    mapRun -> run.mapRuns().put(new MapRunEntry(mapRun)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Gives the Map Run API the store's registry (for runs restored after a restart). */
    @Override
    public void attach(MapRunRegistry registry) {
        api.attach(registry);
    }

    @Override
    public JsonNode api(String operation, JsonNode input, String region) {
        return api.call(operation, input);
    }

    /** One label per Map state definition, stable across runs of the same definition [GUESS, spec 1.1]. */
    private static String generatedLabel(DistributedMapRun run) {
        String seed = run.execution().stateMachineArn() + "\n" + run.state().common().pointer() + "\n"
                + Json.write(run.state().json());
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A live Map Run in the execution store's registry. */
    static final class MapRunEntry implements MapRunRegistry.Entry {
        final MapRun run;

        MapRunEntry(MapRun run) {
            this.run = run;
        }

        @Override
        public String mapRunArn() {
            return run.mapRunArn();
        }

        @Override
        public String executionArn() {
            return run.executionArn();
        }

        @Override
        public ObjectNode toJson() {
            return run.toJson();
        }
    }

    /** The engine's side of a Map Run. */
    private final class EngineHost implements MapRunHost {
        private final DistributedMapRun run;
        private final Parsed parsed;
        private final String processorJson;
        private MapRunEntry entry;

        EngineHost(DistributedMapRun run, Parsed parsed) {
            this.run = run;
            this.parsed = parsed;
            JsonNode json = run.state().json();
            this.processorJson = Json.write(json.has("ItemProcessor") ? json.get("ItemProcessor") : json.get("Iterator"));
        }

        @Override
        public JsonNode evaluate(JsonNode template, String pointer) {
            Template compiled = parsed.templates().get(pointer);
            return run.evaluate(compiled != null ? compiled : Template.compile(template, pointer), run.input());
        }

        @Override
        public JsonNode readPath(String path) {
            return run.readPath(JPath.parse(path), run.input());
        }

        @Override
        public JsonNode selectItem(long index, JsonNode item) {
            return run.selectItem((int) index, item);
        }

        @Override
        public JsonNode itemsFromInput() {
            JPath itemsPath = run.state().itemsPath();
            return run.readPath(itemsPath != null ? itemsPath : JPath.parse("$"), run.input());
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
            return run.runtimeFailure(detail);
        }

        @Override
        public void event(String type, String detailsKey, ObjectNode details, boolean aside) {
            if (aside) {
                run.history().emitAside(type, detailsKey, details);
            } else {
                run.history().emit(type, detailsKey, details);
            }
        }

        @Override
        public Child startChild(String mapRunArn, String label, JsonNode input, String inputText, int itemCount) {
            State.Map state = run.state();
            boolean express = parsed.spec().executionType() == DistributedMap.ExecutionType.EXPRESS;
            ChildExecutions.Child child = run.children().start(run.execution(), new ChildExecutions.Request(
                    mapRunArn, label, express, state.processor(), processorJson, input, inputText, itemCount));
            return new Child() {
                @Override
                public String executionArn() {
                    return child.executionArn();
                }

                @Override
                public CompletableFuture<ChildResult> completion() {
                    return child.completion().thenApply(EngineHost::result);
                }

                @Override
                public void abort(String error, String cause) {
                    child.abort(error, cause);
                }
            };
        }

        private static ChildResult result(ChildExecutions.Result r) {
            return new ChildResult(r.executionArn(), r.name(), r.stateMachineArn(), Outcome.valueOf(r.status()),
                    r.startDate(), r.stopDate(), null,
                    r.output(), r.error(), r.cause());
        }

        @Override
        public void onStop(Runnable onStop) {
            run.stopSignal().onStop(onStop);
        }

        @Override
        public Runnable beforeParentAborted(String type, java.util.function.BooleanSupplier stillRunning) {
            // appended without the cursor: its lock is taken before the history's, and this runs under the latter
            long previous = run.history().last();
            History history = run.history().history();
            return history.beforeAborted(() -> {
                if (stillRunning.getAsBoolean()) {
                    history.append(type, previous, null, null);
                }
            });
        }

        @Override
        public Executor executor() {
            return run.executor();
        }

        @Override
        public S3Objects s3() {
            return s3;
        }

        @Override
        public Path spoolDirectory() {
            return spoolDirectory;
        }

        @Override
        public Instant now() {
            return run.clock().instant();
        }

        @Override
        public String uuid() {
            return run.uuids().get();
        }

        @Override
        public String parentExecutionArn() {
            return run.execution().executionArn();
        }

        @Override
        public String stateMachineName() {
            return run.execution().stateMachineName();
        }

        @Override
        public String region() {
            return run.execution().region();
        }

        @Override
        public String account() {
            return run.execution().account();
        }

        @Override
        public synchronized void save(MapRun mapRun) {
            run.mapRuns().find(mapRun.mapRunArn()).ifPresentOrElse(run.mapRuns()::save,
                    () -> run.mapRuns().put(new MapRunEntry(mapRun)));
        }
    }
}
