package dev.dmapworkbook.localcloud.states.asl;

import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;

import java.util.Map;

/**
 * The fields of a JSONata state that hold expressions (AWS "Transforming data with JSONata"): {@code Arguments},
 * {@code Output}, {@code Items}, {@code ItemSelector}, and every field whose value is a {@code {% … %}} string
 * ({@code TimeoutSeconds}, {@code HeartbeatSeconds}, {@code Seconds}, {@code Timestamp}, {@code Error},
 * {@code Cause}, {@code MaxConcurrency}, the tolerances, …), by field name. A literal number or string in such a
 * field is parsed as in JSONPath into the state's own record.
 */
record JsonataFields(Map<String, JsonataTemplate> fields) {
    JsonataTemplate get(String field) {
        return fields.get(field);
    }

    boolean has(String field) {
        return fields.containsKey(field);
    }
}
