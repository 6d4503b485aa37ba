package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.edge.Json;
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
    final String inputText;
    final Instant startDate;
    final String mapRunArn;
    final String label;
    final int itemCount;
    final History history;
    /** The state machine ARN a top-level execution is listed under (null for children). */
    final String parentStateMachineArn;

    private String status = "RUNNING";
    private Instant stopDate;
    private String output;
    private String error;
    private String cause;

    final transient StopSignal stop = new StopSignal();
    final transient CompletableFuture<ChildExecutions.Result> completion = new CompletableFuture<>();

    ExecutionRecord(String arn, String name, String stateMachineArn, String region, boolean express, String roleArn,
                    String definition, String inputText, Instant startDate, String mapRunArn, String label, int itemCount,
                    History history, String parentStateMachineArn) {
        this.arn = arn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.region = region;
        this.express = express;
        this.roleArn = roleArn;
        this.definition = definition;
        this.inputText = inputText;
        this.startDate = startDate;
        this.mapRunArn = mapRunArn;
        this.label = label;
        this.itemCount = itemCount;
        this.history = history;
        this.parentStateMachineArn = parentStateMachineArn;
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean running() {
        return status.equals("RUNNING");
    }

    /** Ends the execution once; false when it had already ended. */
    synchronized boolean end(String status, Instant stopDate, String output, String error, String cause) {
        if (!this.status.equals("RUNNING")) {
            return false;
        }
        this.status = status;
        this.stopDate = stopDate;
        this.output = output;
        this.error = error;
        this.cause = cause;
        return true;
    }

    synchronized Instant stopDate() {
        return stopDate;
    }

    synchronized String output() {
        return output;
    }

    synchronized String error() {
        return error;
    }

    synchronized String cause() {
        return cause;
    }

    ChildExecutions.Result result() {
        synchronized (this) {
            // Raw-JSON nodes, not parsed trees: the record keeps its completed future for good, and a tree of a
            // Distributed Map batch takes several times its text (1,293 batches of 256 KiB would not fit in 1 GiB).
            return new ChildExecutions.Result(arn, name, stateMachineArn, status, startDate, stopDate,
                    JsonNodeFactory.instance.rawValueNode(new RawValue(inputText)),
                    output == null ? null : JsonNodeFactory.instance.rawValueNode(new RawValue(output)), error, cause);
        }
    }

    static BigDecimal epoch(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    /** The DescribeExecution shape (spec §2.9). */
    synchronized ObjectNode describe(boolean includeData) {
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
                n.put("output", output);
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

    synchronized ObjectNode toJson() {
        ObjectNode n = Json.object("arn", arn, "name", name, "stateMachineArn", stateMachineArn, "region", region,
                "express", express, "roleArn", roleArn, "definition", definition, "input", inputText,
                "startDate", startDate.toString(), "mapRunArn", mapRunArn, "label", label, "itemCount", itemCount,
                "parentStateMachineArn", parentStateMachineArn, "status", status,
                "stopDate", stopDate == null ? null : stopDate.toString(), "output", output, "error", error, "cause", cause);
        ArrayNode events = n.putArray("history");
        for (History.Event e : history.events()) {
            events.add(e.toJson());
        }
        return n;
    }

    static ExecutionRecord fromJson(JsonNode n, Clock clock) {
        List<History.Event> events = new ArrayList<>();
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
            events.add(new History.Event(e.get("id").asLong(), e.get("previousEventId").asLong(),
                    Instant.ofEpochMilli(e.get("timestamp").decimalValue().movePointRight(3).longValue()),
                    e.get("type").asText(), key, details));
        }
        boolean express = n.path("express").asBoolean();
        History history = express ? new History(clock, false) : new History(clock, events);
        ExecutionRecord r = new ExecutionRecord(n.get("arn").asText(), n.get("name").asText(), n.get("stateMachineArn").asText(),
                n.get("region").asText(), express, n.path("roleArn").asText(null), n.path("definition").asText(null),
                n.get("input").asText(), Instant.parse(n.get("startDate").asText()), n.path("mapRunArn").asText(null),
                n.path("label").asText(null), n.path("itemCount").asInt(1), history, n.path("parentStateMachineArn").asText(null));
        r.status = n.get("status").asText();
        r.stopDate = n.hasNonNull("stopDate") ? Instant.parse(n.get("stopDate").asText()) : null;
        r.output = n.path("output").asText(null);
        r.error = n.path("error").asText(null);
        r.cause = n.path("cause").asText(null);
        return r;
    }
}
