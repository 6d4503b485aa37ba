package dev.dmapworkbook.localcloud.s3;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A bucket's index read as S3 lists it (ListObjectsV2, ListObjectVersions): keys in UTF-8 order after a marker,
 * under a prefix, those holding the delimiter after the prefix rolled up into common prefixes, at most max-keys
 * entries counting both.
 */
final class KeyListings {
    private KeyListings() {
    }

    /** One page being filled: its entries and common prefixes count together against max-keys. */
    private static final class Page {
        final String prefix;
        final String delimiter;
        final int maxKeys;
        final List<ObjectVersion> entries = new ArrayList<>();
        final List<String> prefixes = new ArrayList<>();
        /** The last common prefix (at first the marker): the keys it rolls up are skipped. */
        String lastPrefix;

        Page(String prefix, String delimiter, String marker, int maxKeys) {
            this.prefix = prefix == null ? "" : prefix;
            this.delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
            this.lastPrefix = marker;
            this.maxKeys = maxKeys;
        }

        boolean full() {
            return entries.size() + prefixes.size() >= maxKeys;
        }

        /** The common prefix {@code key} rolls up into, or null when it is listed itself. */
        String rolledUp(String key) {
            int at = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
            return at < 0 ? null : key.substring(0, at + delimiter.length());
        }

        /** Whether {@code key} rolls up into the common prefix just listed (or the marker). */
        boolean rolledUpAlready(String key) {
            String rolledUp = rolledUp(key);
            return rolledUp != null && rolledUp.equals(lastPrefix);
        }

        void addPrefix(String rolledUp) {
            prefixes.add(rolledUp);
            lastPrefix = rolledUp;
        }

        /** The index entries among {@code tail} whose keys start with the prefix, ending past the last of them. */
        Iterable<Map.Entry<String, Object>> under(Iterable<Map.Entry<String, Object>> tail) {
            return () -> new Iterator<>() {
                private final Iterator<Map.Entry<String, Object>> all = tail.iterator();
                private Map.Entry<String, Object> next = advance();

                private Map.Entry<String, Object> advance() {
                    while (all.hasNext()) {
                        Map.Entry<String, Object> e = all.next();
                        if (e.getKey().startsWith(prefix)) {
                            return e;
                        }
                        if (Keys.compareUtf8(e.getKey(), prefix) > 0) {
                            return null;
                        }
                    }
                    return null;
                }

                public boolean hasNext() {
                    return next != null;
                }

                public Map.Entry<String, Object> next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    Map.Entry<String, Object> e = next;
                    next = advance();
                    return e;
                }
            };
        }
    }

    /**
     * Current objects with keys after {@code after} (exclusive; a rolled-up prefix skips all its keys), starting
     * with {@code prefix}, keys containing {@code delimiter} after the prefix rolled up into common prefixes.
     */
    static ObjectStore.Listing list(Bucket bucket, String prefix, String delimiter, String after, int maxKeys) {
        Page page = new Page(prefix, delimiter, after, maxKeys);
        String lastReturned = null;
        synchronized (bucket) {
            String from = after != null && Keys.compareUtf8(after, page.prefix) >= 0 ? after : page.prefix;
            for (var entry : page.under(bucket.index().from(from, !from.equals(after)))) {
                String key = entry.getKey();
                ObjectVersion current = KeyIndex.newest(entry.getValue());
                if (current.deleteMarker() || page.rolledUpAlready(key)) {
                    continue;
                }
                if (page.full()) {
                    return new ObjectStore.Listing(page.entries, page.prefixes, true, lastReturned);
                }
                String rolledUp = page.rolledUp(key);
                if (rolledUp != null) {
                    page.addPrefix(rolledUp);
                    lastReturned = rolledUp;
                } else {
                    page.entries.add(current);
                    lastReturned = key;
                }
            }
        }
        return new ObjectStore.Listing(page.entries, page.prefixes, false, lastReturned);
    }

    /** ListObjectVersions: entries after ({@code keyMarker}, {@code versionIdMarker}), in key order, newest first. */
    static ObjectStore.VersionListing versions(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                               String versionIdMarker, int maxKeys) {
        Page page = new Page(prefix, delimiter, keyMarker, maxKeys);
        Map<ObjectVersion, Boolean> latest = new IdentityHashMap<>();
        boolean afterVersion = versionIdMarker != null && !versionIdMarker.isEmpty();
        String lastKey = null;
        String lastVersion = null;
        synchronized (bucket) {
            var tail = keyMarker == null || keyMarker.isEmpty() ? bucket.index().from(page.prefix, true)
                    : bucket.index().from(keyMarker, afterVersion);
            for (var entry : page.under(tail)) {
                String key = entry.getKey();
                String rolledUp = page.rolledUp(key);
                if (rolledUp != null) {
                    if (page.rolledUpAlready(key)) {
                        continue;
                    }
                    if (page.full()) {
                        return new ObjectStore.VersionListing(page.entries, latest, page.prefixes, true, lastKey, lastVersion);
                    }
                    page.addPrefix(rolledUp);
                    lastKey = rolledUp;
                    lastVersion = null;
                    continue;
                }
                List<ObjectVersion> versions = KeyIndex.all(entry.getValue());
                int first = key.equals(keyMarker) && afterVersion ? after(versions, versionIdMarker) : 0;
                for (int i = first; i < versions.size(); i++) {
                    if (page.full()) {
                        return new ObjectStore.VersionListing(page.entries, latest, page.prefixes, true, lastKey, lastVersion);
                    }
                    page.entries.add(versions.get(i));
                    latest.put(versions.get(i), i == 0);
                    lastKey = key;
                    lastVersion = versions.get(i).versionId();
                }
            }
        }
        return new ObjectStore.VersionListing(page.entries, latest, page.prefixes, false, null, null);
    }

    /** The position after the version {@code versionId} among a key's versions; past the end when it is not there. */
    private static int after(List<ObjectVersion> versions, String versionId) {
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).versionId().equals(versionId)) {
                return i + 1;
            }
        }
        return versions.size();
    }
}
