package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMaps;

import java.util.concurrent.CompletableFuture;

/**
 * The Distributed Map (spec §9.2): each attempt is one Map Run of the registered {@link DistributedMaps}, with a
 * {@link MapRunVisit} as its host; the Map state's own part (MapStateEntered, InputPath, then the output
 * processing, MapStateSucceeded/Failed and MapStateExited) stays here.
 */
final class DistributedMapRunner implements StateRunner<State.Map> {
    static final DistributedMapRunner INSTANCE = new DistributedMapRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Map m, Visit v) {
        JsonNode eff = v.effectiveInput();
        return Retrying.run(v, eff, m.retry(), m.catchers(), sc -> attempt(m, eff, v, sc));
    }

    private static CompletableFuture<JsonNode> attempt(State.Map m, JsonNode eff, Visit v, Scope sc) {
        Interpreter.Collaborators c = v.run.collaborators();
        DistributedMaps maps = c.distributed();
        if (maps == null) {
            throw StatesFailure.runtime("Distributed Map is not available in this local cloud");
        }
        StopSignal runStop = new StopSignal();
        Runnable unregister = v.stop.onStop(runStop::stop);
        CompletableFuture<JsonNode> out = new CompletableFuture<>();
        History history = v.run.history();
        CompletableFuture<JsonNode> run;
        try {
            run = maps.run(m.distributed(), new MapRunVisit(v, m, eff, sc, runStop, maps), c.mapRuns(), v.run.info().stateMachineArn());
        } catch (RuntimeException e) { // before the Map Run exists: the state fails as an inline Map's does, no MapStateFailed
            unregister.run();
            throw e;
        }
        run.whenComplete((r, ex) -> {
            unregister.run();
            Throwable t = ExecutionRun.unwrap(ex);
            if (t == null) {
                history.append("MapStateSucceeded", history.lastId(), null, null);
                out.complete(r);
                return;
            }
            Throwable failure = Visit.prefixed(t, sc); // once: a JSONata failure writes its EvaluationFailed here
            if (t instanceof ExecutionRun.Stopped || v.stop.stopped() || v.run.endsExecution(failure)) {
                out.completeExceptionally(new ExecutionRun.Stopped());
            } else {
                v.failedEventDue("MapStateFailed");
                out.completeExceptionally(failure);
            }
        });
        return out;
    }
}
