package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;

/**
 * The seam for Distributed Map (ASL {@code ProcessorConfig.Mode: DISTRIBUTED}), implemented in {@code states.dmap}
 * and registered with the engine. The engine parses the Map's common fields (ItemsPath, ItemSelector/Parameters,
 * ItemProcessor as a nested machine, MaxConcurrency(Path), ResultSelector, ResultPath, Retry, Catch, InputPath,
 * OutputPath); the distributed-only fields (ItemReader, ItemBatcher, ResultWriter, ToleratedFailure*, Label,
 * ProcessorConfig.ExecutionType) are parsed here. Without a registered support, DISTRIBUTED maps are refused at
 * create time. See {@code docs/asl-distributed-map-contract.md}.
 */
public interface DistributedMapSupport {
    /**
     * Validates the distributed-only fields of one Map state and returns their parsed form, which the engine keeps
     * in {@link State.Map#distributed()}.
     *
     * @param mapState the whole Map state object as written in the definition
     * @param pointer  its JSON pointer ({@code /States/MyMap}), for error locations
     * @throws DefinitionException naming the field and its pointer
     */
    Object parse(JsonNode mapState, String pointer);

    /**
     * Runs one Map Run for a visit of a DISTRIBUTED Map state (spec §9.2 steps 2–12, except the engine's own part:
     * MapStateEntered and InputPath before, then ResultSelector, ResultPath, OutputPath, MapStateSucceeded/Failed
     * and MapStateExited after). The runner writes {@code MapStateStarted}, {@code MapRunStarted} and
     * {@code MapRunSucceeded/Failed/Aborted} through {@link DistributedMapRun#history()}.
     *
     * @return completes with the Map's result (before ResultSelector) or exceptionally with a {@link StatesFailure}
     */
    CompletableFuture<JsonNode> run(DistributedMapRun run);

    /**
     * Serves the Map Run API operations ({@code ListMapRuns}, {@code DescribeMapRun}, {@code UpdateMapRun}) that
     * {@code StatesService} forwards. Return null for an operation you do not serve; throw the service's
     * exception type ({@code ServiceException}) for AWS errors.
     */
    default JsonNode api(String operation, JsonNode input, String region) {
        return null;
    }

    /** Gives the support the store's Map Run records when it is registered (for {@link #api} after a restart). */
    default void attach(MapRunRegistry registry) {
    }
}
