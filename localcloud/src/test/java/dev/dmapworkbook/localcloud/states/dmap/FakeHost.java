package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.asl.ChildExecutions;
import dev.dmapworkbook.localcloud.states.dmap.MapRunCounters.Outcome;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The interpreter's side of a Map Run, for tests without the engine: simple {@code $.a.b} paths, children
 * that are functions of their input (run on a small pool, or held until released), recorded events.
 */
final class FakeHost implements MapRunHost {
    /** A child's fate: its status and output (or error/cause). */
    record Fate(Outcome status, JsonNode output, String error, String cause) {
        static Fate succeed(JsonNode output) {
            return new Fate(Outcome.SUCCEEDED, output, null, null);
        }

        static Fate fail(String error, String cause) {
            return new Fate(Outcome.FAILED, null, error, cause);
        }
    }

    static final class FakeFailure extends RuntimeException {
        final String error;
        final String cause;

        FakeFailure(String error, String cause) {
            super(error + ": " + cause, null, false, false);
            this.error = error;
            this.cause = cause;
        }
    }

    final JsonNode input;
    final FakeS3 s3;
    final Path spool;
    final ExecutorService executor = Executors.newFixedThreadPool(4);
    final List<String> events = new ArrayList<>();
    private final List<Runnable> beforeAborted = new ArrayList<>();
    private boolean closed;
    final List<JsonNode> eventDetails = new ArrayList<>();
    final ConcurrentLinkedQueue<HeldChild> held = new ConcurrentLinkedQueue<>();
    final List<JsonNode> childInputs = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger aborts = new AtomicInteger();
    final List<Runnable> stopListeners = new ArrayList<>();
    Function<JsonNode, Fate> children = Fate::succeed;
    boolean hold;
    JsonNode itemSelector;
    int saves;
    private final AtomicInteger ids = new AtomicInteger();

    FakeHost(JsonNode input, FakeS3 s3, Path spool) {
        this.input = input;
        this.s3 = s3;
        this.spool = spool;
    }

    final class HeldChild implements ChildExecutions.Child {
        final String arn;
        final JsonNode childInput;
        final CompletableFuture<ChildExecutions.Result> done = new CompletableFuture<>();
        final Instant started = Instant.parse("2026-11-23T10:00:00.123Z");

        HeldChild(String arn, JsonNode childInput) {
            this.arn = arn;
            this.childInput = childInput;
        }

        void finish(Fate fate) {
            if (done.isDone()) {
                return;
            }
            running.decrementAndGet();
            done.complete(new ChildExecutions.Result(arn, name(),
                    "arn:aws:states:us-east-1:000000000000:stateMachine:sm/label", fate.status().name(), started,
                    started.plusMillis(5), fate.output() == null ? null : Json.write(fate.output()),
                    fate.error(), fate.cause()));
        }

        void release() {
            executor.execute(() -> finish(children.apply(childInput)));
        }

        @Override
        public String executionArn() {
            return arn;
        }

        @Override
        public String name() {
            return arn.substring(arn.lastIndexOf(':') + 1);
        }

        @Override
        public CompletableFuture<ChildExecutions.Result> completion() {
            return done;
        }

        @Override
        public void abort(String error, String cause) {
            aborts.incrementAndGet();
            executor.execute(() -> finish(new Fate(Outcome.ABORTED, null, error, cause)));
        }
    }

    @Override
    public JsonNode evaluate(JsonNode template, String pointer) {
        return eval(template, input, null, -1);
    }

    static JsonNode eval(JsonNode template, JsonNode input, JsonNode item, long index) {
        if (!template.isObject()) {
            return template;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().endsWith(".$")) {
                String path = field.getValue().asText();
                JsonNode value;
                if (path.equals("$$.Map.Item.Value")) {
                    value = item;
                } else if (path.equals("$$.Map.Item.Index")) {
                    value = Json.MAPPER.valueToTree(index);
                } else {
                    value = read(input, path);
                }
                out.set(field.getKey().substring(0, field.getKey().length() - 2), value);
            } else {
                out.set(field.getKey(), eval(field.getValue(), input, item, index));
            }
        }
        return out;
    }

    static JsonNode read(JsonNode input, String path) {
        JsonNode node = input;
        if (!path.equals("$")) {
            for (String part : path.substring(2).split("\\.")) {
                node = node.get(part);
                if (node == null) {
                    throw new FakeFailure("States.Runtime", "Invalid path '" + path + "'");
                }
            }
        }
        return node;
    }

    @Override
    public JsonNode evaluate(dev.dmapworkbook.localcloud.states.query.JsonataExpression expression, String field,
                             String expectedType) {
        return expression.evaluate(new dev.dmapworkbook.localcloud.states.query.Bindings(input, () -> input, null, null,
                name -> null, () -> "uuid"), field, expectedType);
    }

    @Override
    public JsonNode readPath(String path) {
        return read(input, path);
    }

    @Override
    public JsonNode selectItem(long index, JsonNode item) {
        return itemSelector == null ? item : eval(itemSelector, input, item, index);
    }

    @Override
    public JsonNode itemsFromInput() {
        return input.has("items") ? input.get("items") : input;
    }

    @Override
    public RuntimeException failure(String error, String cause) {
        return new FakeFailure(error, cause);
    }

    @Override
    public Failure describe(RuntimeException e) {
        if (e instanceof FakeFailure f) {
            return new Failure(f.error, f.cause);
        }
        return new Failure("States.Runtime", e.getMessage());
    }

    @Override
    public RuntimeException runtimeFailure(String detail) {
        return new FakeFailure("States.Runtime", "An error occurred while executing the state 'M' (entered at the event id #2). "
                + detail);
    }

    @Override
    public synchronized void event(String type, String detailsKey, ObjectNode details, boolean aside) {
        if (closed) {
            return; // like the engine's history after ExecutionAborted
        }
        events.add(type);
        eventDetails.add(details);
    }

    @Override
    public ChildExecutions.Child startChild(String mapRunArn, String label, JsonNode childInput, String inputText, byte[] inputBytes,
                                            int itemCount) {
        childInputs.add(childInput);
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        HeldChild child = new HeldChild("arn:aws:states:us-east-1:000000000000:execution:sm/" + label + ":child-"
                + ids.incrementAndGet(), childInput);
        if (hold) {
            held.add(child);
        } else {
            child.release();
        }
        return child;
    }

    /** Releases every held child (and from now on runs new ones at once). */
    void releaseAll() {
        hold = false;
        HeldChild child;
        while ((child = held.poll()) != null) {
            child.release();
        }
    }

    /** StopExecution as the engine does it: the abort events, ExecutionAborted (the history closes), then the stop. */
    void stopParent() {
        List<Runnable> listeners;
        synchronized (this) {
            beforeAborted.forEach(Runnable::run);
            beforeAborted.clear();
            events.add("ExecutionAborted");
            eventDetails.add(null);
            closed = true;
            listeners = new ArrayList<>(stopListeners);
        }
        listeners.forEach(Runnable::run);
    }

    @Override
    public synchronized void onStop(Runnable onStop) {
        stopListeners.add(onStop);
    }

    @Override
    public synchronized Runnable beforeParentAborted(String type, java.util.function.BooleanSupplier stillRunning) {
        Runnable write = () -> {
            if (stillRunning.getAsBoolean()) {
                events.add(type);
                eventDetails.add(null);
            }
        };
        beforeAborted.add(write);
        return () -> {
            synchronized (this) {
                beforeAborted.remove(write);
            }
        };
    }

    @Override
    public ExecutorService executor() {
        return executor;
    }

    @Override
    public S3Objects s3() {
        return s3;
    }

    @Override
    public Path spoolDirectory() {
        return spool;
    }

    @Override
    public Instant now() {
        return Instant.parse("2026-11-23T10:00:00.000Z");
    }

    @Override
    public String uuid() {
        return "0f1e2d3c-0000-4000-8000-00000000000" + (ids.get() % 10);
    }

    @Override
    public String parentExecutionArn() {
        return "arn:aws:states:us-east-1:000000000000:execution:sm:parent";
    }

    @Override
    public String stateMachineName() {
        return "sm";
    }

    @Override
    public String region() {
        return "us-east-1";
    }

    @Override
    public String account() {
        return "000000000000";
    }

    @Override
    public synchronized void save(MapRun run) {
        saves++;
    }
}
