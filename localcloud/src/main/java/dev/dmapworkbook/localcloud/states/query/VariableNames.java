package dev.dmapworkbook.localcloud.states.query;

/**
 * What a variable may be called (AWS "Variable name syntax"): Unicode Standard Annex #31 identifiers (a first
 * character that may start an identifier, then characters that may continue one), at most 80 characters, and not
 * the reserved {@code states}.
 */
public final class VariableNames {
    public static final int MAX_LENGTH = 80;

    private VariableNames() {
    }

    /** Why {@code name} cannot be a variable's name, or null if it can. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "The variable name must not be empty";
        }
        if ("states".equals(name)) {
            return "The variable name 'states' is reserved: $states is Step Functions' own variable";
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return "The variable name '" + name + "' is longer than " + MAX_LENGTH + " characters";
        }
        int first = name.codePointAt(0);
        if (!Character.isUnicodeIdentifierStart(first) && first != '_') {
            return "The variable name '" + name + "' must start with a letter or an underscore";
        }
        for (int i = Character.charCount(first); i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isUnicodeIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                return "The variable name '" + name + "' may hold only letters, digits and underscores";
            }
            i += Character.charCount(cp);
        }
        return null;
    }
}
