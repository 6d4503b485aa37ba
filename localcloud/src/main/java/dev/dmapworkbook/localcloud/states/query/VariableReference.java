package dev.dmapworkbook.localcloud.states.query;

/**
 * A variable read from a JSONPath field: {@code "x.$": "$name"} or {@code "$name.a[0]"} (AWS "Passing data between
 * states with variables": JSONPath states reference variables as paths that start with {@code $name}).
 *
 * @param name the variable
 * @param path the rest as a JSONPath over the variable's value ({@code $.a[0]}, or {@code $} for the value itself)
 */
public record VariableReference(String name, String path) {
    /** The reference {@code text} is, or null when it is an ordinary path ({@code $}, {@code $.x}, {@code $$.y}). */
    public static VariableReference parse(String text) {
        if (text.length() < 2 || text.charAt(0) != '$' || !Character.isUnicodeIdentifierStart(text.codePointAt(1))
                && text.charAt(1) != '_') {
            return null;
        }
        int i = 1;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isUnicodeIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return new VariableReference(text.substring(1, i), "$" + text.substring(i));
    }
}
