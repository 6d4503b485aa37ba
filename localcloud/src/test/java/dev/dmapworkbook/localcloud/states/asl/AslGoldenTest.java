package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden files: {@code src/test/resources/asl/<feature>/<case>/} holds {@code definition.json}, {@code input.json}
 * (optional, default {@code {}}), {@code expected-output.json} or {@code expected-error.json} ({@code {"error","cause"}}
 * for a failed execution, or {@code {"definitionError": "…"}} for a definition refused at create time), and
 * optionally {@code expected-history.json} (events without timestamps) and {@code lambda.json} (scripted responses of
 * the in-test Lambda: {@code {"<function>": [{"payload": …} | {"error": {…}} | {"service": "Code", "message": "…"}
 * | {"sleepMillis": n, "payload": …}], each with an optional {@code "log"} tail}}, consumed in order, the last one repeating). Clock fixed at
 * 2024-01-01T00:00:00Z, ids counted, waits scaled by 0.001. Run with {@code -Dasl.golden.update=true} to rewrite
 * expectations from the actual results (review the diff!).
 */
class AslGoldenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path ROOT = Path.of("src/test/resources/asl");
    private static final boolean UPDATE = Boolean.getBoolean("asl.golden.update");

    @RegisterExtension
    static final TestInterpreter INTERPRETER = new TestInterpreter();

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(ROOT)) {
            walk.filter(p -> p.getFileName().toString().equals("definition.json")).map(Path::getParent).sorted().forEach(cases::add);
        }
        return cases.stream().map(dir -> DynamicTest.dynamicTest(ROOT.relativize(dir).toString(), () -> run(dir, false)));
    }

    /** EXPRESS executions keep no history, yet refuse inputs, outputs and task results over 256 KiB too (spec §10). */
    @TestFactory
    Stream<DynamicTest> payloadLimitsHoldForExpressExecutions() {
        return Stream.of("execution/output-too-big", "task/result-too-big", "task/parameters-too-big",
                "parallel/parameters-too-big", "map/item-selector-too-big").map(name ->
                DynamicTest.dynamicTest(name + " (EXPRESS)", () -> run(ROOT.resolve(name), true)));
    }

    static final class ScriptedLambda implements Integrations {
        private final JsonNode script;
        private final Map<String, Integer> calls = new HashMap<>();
        private final AtomicLong ids = new AtomicLong();

        ScriptedLambda(JsonNode script) {
            this.script = script;
        }

        @Override
        public LambdaResponse invokeLambda(String function, byte[] payload, String region) {
            String name = function.contains(":function:") ? function.substring(function.indexOf(":function:") + 10) : function;
            JsonNode responses = script.get(name);
            String requestId = String.format("00000000-0000-0000-0000-%012d", ids.incrementAndGet());
            if (responses == null) {
                throw new StatesFailure("Lambda.ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:"
                        + name + ":$LATEST (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: " + requestId + "; Proxy: null)");
            }
            int n;
            synchronized (calls) {
                n = calls.merge(name, 1, Integer::sum) - 1;
            }
            JsonNode r = responses.get(Math.min(n, responses.size() - 1));
            if (r.has("sleepMillis")) {
                try {
                    Thread.sleep(r.get("sleepMillis").asLong());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (r.has("service")) {
                throw new StatesFailure("Lambda." + r.get("service").asText(), r.path("message").asText());
            }
            if (r.has("error")) {
                return new LambdaResponse(200, "Unhandled", r.get("error").toString().getBytes(StandardCharsets.UTF_8), "$LATEST", requestId);
            }
            JsonNode p = r.has("payload") ? r.get("payload") : payloadEcho(payload);
            return new LambdaResponse(200, null, p.toString().getBytes(StandardCharsets.UTF_8), "$LATEST", requestId,
                    r.path("log").asText(null));
        }

        private static JsonNode payloadEcho(byte[] payload) {
            try {
                return MAPPER.readTree(payload);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public JsonNode callService(String service, String action, JsonNode parameters, String region) {
            JsonNode r = script.path(service + ":" + action);
            if (r.has("service")) {
                throw new StatesFailure(r.get("service").asText(), r.path("message").asText());
            }
            return r.has("payload") ? r.get("payload") : parameters;
        }
    }

    /** Runs one case; an EXPRESS run records no history, so only its outcome is compared. */
    private static void run(Path dir, boolean express) throws Exception {
        String definition = Files.readString(dir.resolve("definition.json"));
        JsonNode input = Files.exists(dir.resolve("input.json")) ? MAPPER.readTree(dir.resolve("input.json").toFile()) : MAPPER.createObjectNode();
        JsonNode script = Files.exists(dir.resolve("lambda.json")) ? MAPPER.readTree(dir.resolve("lambda.json").toFile()) : MAPPER.createObjectNode();
        Path outputFile = dir.resolve("expected-output.json");
        Path errorFile = dir.resolve("expected-error.json");
        Path historyFile = dir.resolve("expected-history.json");
        StateMachine machine;
        try {
            machine = new AslParser(false).parse(definition, false);
        } catch (DefinitionException e) {
            ObjectNode actual = MAPPER.createObjectNode().put("definitionError", e.awsMessage());
            check(errorFile, actual);
            return;
        }
        History history = new History(TestInterpreter.CLOCK, !express);
        StopSignal stop = new StopSignal();
        Interpreter.Outcome outcome = INTERPRETER.with(new ScriptedLambda(script))
                .start(machine, TestInterpreter.execution("golden", input, express), history, stop).get(120, TimeUnit.SECONDS);
        awaitNoStopHooks(stop);
        if (outcome.status().equals("SUCCEEDED")) {
            if (!Files.exists(outputFile) && Files.exists(errorFile) && !UPDATE) {
                fail("expected a failure " + Files.readString(errorFile) + " but the execution succeeded with " + outcome.output());
            }
            check(outputFile, outcome.output());
        } else {
            ObjectNode actual = MAPPER.createObjectNode().put("status", outcome.status());
            if (outcome.error() != null) {
                actual.put("error", outcome.error());
            }
            if (outcome.cause() != null) {
                actual.put("cause", outcome.cause());
            }
            if (!Files.exists(errorFile) && Files.exists(outputFile) && !UPDATE) {
                fail("expected output " + Files.readString(outputFile) + " but the execution ended " + actual);
            }
            check(errorFile, actual);
        }
        if (express) {
            return;
        }
        ArrayNode events = MAPPER.createArrayNode();
        for (History.Event e : history.events()) {
            ObjectNode json = e.toJson();
            json.remove("timestamp");
            events.add(json);
        }
        check(historyFile, events); // a case that runs has its history: a missing file fails, as for its output
    }

    /**
     * An ended execution leaves no hooks on its stop signal: the signal lives as long as the execution's record, and
     * a hook would keep the run (input, output, every state's data) in memory with it.
     */
    private static void awaitNoStopHooks(StopSignal stop) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // generous: a loaded machine
        while (stop.listenerCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the hooks are removed by the outcome's own completion stage, just after get() returns
        }
        assertEquals(0, stop.listenerCount(), "hooks left on the ended execution's stop signal");
    }

    private static void check(Path expectedFile, JsonNode actual) throws IOException {
        if (UPDATE) {
            Files.writeString(expectedFile, MAPPER.writeValueAsString(actual) + "\n");
            return;
        }
        if (!Files.exists(expectedFile)) {
            fail("missing " + expectedFile.getFileName() + "; actual: " + actual);
        }
        assertEquals(MAPPER.readTree(expectedFile.toFile()), MAPPER.readTree(MAPPER.writeValueAsString(actual)), expectedFile.toString());
    }
}
