package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The store as the journal describes it, rebuilt line by line at start (JSON documents, before they become records).
 * Lines are applied idempotently, because a snapshot may already hold what the segment after it repeats: an
 * execution is created once, an event only when its id is new, an end only while the execution is running.
 *
 * <p>Journal lines ({@code "t"} says which):
 * {@code machine} (a state machine's whole record), {@code machineDeleted}, {@code definition} (a definition text and
 * the key executions name it by), {@code execution} (its record without events; with {@code history} in a snapshot),
 * {@code event} (one history event), {@code end} (how an execution ended) and {@code mapRun} (a Map Run's record).
 */
final class StoreImage {
    private static final System.Logger LOG = System.getLogger(StoreImage.class.getName());
    private static final Set<String> FINAL_EVENTS = Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut");

    final Map<String, ObjectNode> machines = new LinkedHashMap<>();
    final Map<String, String> definitions = new LinkedHashMap<>();
    final Map<String, ObjectNode> executions = new LinkedHashMap<>();
    final Map<String, ObjectNode> mapRuns = new LinkedHashMap<>();

    void apply(JsonNode line) {
        switch (line.path("t").asText()) {
            case "machine" -> machines.put(line.get("machine").get("arn").asText(), (ObjectNode) line.get("machine"));
            case "machineDeleted" -> machines.remove(line.get("arn").asText());
            case "definition" -> definitions.put(line.get("key").asText(), line.get("text").asText());
            case "execution" -> executions.putIfAbsent(line.get("execution").get("arn").asText(), (ObjectNode) line.get("execution"));
            case "event" -> event(line.get("arn").asText(), (ObjectNode) line.get("event"));
            case "end" -> end((ObjectNode) line);
            case "mapRun" -> mapRuns.put(line.get("mapRunArn").asText(), (ObjectNode) line);
            default -> LOG.log(System.Logger.Level.WARNING, "ignoring an unknown Step Functions journal line: " + line);
        }
    }

    private void event(String arn, ObjectNode event) {
        ObjectNode execution = executions.get(arn);
        if (execution == null) {
            return;
        }
        ArrayNode history = execution.withArray("history");
        long last = history.isEmpty() ? 0 : history.get(history.size() - 1).path("id").asLong();
        if (event.path("id").asLong() > last) {
            history.add(event);
        }
    }

    private void end(ObjectNode end) {
        ObjectNode execution = executions.get(end.get("arn").asText());
        if (execution == null || !"RUNNING".equals(execution.path("status").asText())) {
            return;
        }
        for (String field : new String[] {"status", "stopDate", "output", "outputFile", "error", "cause"}) {
            execution.remove(field);
            if (end.has(field)) {
                execution.set(field, end.get(field));
            }
        }
    }

    /**
     * The execution's text as a record reads it: its definition put back in place of the key, and a run whose last
     * event ended it (the crash came between that event and the end line) ended as that event says.
     */
    ObjectNode resolved(ObjectNode execution) {
        if (execution.has("definitionKey")) {
            execution.put("definition", definitions.get(execution.get("definitionKey").asText()));
        }
        if ("RUNNING".equals(execution.path("status").asText())) {
            JsonNode history = execution.path("history");
            JsonNode last = history.isEmpty() ? null : history.get(history.size() - 1);
            if (last != null && FINAL_EVENTS.contains(last.path("type").asText())) {
                endFromEvent(execution, last);
            }
        }
        return execution;
    }

    private static void endFromEvent(ObjectNode execution, JsonNode event) {
        String type = event.get("type").asText();
        JsonNode details = event.path(Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails");
        execution.put("status", switch (type) {
            case "ExecutionSucceeded" -> "SUCCEEDED";
            case "ExecutionAborted" -> "ABORTED";
            case "ExecutionTimedOut" -> "TIMED_OUT";
            default -> "FAILED";
        });
        execution.put("stopDate", java.time.Instant.ofEpochMilli(event.get("timestamp").decimalValue().movePointRight(3).longValue()).toString());
        if (type.equals("ExecutionSucceeded")) {
            // a large output is in its payload file, which the event names (EventTexts) and the record shares
            String field = details.has("outputFile") ? "outputFile" : "output";
            execution.put(field, details.path(field).asText(null));
        } else {
            execution.put("error", details.path("error").asText(null));
            execution.put("cause", details.path("cause").asText(null));
        }
    }

    /**
     * Reads the per-record files of earlier versions ({@code state-machines/}, {@code executions/}, {@code map-runs/}
     * under {@code states/}); true when there were any (they go once a snapshot holds them).
     */
    boolean loadLegacy(Path statesDir) {
        boolean any = false;
        for (JsonNode n : legacy(statesDir.resolve("state-machines"))) {
            apply(Json.object("t", "machine", "machine", n));
            any = true;
        }
        for (JsonNode n : legacy(statesDir.resolve("executions"))) {
            executions.putIfAbsent(n.get("arn").asText(), (ObjectNode) n);
            any = true;
        }
        for (JsonNode n : legacy(statesDir.resolve("map-runs"))) {
            ObjectNode json = (ObjectNode) n;
            String arn = json.remove("_mapRunArn").asText();
            String execution = json.remove("_executionArn").asText();
            apply(Json.object("t", "mapRun", "mapRunArn", arn, "executionArn", execution, "run", json));
            any = true;
        }
        return any;
    }

    static void deleteLegacy(Path statesDir) {
        for (String folder : new String[] {"state-machines", "executions", "map-runs"}) {
            Path dir = statesDir.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete the old per-record folder " + dir, e);
            }
        }
    }

    private static java.util.List<JsonNode> legacy(Path folder) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                try {
                    out.add(Json.MAPPER.readTree(p.toFile()));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping unreadable " + p, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
