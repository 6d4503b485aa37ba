package dev.dmapworkbook.localcloud.s3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A bucket's key index: each key's versions, newest first (the first may be a delete marker), keys in UTF-8 binary
 * order. Most keys have one version, which the map then holds itself; a key with more holds an array that is
 * replaced, never changed, so a listing's view of it stays whole. Not thread-safe: the bucket's monitor guards it.
 */
final class KeyIndex {
    private final NavigableMap<String, Object> map = new TreeMap<>(Keys.UTF8_ORDER);

    boolean isEmpty() {
        return map.isEmpty();
    }

    /** The keys now in the index (a copy). */
    List<String> keys() {
        return new ArrayList<>(map.keySet());
    }

    /** The key's newest version (perhaps a delete marker), or null. */
    ObjectVersion current(String key) {
        Object slot = map.get(key);
        return slot == null ? null : newest(slot);
    }

    /** The key's versions, newest first; empty when it has none. */
    List<ObjectVersion> versions(String key) {
        Object slot = map.get(key);
        return slot == null ? List.of() : all(slot);
    }

    /** The key's version with this id, or null. */
    ObjectVersion version(String key, String versionId) {
        for (ObjectVersion v : versions(key)) {
            if (v.versionId().equals(versionId)) {
                return v;
            }
        }
        return null;
    }

    /** Makes {@code version} its key's newest version, replacing the one with its id; returns that one or null. */
    ObjectVersion put(ObjectVersion version) {
        List<ObjectVersion> versions = new ArrayList<>(versions(version.key()));
        ObjectVersion replaced = null;
        for (int i = 0; i < versions.size() && replaced == null; i++) {
            if (versions.get(i).versionId().equals(version.versionId())) {
                replaced = versions.remove(i);
            }
        }
        versions.add(0, version);
        store(version.key(), versions);
        return replaced;
    }

    /** Adds a version read from disk among its key's others by {@link ObjectVersion#seq()}, newest first. */
    void load(ObjectVersion version) {
        List<ObjectVersion> versions = new ArrayList<>(versions(version.key()));
        int at = 0;
        while (at < versions.size() && versions.get(at).seq() > version.seq()) {
            at++;
        }
        versions.add(at, version);
        store(version.key(), versions);
    }

    /** Removes this version of its key (the key goes with its last version). */
    void remove(ObjectVersion version) {
        List<ObjectVersion> versions = new ArrayList<>(versions(version.key()));
        versions.removeIf(v -> v == version);
        store(version.key(), versions);
    }

    private void store(String key, List<ObjectVersion> versions) {
        switch (versions.size()) {
            case 0 -> map.remove(key);
            case 1 -> map.put(key, versions.get(0));
            default -> map.put(key, versions.toArray(new ObjectVersion[0]));
        }
    }

    /** Keys from {@code from} on, each with its slot for {@link #newest} and {@link #all}. */
    Set<Map.Entry<String, Object>> from(String from, boolean inclusive) {
        return map.tailMap(from, inclusive).entrySet();
    }

    /** Every version of every key, keys in order, each key's newest first. */
    void forEachVersion(Consumer<ObjectVersion> action) {
        for (Object slot : map.values()) {
            all(slot).forEach(action);
        }
    }

    static ObjectVersion newest(Object slot) {
        return slot instanceof ObjectVersion v ? v : ((ObjectVersion[]) slot)[0];
    }

    static List<ObjectVersion> all(Object slot) {
        return slot instanceof ObjectVersion v ? List.of(v) : Collections.unmodifiableList(Arrays.asList((ObjectVersion[]) slot));
    }
}
