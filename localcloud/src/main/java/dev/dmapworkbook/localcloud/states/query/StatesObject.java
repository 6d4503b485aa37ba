package dev.dmapworkbook.localcloud.states.query;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code $states} object of one evaluation. Members are converted for the engine only when the expression
 * reads them, so an ItemSelector run once per item does not copy the context object it never reads.
 */
final class StatesObject extends AbstractMap<String, Object> {
    private final Bindings bindings;
    private final Map<String, Object> memo = new java.util.HashMap<>();
    private Map<String, Object> converted;

    StatesObject(Bindings bindings) {
        this.bindings = bindings;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        if (memo.containsKey(name)) {
            return memo.get(name);
        }
        Object value = convert(name);
        memo.put(name, value);
        return value;
    }

    private Object convert(String name) {
        return switch (name) {
            case "input" -> JsonataValues.toJsonata(bindings.input());
            case "context" -> bindings.context() == null ? null : JsonataValues.toJsonata(bindings.context().get());
            case "result" -> bindings.result() == null ? null : JsonataValues.toJsonata(bindings.result());
            case "errorOutput" -> bindings.errorOutput() == null ? null : JsonataValues.toJsonata(bindings.errorOutput());
            default -> null;
        };
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        if (converted == null) {
            converted = new LinkedHashMap<>();
            for (String k : new String[]{"input", "result", "errorOutput", "context"}) {
                Object v = get(k);
                if (v != null) {
                    converted.put(k, v);
                }
            }
        }
        return converted.entrySet();
    }
}
