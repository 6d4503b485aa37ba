package dev.dmapworkbook.localcloud.states.dmap;

/**
 * A Distributed Map field that is wrong or not supported, with the JSON pointer of where it is. The API
 * renders it as {@code InvalidDefinition}: {@code Invalid State Machine Definition:
 * 'SCHEMA_VALIDATION_FAILED: <message> at <pointer>'} (spec 2.1, STYLE "a bad definition names where").
 */
public final class DefinitionException extends RuntimeException {
    private final String pointer;
    private final String detail;

    public DefinitionException(String pointer, String detail) {
        super("SCHEMA_VALIDATION_FAILED: " + detail + " at " + pointer, null, false, false);
        this.pointer = pointer;
        this.detail = detail;
    }

    public String pointer() {
        return pointer;
    }

    public String detail() {
        return detail;
    }
}
