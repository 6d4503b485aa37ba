package dev.dmapworkbook.localcloud.cloudformation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Query protocol's flattened parameters: {@code Parameters.member.1.ParameterKey}, {@code Capabilities.member.1}. */
record Form(Map<String, String> values) {
    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw CfnError.VALIDATION.exception("1 validation error detected: Value null at '"
                    + Character.toLowerCase(name.charAt(0)) + name.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.get(name));
    }

    List<String> list(String name) {
        List<String> items = new ArrayList<>();
        for (int i = 1; values.containsKey(name + ".member." + i); i++) {
            items.add(values.get(name + ".member." + i));
        }
        return items;
    }

    List<Map<String, String>> members(String name) {
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 1; ; i++) {
            String prefix = name + ".member." + i + ".";
            Map<String, String> item = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    item.put(k.substring(prefix.length()), v);
                }
            });
            if (item.isEmpty()) {
                return items;
            }
            items.add(item);
        }
    }
}
