package dev.dmapworkbook.localcloud.states.query;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A lexical look at a JSONata expression, skipping string and regex literals, quoted names and comments: which
 * {@code $name} variables it reads and whether it references {@code $$}, which Step Functions does not support
 * (there is no top-level context item: the input is {@code $states.input}).
 */
final class ExpressionText {
    private final Set<String> variables = new LinkedHashSet<>();
    private final Set<String> operators = new LinkedHashSet<>();
    private boolean rootReference;

    private ExpressionText() {
    }

    static ExpressionText scan(String text) {
        ExpressionText out = new ExpressionText();
        int i = 0;
        int n = text.length();
        char previous = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipQuoted(text, i, c);
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            } else if (c == '/' && startsRegex(previous)) {
                i = skipQuoted(text, i, '/');
            } else if (c == '$') {
                i = out.variable(text, i);
            } else if ((c == '<' || c == '>') && previous != '~') {
                boolean orEqual = i + 1 < n && text.charAt(i + 1) == '=';
                out.operators.add(orEqual ? c + "=" : String.valueOf(c));
                i += orEqual ? 2 : 1;
            } else {
                i++;
            }
            if (!Character.isWhitespace(c)) {
                previous = text.charAt(Math.max(0, i - 1));
            }
        }
        return out;
    }

    /** A {@code /} starts a regex where an operand is expected, not after a value (then it divides). */
    private static boolean startsRegex(char previous) {
        return previous == 0 || "([{,;:=?!<>&|+-*%~".indexOf(previous) >= 0;
    }

    /** The index after the literal that starts with the quote at {@code start}. */
    static int skipQuoted(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }

    private int variable(String text, int start) {
        int i = start + 1;
        if (i < text.length() && text.charAt(i) == '$') {
            rootReference = true;
            return i + 1;
        }
        while (i < text.length() && (Character.isUnicodeIdentifierPart(text.charAt(i)) && text.charAt(i) != '\u0000')) {
            i++;
        }
        if (i > start + 1) {
            variables.add(text.substring(start + 1, i));
        }
        return i;
    }

    /** The names after {@code $} (without it), {@code states} and JSONata's own functions included. */
    Set<String> variables() {
        return variables;
    }

    /** The comparison operators ({@code <}, {@code <=}, {@code >}, {@code >=}) outside literals. */
    Set<String> operators() {
        return new LinkedHashSet<>(operators);
    }

    boolean referencesRoot() {
        return rootReference;
    }
}
