package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.asl.MapRunRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Distributed Map for the ASL engine (spec 9, 2.13–2.15): runs each visit of a DISTRIBUTED Map state as a
 * {@link MapRun} whose children are real executions, reading and writing S3 through {@code s3}, and serves the
 * Map Run API. Registered with the Step Functions service; without it DISTRIBUTED maps are refused at create time.
 */
public final class DistributedMaps {
    private final S3Objects s3;
    private final Path spoolDirectory;
    private final MapRunApi api = new MapRunApi();

    public DistributedMaps(S3Objects s3, Path spoolDirectory) {
        this.s3 = s3;
        this.spoolDirectory = spoolDirectory;
    }

    public S3Objects s3() {
        return s3;
    }

    /** Where Map Runs spool child inputs and results. */
    public Path spoolDirectory() {
        return spoolDirectory;
    }

    /**
     * Runs one Map Run for a visit of a DISTRIBUTED Map state (spec 9.2 steps 2–12, except the Map state's own part:
     * MapStateEntered and InputPath before, then the output processing, MapStateSucceeded/Failed and MapStateExited
     * after). Completes with the Map's result (before ResultSelector) or exceptionally with the host's failure; a
     * field that fails before the Map Run exists (MaxConcurrency, Items, the tolerances…) throws at once.
     *
     * @param stateMachineArn the parent's state machine, the seed of a generated label with the Map's definition
     */
    public CompletableFuture<JsonNode> run(DistributedMap spec, MapRunHost host, MapRunRegistry registry,
                                           String stateMachineArn) {
        api.attach(registry);
        String label = spec.label().orElseGet(() -> generatedLabel(stateMachineArn, spec));
        return MapRun.run(spec, host, label, mapRun -> registry.put(new MapRunEntry(mapRun)));
    }

    /** Persists a Map Run's record on a status change ({@link MapRunHost#save}). */
    public static void save(MapRunRegistry registry, MapRun mapRun) {
        registry.find(mapRun.mapRunArn()).ifPresentOrElse(registry::save, () -> registry.put(new MapRunEntry(mapRun)));
    }

    /** Gives the Map Run API the store's registry (for runs restored after a restart). */
    public void attach(MapRunRegistry registry) {
        api.attach(registry);
    }

    /**
     * Serves the Map Run API operations ({@code ListMapRuns}, {@code DescribeMapRun}, {@code UpdateMapRun});
     * null for any other operation; AWS errors as the service's exception ({@code ServiceException}).
     */
    public JsonNode api(String operation, JsonNode input, String region) {
        return api.call(operation, input);
    }

    /** One label per Map state definition, stable across runs of the same definition [GUESS, spec 1.1]. */
    private static String generatedLabel(String stateMachineArn, DistributedMap spec) {
        String seed = stateMachineArn + "\n" + spec.pointer() + "\n" + spec.definition();
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
}
