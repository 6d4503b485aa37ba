package dev.dmapworkbook.localcloud.states.asl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one parse of a definition carries through every state: its options and the problems found so far. */
final class ParseContext {
    final boolean express;
    /** The machine's QueryLanguage is JSONata: its states, at every depth, are JSONata unless they say otherwise. */
    final boolean jsonata;
    /** Whether this local cloud runs Distributed Maps (false: DISTRIBUTED maps are refused). */
    final boolean distributedMaps;
    final List<DefinitionException.Problem> problems = new ArrayList<>();
    /** Distributed Map labels seen so far: unique within the whole definition (spec §9.1). */
    final Map<String, String> labels = new LinkedHashMap<>();

    ParseContext(boolean express, boolean jsonata, boolean distributedMaps) {
        this.express = express;
        this.jsonata = jsonata;
        this.distributedMaps = distributedMaps;
    }

    void add(DefinitionException e) {
        problems.addAll(e.problems());
    }

    void problem(String location, String message) {
        problems.add(new DefinitionException.Problem("SCHEMA_VALIDATION_FAILED", message, location));
    }

    void problem(String code, String location, String message) {
        problems.add(new DefinitionException.Problem(code, message, location));
    }
}
