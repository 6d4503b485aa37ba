package dev.dmapworkbook.localcloud.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * The term form of CloudWatch Logs filter patterns ("Filter pattern syntax for metric filters, subscription
 * filters, and filter log events"): terms that must all appear, {@code "quoted phrases"}, {@code ?term}
 * (any of these), {@code -term} (must not appear); matching is case-sensitive. JSON ({@code { … }}),
 * space-delimited ({@code [ … ]}) and regular-expression ({@code % … %}) patterns are refused by name.
 */
final class FilterPattern {
    private final List<String> all = new ArrayList<>();
    private final List<String> any = new ArrayList<>();
    private final List<String> none = new ArrayList<>();

    private FilterPattern() {
    }

    static FilterPattern parse(String pattern) {
        FilterPattern result = new FilterPattern();
        if (pattern == null || pattern.isBlank()) {
            return result;
        }
        String trimmed = pattern.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("%")) {
            throw LogsError.INVALID_PARAMETER.exception("The local cloud supports only term filter patterns (words, "
                    + "\"phrases\", ?optional and -excluded terms); JSON, space-delimited and regex patterns such as '"
                    + pattern + "' are not implemented");
        }
        int i = 0;
        while (i < trimmed.length()) {
            char c = trimmed.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            List<String> target = result.all;
            if (c == '?' || c == '-') {
                target = c == '?' ? result.any : result.none;
                i++;
            }
            i = term(trimmed, i, target, pattern);
        }
        return result;
    }

    /** Adds the word or "phrase" at {@code i} of {@code text} to {@code target}; returns the index after it. */
    private static int term(String text, int i, List<String> target, String pattern) {
        String term;
        int next;
        if (i < text.length() && text.charAt(i) == '"') {
            int end = text.indexOf('"', i + 1);
            if (end < 0) {
                throw LogsError.INVALID_PARAMETER.exception("Invalid filter pattern: unterminated quote in '" + pattern + "'");
            }
            term = text.substring(i + 1, end);
            next = end + 1;
        } else {
            int end = i;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            term = text.substring(i, end);
            next = end;
        }
        if (!term.isEmpty()) {
            target.add(term);
        }
        return next;
    }

    boolean matches(String message) {
        for (String term : all) {
            if (!message.contains(term)) {
                return false;
            }
        }
        for (String term : none) {
            if (message.contains(term)) {
                return false;
            }
        }
        if (any.isEmpty()) {
            return true;
        }
        for (String term : any) {
            if (message.contains(term)) {
                return true;
            }
        }
        return false;
    }
}
