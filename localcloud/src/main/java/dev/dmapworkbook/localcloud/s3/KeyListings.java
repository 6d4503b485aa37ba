package dev.dmapworkbook.localcloud.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bucket's index read as S3 lists it (ListObjectsV2, ListObjectVersions): keys in UTF-8 order after a marker,
 * under a prefix, those holding the delimiter after the prefix rolled up into common prefixes, at most max-keys
 * entries counting both.
 */
final class KeyListings {
    private KeyListings() {
    }

    /**
     * Current objects with keys after {@code after} (exclusive; a rolled-up prefix skips all its keys), starting
     * with {@code prefix}, keys containing {@code delimiter} after the prefix rolled up into common prefixes.
     */
    static ObjectStore.Listing list(Bucket bucket, String prefix, String delimiter, String after, int maxKeys) {
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        List<ObjectVersion> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String lastPrefix = after;
        String lastReturned = null;
        synchronized (bucket) {
            var index = bucket.index();
            String from = after != null && Keys.compareUtf8(after, p) >= 0 ? after : p;
            boolean inclusive = !from.equals(after);
            for (var entry : index.from(from, inclusive)) {
                String key = entry.getKey();
                if (!key.startsWith(p)) {
                    if (Keys.compareUtf8(key, p) > 0) {
                        break;
                    }
                    continue;
                }
                ObjectVersion current = KeyIndex.newest(entry.getValue());
                if (current.deleteMarker()) {
                    continue;
                }
                String rolledUp = d == null ? null : rolledUp(key, p, d);
                if (rolledUp != null && rolledUp.equals(lastPrefix)) {
                    continue;
                }
                if (contents.size() + prefixes.size() >= maxKeys) {
                    return new ObjectStore.Listing(contents, prefixes, true, lastReturned);
                }
                if (rolledUp != null) {
                    prefixes.add(rolledUp);
                    lastPrefix = rolledUp;
                    lastReturned = rolledUp;
                } else {
                    contents.add(current);
                    lastReturned = key;
                }
            }
        }
        return new ObjectStore.Listing(contents, prefixes, false, lastReturned);
    }

    private static String rolledUp(String key, String prefix, String delimiter) {
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }

    /** ListObjectVersions: entries after ({@code keyMarker}, {@code versionIdMarker}), in key order, newest first. */
    static ObjectStore.VersionListing versions(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                               String versionIdMarker, int maxKeys) {
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        List<ObjectVersion> out = new ArrayList<>();
        Map<ObjectVersion, Boolean> latest = new java.util.IdentityHashMap<>();
        List<String> prefixes = new ArrayList<>();
        String lastPrefix = keyMarker;
        synchronized (bucket) {
            var index = bucket.index();
            var tail = keyMarker == null || keyMarker.isEmpty() ? index.from(p, true)
                    : index.from(keyMarker, versionIdMarker != null && !versionIdMarker.isEmpty());
            String lastKey = null;
            String lastVersion = null;
            for (var entry : tail) {
                String key = entry.getKey();
                if (!key.startsWith(p)) {
                    if (Keys.compareUtf8(key, p) > 0) {
                        break;
                    }
                    continue;
                }
                String rolledUp = d == null ? null : rolledUp(key, p, d);
                if (rolledUp != null) {
                    if (rolledUp.equals(lastPrefix)) {
                        continue;
                    }
                    if (out.size() + prefixes.size() >= maxKeys) {
                        return new ObjectStore.VersionListing(out, latest, prefixes, true, lastKey, lastVersion);
                    }
                    prefixes.add(rolledUp);
                    lastPrefix = rolledUp;
                    lastKey = rolledUp;
                    lastVersion = null;
                    continue;
                }
                List<ObjectVersion> versions = KeyIndex.all(entry.getValue());
                boolean skipping = key.equals(keyMarker) && versionIdMarker != null && !versionIdMarker.isEmpty();
                for (int i = 0; i < versions.size(); i++) {
                    ObjectVersion v = versions.get(i);
                    if (skipping) {
                        if (v.versionId().equals(versionIdMarker)) {
                            skipping = false;
                        }
                        continue;
                    }
                    if (out.size() + prefixes.size() >= maxKeys) {
                        return new ObjectStore.VersionListing(out, latest, prefixes, true, lastKey, lastVersion);
                    }
                    out.add(v);
                    latest.put(v, i == 0);
                    lastKey = key;
                    lastVersion = v.versionId();
                }
            }
        }
        return new ObjectStore.VersionListing(out, latest, prefixes, false, null, null);
    }
}
