package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.asl.ChildExecutions;
import dev.dmapworkbook.localcloud.states.dmap.MapRunCounters.Outcome;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How one child execution ended, and its ResultWriter record with Transformation NONE (spec 9.7): the 13
 * keys of AWS's example for a success; a failure has {@code Error}/{@code Cause} instead of
 * {@code Output}/{@code OutputDetails}. {@code Input}/{@code Output} are JSON strings; dates ISO-8601 UTC
 * with milliseconds.
 *
 * @param input  the child's input, compact JSON
 * @param output the child's output, compact JSON (null unless it succeeded)
 */
record ChildResult(String executionArn, String name, String stateMachineArn, Outcome status, Instant startDate,
                   Instant stopDate, String input, String output, String error, String cause) {
    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** How a child execution the engine started ended (its input is added by {@link #withInput}). */
    static ChildResult of(ChildExecutions.Result r) {
        return new ChildResult(r.executionArn(), r.name(), r.stateMachineArn(), Outcome.valueOf(r.status()),
                r.startDate(), r.stopDate(), null, r.output(), r.error(), r.cause());
    }

    ChildResult withInput(String compactInput) {
        return new ChildResult(executionArn, name, stateMachineArn, status, startDate, stopDate, compactInput, output,
                error, cause);
    }

    ObjectNode record() {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        if (status != Outcome.SUCCEEDED) {
            if (cause != null) {
                record.put("Cause", cause);
            }
            if (error != null) {
                record.put("Error", error);
            }
        }
        record.put("ExecutionArn", executionArn);
        record.put("Input", input);
        record.putObject("InputDetails").put("Included", true);
        record.put("Name", name);
        if (status == Outcome.SUCCEEDED) {
            record.put("Output", output);
            record.putObject("OutputDetails").put("Included", true);
        }
        record.put("RedriveCount", 0);
        if (status == Outcome.SUCCEEDED) {
            record.put("RedriveStatus", "NOT_REDRIVABLE");
            record.put("RedriveStatusReason", "Execution is SUCCEEDED and cannot be redriven");
        } else {
            record.put("RedriveStatus", "REDRIVABLE_BY_MAP_RUN");
        }
        record.put("StartDate", ISO_MILLIS.format(startDate));
        record.put("StateMachineArn", stateMachineArn);
        record.put("Status", status.name());
        record.put("StopDate", ISO_MILLIS.format(stopDate));
        return record;
    }

    /** A child that never started because the Map Run failed or was aborted [GUESS, spec 9.7]. */
    static ObjectNode pendingRecord(String input) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("Input", input);
        record.putObject("InputDetails").put("Included", true);
        record.put("Status", "PENDING");
        return record;
    }
}
