package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.ChildExecutions;
import dev.dmapworkbook.localcloud.states.asl.History;
import dev.dmapworkbook.localcloud.states.asl.StopSignal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One execution (top-level or a Distributed Map child) with its history (spec §2.9, §3). */
final class ExecutionRecord {
    final String arn;
    final String name;
    final String stateMachineArn;
    final String region;
    final boolean express;
    final String roleArn;
    /** The definition the execution runs (the ItemProcessor's for a Map child). */
    final String definition;
    /** Where large inputs and outputs are spilled (null: kept in memory). */
    private final PayloadFiles payloads;
    private final Payload input;
    final Instant startDate;
    final String mapRunArn;
    final String label;
    final int itemCount;
    final History history;
    /** The state machine ARN a top-level execution is listed under (null for children). */
    final String parentStateMachineArn;

    private String status = "RUNNING";
    private Instant stopDate;
    private Payload output = Payload.inMemory(null);
    /**
     * An EXPRESS Map Run child's output, kept only until its Map Run takes it ({@link #result()}): AWS keeps no
     * record of EXPRESS executions (spec §9.9: no DescribeExecution, no history), so the Map Run's ResultWriter
     * files are where their input and output live. Holding or persisting 1,293 batches here would only cost memory
     * and disk.
     */
    private String handedOver;
    private String error;
    private String cause;
    /**
     * The large texts this running execution has put in files, each with its text, so that an equal text (the batch
     * a child's ExecutionStarted and first state record, the output its last state and its end record) shares the
     * file; emptied when it ends. Guarded by itself: the history's lock is held when its events' texts are spilled.
     */
    private final List<Map.Entry<String, Payload>> spilled = new ArrayList<>();
    /** Told of the end, under this record's lock, before anyone can see it (the store journals it). */
    private java.util.function.Consumer<ObjectNode> onEnd = line -> { };

    final transient StopSignal stop = new StopSignal();
    /** Completes once the execution has ended and its record says how ({@link #result()}). */
    final transient CompletableFuture<Void> completion = new CompletableFuture<>();

    ExecutionRecord(String arn, String name, String stateMachineArn, String region, boolean express, String roleArn,
                    String definition, Payload input, Instant startDate, String mapRunArn, String label, int itemCount,
                    History history, String parentStateMachineArn, PayloadFiles payloads) {
        this.arn = arn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.region = region;
        this.express = express;
        this.roleArn = roleArn;
        this.definition = definition;
        this.input = input;
        this.payloads = payloads;
        this.startDate = startDate;
        this.mapRunArn = mapRunArn;
        this.label = label;
        this.itemCount = itemCount;
        this.history = history;
        this.parentStateMachineArn = parentStateMachineArn;
    }

    /** The record of a new execution whose input {@code inputText} is in {@code input}: its events share that file. */
    ExecutionRecord sharing(String inputText) {
        if (input.file() != null) {
            synchronized (spilled) {
                spilled.add(Map.entry(inputText, input));
            }
        }
        return this;
    }

    /**
     * {@code text} as a payload of this execution: the file of an equal text it spilled before, or a new one
     * ({@code newFile} is told of it, to be fsynced with the journal line naming it).
     */
    Payload spill(String text, java.util.function.Consumer<java.nio.file.Path> newFile) {
        if (text == null || payloads == null || text.length() <= Payload.IN_MEMORY_CHARS) {
            return Payload.of(text, payloads);
        }
        synchronized (spilled) {
            for (Map.Entry<String, Payload> e : spilled) {
                if (e.getKey() == text || e.getKey().equals(text)) {
                    return e.getValue();
                }
            }
        }
        Payload p = Payload.of(text, payloads);
        if (p.file() != null) {
            newFile.accept(p.file());
            synchronized (spilled) {
                if (spilled.size() == 4) {
                    spilled.remove(1); // the first stays: the input, which a later state may record again
                }
                spilled.add(Map.entry(text, p));
            }
        }
        return p;
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean running() {
        return status.equals("RUNNING");
    }

    /** Ends the execution once; false when it had already ended. */
    boolean end(String status, Instant stopDate, String output, String error, String cause) {
        if (!running()) {
            return false;
        }
        Payload spilledOutput = keepsData() ? spill(output, file -> { }) : Payload.inMemory(null);
        synchronized (spilled) {
            spilled.clear();
        }
        synchronized (this) {
            if (!this.status.equals("RUNNING")) {
                return false;
            }
            this.status = status;
            this.stopDate = stopDate;
            this.output = spilledOutput;
            this.handedOver = keepsData() ? null : output;
            this.error = error;
            this.cause = cause;
            onEnd.accept(endJson());
            return true;
        }
    }

    synchronized void onEnd(java.util.function.Consumer<ObjectNode> sink) {
        this.onEnd = sink;
    }

    /** How the execution ended, in {@link #toJson}'s field names (the journal's {@code end} line). */
    synchronized ObjectNode endJson() {
        ObjectNode n = Json.object("arn", arn, "status", status, "stopDate", stopDate.toString(), "error", error, "cause", cause);
        putPayload(n, "output", output);
        return n;
    }

    /** False for an EXPRESS Map Run child: its input and output go to its Map Run only (see {@link #handedOver}). */
    boolean keepsData() {
        return !(express && mapRunArn != null);
    }

    /** The execution's input (JSON text). */
    String inputText() {
        return input.text();
    }

    synchronized Instant stopDate() {
        return stopDate;
    }

    /** The output (JSON text), or null unless it succeeded. */
    String output() {
        Payload current;
        synchronized (this) {
            current = output;
        }
        return current.text();
    }

    synchronized String error() {
        return error;
    }

    synchronized String cause() {
        return cause;
    }

    /**
     * How the execution ended; the output is read from its file when it was spilled. An EXPRESS Map Run child's
     * output is given once, to its Map Run, and then let go.
     */
    ChildExecutions.Result result() {
        String outputText = keepsData() ? output() : null;
        synchronized (this) {
            if (!keepsData()) {
                outputText = handedOver;
                handedOver = null;
            }
            return new ChildExecutions.Result(arn, name, stateMachineArn, status, startDate, stopDate, outputText, error, cause);
        }
    }

    static BigDecimal epoch(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    /**
     * The DescribeExecution shape (spec §2.9). An EXPRESS Map Run child keeps no input or output (see
     * {@link #handedOver}): it is described with {@code inputDetails}/{@code outputDetails} {@code included: false}.
     */
    ObjectNode describe(boolean includeData) {
        includeData = includeData && keepsData();
        String inputText = includeData ? inputText() : null;
        String outputText = includeData ? output() : null;
        synchronized (this) {
            return describe(includeData, inputText, outputText);
        }
    }

    private ObjectNode describe(boolean includeData, String inputText, String outputText) {
        ObjectNode n = Json.object("executionArn", arn, "stateMachineArn", stateMachineArn, "name", name, "status", status);
        n.put("startDate", epoch(startDate));
        if (stopDate != null) {
            n.put("stopDate", epoch(stopDate));
        }
        if (includeData) {
            n.put("input", inputText);
        }
        n.set("inputDetails", Json.object("included", includeData));
        if (status.equals("SUCCEEDED")) {
            if (includeData) {
                n.put("output", outputText);
            }
            n.set("outputDetails", Json.object("included", includeData));
        }
        if (error != null) {
            n.put("error", error);
        }
        if (cause != null) {
            n.put("cause", cause);
        }
        if (mapRunArn != null) {
            n.put("mapRunArn", mapRunArn);
        }
        n.put("redriveCount", 0);
        if (status.equals("RUNNING") || status.equals("SUCCEEDED")) {
            n.put("redriveStatus", "NOT_REDRIVABLE");
            n.put("redriveStatusReason", "Execution is " + status + " and cannot be redriven");
        } else if (mapRunArn != null) {
            // a Map Run's child is redriven by redriving its Map Run (API reference, DescribeExecution redriveStatus)
            n.put("redriveStatus", "REDRIVABLE_BY_MAP_RUN");
        } else {
            n.put("redriveStatus", "REDRIVABLE");
        }
        return n;
    }

    synchronized ObjectNode listItem() {
        ObjectNode n = Json.object("executionArn", arn, "stateMachineArn", stateMachineArn, "name", name, "status", status);
        n.put("startDate", epoch(startDate));
        if (stopDate != null) {
            n.put("stopDate", epoch(stopDate));
        }
        if (mapRunArn != null) {
            n.put("mapRunArn", mapRunArn);
            n.put("itemCount", itemCount);
        }
        n.put("redriveCount", 0);
        return n;
    }

    /**
     * The persisted form; a spilled input or output is referred to by its file name in the payload folder. Without
     * {@code withHistory} it is the journal's {@code execution} line (the events follow as lines of their own).
     */
    synchronized ObjectNode toJson(boolean withHistory) {
        ObjectNode n = Json.object("arn", arn, "name", name, "stateMachineArn", stateMachineArn, "region", region,
                "express", express, "roleArn", roleArn, "definition", definition,
                "startDate", startDate.toString(), "mapRunArn", mapRunArn, "label", label, "itemCount", itemCount,
                "parentStateMachineArn", parentStateMachineArn, "status", status,
                "stopDate", stopDate == null ? null : stopDate.toString(), "error", error, "cause", cause);
        putPayload(n, "input", input);
        putPayload(n, "output", output);
        if (withHistory) {
            ArrayNode events = n.putArray("history");
            for (History.Event e : history.events()) {
                events.add(e.toJson());
            }
        }
        return n;
    }

    private static void putPayload(ObjectNode n, String field, Payload payload) {
        if (payload.file() != null) {
            n.put(field + "File", payload.reference());
        } else {
            n.put(field, payload.text());
        }
    }

    private static Payload payload(JsonNode n, String field, PayloadFiles payloads) {
        if (n.hasNonNull(field + "File") && payloads != null) {
            return payloads.stored(n.get(field + "File").asText());
        }
        return Payload.inMemory(n.path(field).asText(null));
    }

    /**
     * An event's {@code input} text shares the String of the previous one equal to it (ExecutionStarted and the first
     * state's entered event hold the same input: a Map Run's child's batch is then kept once, as while it ran).
     */
    private static String sharedInput(ObjectNode details, String previous) {
        JsonNode input = details == null ? null : details.get("input");
        if (input == null || !input.isTextual()) {
            return previous;
        }
        if (input.textValue().equals(previous)) {
            details.put("input", previous);
            return previous;
        }
        return input.textValue();
    }

    static ExecutionRecord fromJson(JsonNode n, Clock clock, PayloadFiles payloads) {
        List<History.Event> events = new ArrayList<>();
        String input = null;
        for (JsonNode e : n.path("history")) {
            String key = null;
            ObjectNode details = null;
            Iterator<Map.Entry<String, JsonNode>> it = e.fields();
            while (it.hasNext()) {
                var f = it.next();
                if (f.getKey().endsWith("EventDetails")) {
                    key = f.getKey();
                    details = (ObjectNode) f.getValue();
                }
            }
            input = sharedInput(details, input);
            events.add(new History.Event(e.get("id").asLong(), e.get("previousEventId").asLong(),
                    Instant.ofEpochMilli(e.get("timestamp").decimalValue().movePointRight(3).longValue()),
                    e.get("type").asText(), key, details));
        }
        boolean express = n.path("express").asBoolean();
        History history = express ? new History(clock, false) : new History(clock, events);
        ExecutionRecord r = new ExecutionRecord(n.get("arn").asText(), n.get("name").asText(), n.get("stateMachineArn").asText(),
                n.get("region").asText(), express, n.path("roleArn").asText(null), n.path("definition").asText(null),
                payload(n, "input", payloads), Instant.parse(n.get("startDate").asText()), n.path("mapRunArn").asText(null),
                n.path("label").asText(null), n.path("itemCount").asInt(1), history, n.path("parentStateMachineArn").asText(null),
                payloads);
        r.status = n.get("status").asText();
        r.stopDate = n.hasNonNull("stopDate") ? Instant.parse(n.get("stopDate").asText()) : null;
        r.output = payload(n, "output", payloads);
        r.error = n.path("error").asText(null);
        r.cause = n.path("cause").asText(null);
        return r;
    }
}
