package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * Where Map Run records live (one per Map Run, spec §9.10): the execution store keeps them, persists each
 * entry's {@link Entry#toJson()} with its parent execution, and restores them after a restart as plain JSON
 * entries. A run that was RUNNING when the local cloud stopped comes back with {@code status} FAILED,
 * {@code stopDate} set and {@code error}/{@code cause} saying why.
 */
public interface MapRunRegistry {
    /** A Map Run record. The dmap runner keeps a live object; restored entries are read-only JSON. */
    interface Entry {
        String mapRunArn();

        /** The parent execution. */
        String executionArn();

        /** The persisted form (DescribeMapRun's shape is a good choice); must include {@code "status"}. */
        ObjectNode toJson();
    }

    /** Adds (or replaces) an entry and persists it. */
    void put(Entry entry);

    /** Persists the entry's current {@link Entry#toJson()} (call on every status change). */
    void save(Entry entry);

    Optional<Entry> find(String mapRunArn);

    /** The runs of one execution, oldest first. */
    List<Entry> forExecution(String executionArn);
}
