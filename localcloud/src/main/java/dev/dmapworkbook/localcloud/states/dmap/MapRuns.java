package dev.dmapworkbook.localcloud.states.dmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The live Map Runs of this process, by ARN (spec 9.10). Persisted records are the execution store's. */
public final class MapRuns {
    private final Map<String, MapRun> runs = new ConcurrentHashMap<>();

    void add(MapRun run) {
        runs.put(run.mapRunArn(), run);
    }

    public Optional<MapRun> find(String mapRunArn) {
        return Optional.ofNullable(runs.get(mapRunArn));
    }

    public List<MapRun> forExecution(String executionArn) {
        List<MapRun> found = new ArrayList<>();
        for (MapRun run : runs.values()) {
            if (run.executionArn().equals(executionArn)) {
                found.add(run);
            }
        }
        return found;
    }
}
