package dev.dmapworkbook.localcloud.states.query;

import com.dashjoin.jsonata.Jsonata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code com.dashjoin.jsonata} 0.9.10 gives another result than jsonata 2.0.6 for a function a learner calls,
 * and the function can be replaced: {@code $clone} copies through the port's JSON writer and parser, which read a
 * JSON null back as "undefined", so {@code $clone({'a': null})} lost {@code a} (2.0.6 keeps it). The transform
 * operator ({@code $ ~> |path|{…}|}) copies the same way inside the engine and cannot be replaced from here: that
 * difference stays, listed in docs/jsonata.md.
 */
final class EngineWorkarounds {
    private EngineWorkarounds() {
    }

    static void bind(Jsonata.Frame frame) {
        frame.bind("clone", new Jsonata.JFunction((input, args) -> copy(args.isEmpty() ? input : args.get(0)), "<x-:x>"));
    }

    /** A deep copy that keeps JSON null ({@link Jsonata#NULL_VALUE}) as a value. */
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }
}
