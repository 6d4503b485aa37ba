package dev.dmapworkbook.localcloud.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one Query-protocol request ({@code Action=CreateRole&RoleName=…&Tags.member.1.Key=…}),
 * read the way the awsQuery protocol serialises them. A parameter the action does not accept is refused by
 * name rather than ignored.
 */
final class QueryParameters {
    private static final Set<String> ALWAYS = Set.of("Action", "Version");

    private final String action;
    private final Map<String, String> form;

    QueryParameters(String action, Map<String, String> form) {
        this.action = action;
        this.form = form;
    }

    /** Refuses any parameter that is neither named here nor inside one of the {@code lists} ({@code Tags.member.N…}). */
    QueryParameters accept(Set<String> names, Set<String> lists) {
        for (String name : form.keySet()) {
            int dot = name.indexOf('.');
            boolean known = ALWAYS.contains(name) || names.contains(name)
                    || dot > 0 && lists.contains(name.substring(0, dot));
            if (!known) {
                throw IamError.INVALID_INPUT.exception("The local cloud's IAM does not support the parameter '"
                        + name + "' of " + action);
            }
        }
        return this;
    }

    String get(String name) {
        return form.get(name);
    }

    int intValue(String name, int absent) {
        String value = form.get(name);
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + value + "' at '"
                    + Character.toLowerCase(name.charAt(0)) + name.substring(1) + "' failed to satisfy constraint: "
                    + "Member must be a number");
        }
    }

    /** {@code Tags.member.1.Key=a&Tags.member.1.Value=b} → {@code {a=b}}, in member order. */
    Map<String, String> tags(String list) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; form.containsKey(list + ".member." + i + ".Key"); i++) {
            tags.put(form.get(list + ".member." + i + ".Key"), form.getOrDefault(list + ".member." + i + ".Value", ""));
        }
        return tags;
    }

    /** {@code TagKeys.member.1=a&TagKeys.member.2=b} → {@code [a, b]}. */
    List<String> strings(String list) {
        List<String> values = new ArrayList<>();
        for (int i = 1; form.containsKey(list + ".member." + i); i++) {
            values.add(form.get(list + ".member." + i));
        }
        return values;
    }
}
