package dev.dmapworkbook.localcloud.states.query;

import java.util.Set;

/**
 * The unqualified field names a JSONata expression reads at its top level. Step Functions evaluates an expression
 * with no context item (the input is {@code $states.input}), and the States Language says "a JSONata expression MUST
 * NOT reference "$" or unqualified field names at the top level, but MAY reference "$" or unqualified field names
 * nested inside an expression"; AWS refuses such a definition with {@code UNSUPPORTED_JSONATA_EXPRESSION: Reference
 * to 'phone' at the top level is not supported.} (recorded on AWS, as published by floci's issue #2670).
 * <p>
 * A lexical look, kept on the safe side of that rule: a name counts only outside every bracket (the expression's
 * own operands: {@code phone}, {@code order.id}, {@code a + 1}) and never after a path step ({@code $states.input.a});
 * whether AWS also refuses names inside function arguments or constructors ({@code $count(items)}) is not recorded,
 * so those are left to evaluate (to nothing) at run time. [GUESS] that boundary.
 */
final class TopLevelReferences {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "in", "true", "false", "null", "function");

    private final String text;
    /** Open brackets around the current token. */
    private int depth;
    private int i;
    /** The last significant character before the current token (0 at the start). */
    private char previous;

    private TopLevelReferences(String text) {
        this.text = text;
    }

    /** The first unqualified name read at the top level, or null when there is none. */
    static String first(String text) {
        return new TopLevelReferences(text).scan();
    }

    private String scan() {
        while (i < text.length()) {
            char c = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                i = skipQuoted(c);
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
                continue;
            } else if (c == '/' && startsOperand()) {
                i = skipName(skipQuoted('/')); // and its flags
            } else if (c == '$') {
                i = skipName(i + 1);
            } else if (Character.isDigit(c)) {
                i = skipNumber();
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                i++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (Character.isUnicodeIdentifierStart(c) || c == '_') {
                i = skipName(i);
                String name = text.substring(start, i);
                if (!KEYWORDS.contains(name) && previous != '.' && depth == 0 && !calledAsFunction()) {
                    return name;
                }
            } else {
                i++;
            }
            previous = text.charAt(i - 1);
        }
        return null;
    }

    /** Whether an operand may start here, that is the previous token is no value (so {@code /} starts a regex). */
    private boolean startsOperand() {
        return previous == 0 || "([{,;:=?!<>&|+-*%~".indexOf(previous) >= 0;
    }

    /** {@code name(…)} is no field read (JSONata has no such call, but it is not ours to refuse). */
    private boolean calledAsFunction() {
        int j = i;
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return j < text.length() && text.charAt(j) == '(';
    }

    private int skipName(int from) {
        int j = from;
        while (j < text.length() && (Character.isUnicodeIdentifierPart(text.charAt(j)) && text.charAt(j) != '\u0000')) {
            j++;
        }
        return j;
    }

    private int skipNumber() {
        int j = i;
        while (j < text.length() && (Character.isDigit(text.charAt(j)) || text.charAt(j) == 'e' || text.charAt(j) == 'E'
                || text.charAt(j) == '.' && j + 1 < text.length() && Character.isDigit(text.charAt(j + 1))
                || (text.charAt(j) == '+' || text.charAt(j) == '-') && (text.charAt(j - 1) == 'e' || text.charAt(j - 1) == 'E'))) {
            j++;
        }
        return j;
    }

    private int skipQuoted(char quote) {
        int j = i + 1;
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == quote) {
                return j + 1;
            } else {
                j++;
            }
        }
        return j;
    }
}
