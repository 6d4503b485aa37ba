package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The definitions of the {@link ExecutionStore}'s executions, by key: an execution is journaled with its
 * definition's key (10,000 Map Run children share one ItemProcessor), a definition's own {@code definition} line is
 * written the first time its key is seen.
 */
final class DefinitionKeys {
    private final Map<String, String> definitions = new ConcurrentHashMap<>();
    /** Null without a data directory. */
    private final Journal journal;
    private volatile String lastDefinition;
    private volatile String lastDefinitionKey;

    DefinitionKeys(Journal journal) {
        this.journal = journal;
    }

    /** The definitions of a replayed journal. */
    void restore(Map<String, String> keyed) {
        definitions.putAll(keyed);
    }

    /** Replaces the record's definition by its key, journaling the definition the first time it is seen. */
    ObjectNode withDefinitionKey(ObjectNode record) {
        JsonNode definition = record.remove("definition");
        if (definition == null || definition.isNull()) {
            return record;
        }
        String text = definition.asText();
        String key = text == lastDefinition ? lastDefinitionKey : key(text);
        // computeIfAbsent holds back whoever else needs this key until its line is appended, so it comes first
        definitions.computeIfAbsent(key, k -> {
            journal.append(() -> Json.object("t", "definition", "key", k, "text", text));
            return text;
        });
        lastDefinitionKey = key;
        lastDefinition = text;
        record.put("definitionKey", key);
        return record;
    }

    /** For a snapshot: keys the definitions of the records one snapshot writes, each computed once per definition text. */
    Snapshot snapshot() {
        return new Snapshot();
    }

    final class Snapshot {
        private final Map<String, String> keys = new IdentityHashMap<>();

        private Snapshot() {
        }

        /** Replaces the snapshot record's definition by its key. */
        void keyed(ObjectNode json, String definitionText) {
            JsonNode definition = json.remove("definition");
            if (definition != null && !definition.isNull()) {
                String key = keys.computeIfAbsent(definitionText, DefinitionKeys::key);
                definitions.putIfAbsent(key, definitionText);
                json.put("definitionKey", key);
            }
        }

        /** Every definition's line, written after every execution (StoreImage resolves keys at the end). */
        void lines(Consumer<JsonNode> out) {
            definitions.forEach((k, text) -> out.accept(Json.object("t", "definition", "key", k, "text", text)));
        }
    }

    private static String key(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
