package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files through the real API: {@code src/test/resources/dmap/golden/<case>/} holds {@code definition.json},
 * optional {@code input.json}, optional {@code s3/<bucket>/<key…>} objects uploaded first, and the expectations
 * {@code expected-output.json} or {@code expected-error.json} ({@code {"error","cause"}} or
 * {@code {"definitionError": "…"}}), optional {@code expected-history.json} (the parent's events without
 * timestamps; EvaluationFailed's location and cause, a state's assignedVariables) and {@code expected-files.json} (every object the run wrote, by key). Map Run ARNs and ids are
 * replaced by {@code <mapRunArn>} and {@code <mapRunId>}. {@code -Ddmap.golden.update=true} rewrites the
 * expectations from the actual results (review the diff!).
 */
class DistributedMapGoldenTest {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path ROOT = Path.of("src/test/resources/dmap/golden");
    private static final boolean UPDATE = Boolean.getBoolean("dmap.golden.update");

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(ROOT)) {
            walk.filter(p -> p.getFileName().toString().equals("definition.json")).map(Path::getParent).sorted()
                    .forEach(cases::add);
        }
        SdkCloud[] cloud = new SdkCloud[1];
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Path dir = cases.get(i);
            int index = i;
            tests.add(DynamicTest.dynamicTest(ROOT.relativize(dir).toString(), () -> {
                if (cloud[0] == null) {
                    cloud[0] = new SdkCloud(temp.resolve("cloud"), 0.001);
                }
                try {
                    run(cloud[0], dir, "golden" + index);
                } finally {
                    if (index == cases.size() - 1) {
                        cloud[0].close();
                    }
                }
            }));
        }
        return tests.stream();
    }

    private void run(SdkCloud c, Path dir, String name) throws Exception {
        Path s3 = dir.resolve("s3");
        List<String> buckets = new ArrayList<>();
        if (Files.isDirectory(s3)) {
            try (Stream<Path> files = Files.walk(s3)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    Path relative = s3.relativize(file);
                    String bucket = relative.getName(0).toString();
                    if (!buckets.contains(bucket)) {
                        buckets.add(bucket);
                        if (!c.s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket))) {
                            c.bucket(bucket);
                        }
                    }
                    String key = relative.subpath(1, relative.getNameCount()).toString().replace('\\', '/');
                    c.s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
                }
            }
        }
        for (String bucket : List.of("golden-results")) {
            if (c.s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                c.bucket(bucket);
            }
        }
        String definition = Files.readString(dir.resolve("definition.json"));
        String input = Files.exists(dir.resolve("input.json")) ? Files.readString(dir.resolve("input.json")) : "{}";
        String sm;
        try {
            sm = c.createStateMachine(name, definition);
        } catch (InvalidDefinitionException e) {
            ObjectNode actual = Json.object("definitionError", e.awsErrorDetails().errorMessage());
            check(dir.resolve("expected-error.json"), actual);
            return;
        }
        String execution = c.start(sm, input);
        DescribeExecutionResponse done = c.await(execution);
        List<HistoryEvent> events = c.history(execution);
        String mapRunArn = events.stream().filter(e -> e.mapRunStartedEventDetails() != null)
                .map(e -> e.mapRunStartedEventDetails().mapRunArn()).findFirst().orElse("<none>");
        String mapRunId = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
        if (done.status() == ExecutionStatus.SUCCEEDED) {
            check(dir.resolve("expected-output.json"), normalise(Json.parse(done.output()), mapRunArn, mapRunId));
        } else {
            ObjectNode error = Json.object("status", done.statusAsString(), "error", done.error(), "cause", done.cause());
            check(dir.resolve("expected-error.json"), normalise(error, mapRunArn, mapRunId));
        }
        if (Files.exists(dir.resolve("expected-history.json")) || UPDATE) {
            ArrayNode history = Json.MAPPER.createArrayNode();
            for (HistoryEvent event : events) {
                ObjectNode e = history.addObject();
                e.put("id", event.id());
                e.put("previousEventId", event.previousEventId());
                e.put("type", event.typeAsString());
                if (event.mapStateStartedEventDetails() != null) {
                    e.put("length", event.mapStateStartedEventDetails().length());
                }
                if (event.mapRunStartedEventDetails() != null) {
                    e.put("mapRunArn", event.mapRunStartedEventDetails().mapRunArn());
                }
                if (event.mapRunFailedEventDetails() != null) {
                    e.put("error", event.mapRunFailedEventDetails().error());
                    e.put("cause", event.mapRunFailedEventDetails().cause());
                }
                if (event.executionFailedEventDetails() != null) {
                    e.put("error", event.executionFailedEventDetails().error());
                    e.put("cause", event.executionFailedEventDetails().cause());
                }
                if (event.stateExitedEventDetails() != null) {
                    e.set("output", Json.parse(event.stateExitedEventDetails().output()));
                    if (event.stateExitedEventDetails().hasAssignedVariables()) {
                        e.set("assignedVariables", Json.MAPPER.valueToTree(new TreeMap<>(
                                event.stateExitedEventDetails().assignedVariables())));
                    }
                }
                if (event.evaluationFailedEventDetails() != null) {
                    e.put("location", event.evaluationFailedEventDetails().location());
                    e.put("cause", event.evaluationFailedEventDetails().cause());
                }
            }
            check(dir.resolve("expected-history.json"), normalise(history, mapRunArn, mapRunId));
        }
        if (Files.exists(dir.resolve("expected-files.json")) || (UPDATE && !mapRunId.equals("<none>"))) {
            Map<String, JsonNode> files = new TreeMap<>();
            for (var object : c.s3.listObjectsV2Paginator(r -> r.bucket("golden-results")).contents()) {
                if (object.key().contains(mapRunId)) {
                    String text = c.get("golden-results", object.key());
                    JsonNode content = text.strip().contains("\n")
                            ? Json.MAPPER.getNodeFactory().textNode(text) // JSON Lines, compared as text
                            : Json.parse(text);
                    files.put(object.key().replace(mapRunId, "<mapRunId>"), normalise(content, mapRunArn, mapRunId));
                }
            }
            if (!files.isEmpty() || Files.exists(dir.resolve("expected-files.json"))) {
                check(dir.resolve("expected-files.json"), Json.MAPPER.valueToTree(files));
            }
        }
    }

    private static JsonNode normalise(JsonNode node, String mapRunArn, String mapRunId) {
        String text = Json.write(node).replace(mapRunArn, "<mapRunArn>").replace(mapRunId, "<mapRunId>");
        return Json.parse(text);
    }

    private static void check(Path expectedFile, JsonNode actual) throws IOException {
        if (UPDATE) {
            Files.writeString(expectedFile, PRETTY.writeValueAsString(actual) + "\n");
            return;
        }
        JsonNode expected = Json.parse(Files.readString(expectedFile));
        assertEquals(PRETTY.writeValueAsString(expected), PRETTY.writeValueAsString(actual), expectedFile.toString());
    }
}
