package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The Distributed Map (spec §9.2): each attempt is one Map Run, handed to the registered
 * {@link DistributedMapSupport} with this visit as its {@link DistributedMapRun}; the Map state's own part
 * (MapStateEntered, InputPath, then the output processing, MapStateSucceeded/Failed and MapStateExited) stays here.
 */
final class DistributedMapRunner implements StateRunner<State.Map> {
    static final DistributedMapRunner INSTANCE = new DistributedMapRunner();

    @Override
    public CompletableFuture<ExecutionRun.Transition> run(State.Map m, Visit v) {
        JsonNode eff = v.effectiveInput();
        return Retrying.run(v, eff, m.retry(), m.catchers(), sc -> attempt(m, eff, v, sc));
    }

    private static CompletableFuture<JsonNode> attempt(State.Map m, JsonNode eff, Visit v, Scope sc) {
        DistributedMapSupport support = v.run.collaborators().distributed();
        if (support == null) {
            throw StatesFailure.runtime("Distributed Map is not available in this local cloud");
        }
        StopSignal runStop = new StopSignal();
        Runnable unregister = v.stop.onStop(runStop::stop);
        CompletableFuture<JsonNode> out = new CompletableFuture<>();
        History history = v.run.history();
        support.run(new Run(m, eff, v, sc, runStop)).whenComplete((r, ex) -> {
            unregister.run();
            Throwable t = ExecutionRun.unwrap(ex);
            if (t == null) {
                history.append("MapStateSucceeded", history.lastId(), null, null);
                out.complete(r);
            } else if (t instanceof ExecutionRun.Stopped || v.stop.stopped() || v.run.endsExecution(Visit.prefixed(t, sc))) {
                out.completeExceptionally(new ExecutionRun.Stopped());
            } else {
                v.cursor.emit("MapStateFailed", null, null);
                out.completeExceptionally(t);
            }
        });
        return out;
    }

    /** One Map Run's view of the visit. */
    private record Run(State.Map state, JsonNode input, Visit v, Scope sc, StopSignal stopSignal) implements DistributedMapRun {
        public ExecutionInfo execution() {
            return v.run.info();
        }

        public JsonNode contextObject() {
            return sc.context().get();
        }

        public JsonNode selectItem(int index, JsonNode item) {
            return v.query.itemInput(state, input, index, item, sc);
        }

        public JsonNode evaluate(Template template, JsonNode input) {
            return template.eval(input, sc.context(), sc.uuids());
        }

        public JsonNode readPath(JPath path, JsonNode input) {
            try {
                return JsonPathLanguage.read(path, input, sc);
            } catch (StatesFailure e) {
                throw (StatesFailure) Visit.prefixed(e, sc);
            }
        }

        public History.Cursor history() {
            return v.cursor;
        }

        public long enteredEventId() {
            return sc.enteredEventId();
        }

        public StatesFailure runtimeFailure(String detail) {
            return (StatesFailure) Visit.prefixed(StatesFailure.runtime(detail), sc);
        }

        public ChildExecutions children() {
            return v.run.collaborators().children();
        }

        public MapRunRegistry mapRuns() {
            return v.run.collaborators().mapRuns();
        }

        public Clock clock() {
            return v.settings().clock();
        }

        public Supplier<String> uuids() {
            return sc.uuids();
        }

        public Executor executor() {
            return v.settings().executor();
        }

        public ScheduledExecutorService scheduler() {
            return v.settings().scheduler();
        }
    }
}
