package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.states.asl.History;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * History events' large texts live in payload files, as executions' inputs and outputs do ({@link Payload}): an
 * {@code input}, {@code output} or {@code parameters} longer than {@link Payload#IN_MEMORY_CHARS} (a Map Run child's
 * batch, a Lambda's payload) is kept as {@code <field>File}, its name in {@code payloads/} ({@link PayloadFiles}), by the event the
 * history holds and by its journal line; {@link #expanded} puts the text back for GetExecutionHistory. A kept
 * execution's history then costs a few hundred bytes an event whatever its data: executions are kept (spec §9.9) and
 * a Map Run's 1,000 finished children would otherwise hold every batch in the heap and write each into the journal.
 */
final class EventTexts {
    /** The event details' data fields, as GetExecutionHistory's {@code includeExecutionData} false leaves them out. */
    private static final Set<String> DATA = Set.of("input", "output", "inputDetails", "outputDetails", "parameters");
    /** The fields whose large texts go to files. */
    private static final Set<String> SPILLED = Set.of("input", "output", "parameters");
    private static final String FILE = "File";

    private EventTexts() {
    }

    /** The event as the history keeps it: each large text replaced by the name of the file {@code spill} put it in. */
    static History.Event compact(History.Event e, Function<String, Payload> spill) {
        ObjectNode details = e.details();
        if (details == null || !hasLargeText(details)) {
            return e;
        }
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = details.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Payload file = large(f) ? spill.apply(f.getValue().textValue()) : null;
            if (file != null && file.file() != null) {
                kept.put(f.getKey() + FILE, file.reference());
            } else {
                kept.set(f.getKey(), f.getValue());
            }
        }
        return new History.Event(e.id(), e.previousEventId(), e.timestamp(), e.type(), e.detailsKey(), kept);
    }

    private static boolean hasLargeText(ObjectNode details) {
        for (Iterator<Map.Entry<String, JsonNode>> it = details.fields(); it.hasNext(); ) {
            if (large(it.next())) {
                return true;
            }
        }
        return false;
    }

    private static boolean large(Map.Entry<String, JsonNode> f) {
        return SPILLED.contains(f.getKey()) && f.getValue().isTextual()
                && f.getValue().textValue().length() > Payload.IN_MEMORY_CHARS;
    }

    /**
     * A kept event in GetExecutionHistory's shape (spec §3.1): its texts read back from their files in
     * {@code payloads}, or, without {@code includeData}, every data field left out. The kept event is not changed.
     */
    static ObjectNode expanded(History.Event e, PayloadFiles payloads, boolean includeData) {
        ObjectNode n = e.toJson();
        if (e.detailsKey() == null || e.details() == null) {
            return n;
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = e.details().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            String spilled = name.endsWith(FILE) ? name.substring(0, name.length() - FILE.length()) : null;
            boolean inFile = spilled != null && SPILLED.contains(spilled);
            if (!includeData && DATA.contains(inFile ? spilled : name)) {
                continue;
            }
            if (inFile) {
                details.put(spilled, payloads.stored(f.getValue().asText()).text());
            } else {
                details.set(name, f.getValue());
            }
        }
        n.set(e.detailsKey(), details);
        return n;
    }
}
