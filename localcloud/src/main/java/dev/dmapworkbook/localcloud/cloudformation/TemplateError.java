package dev.dmapworkbook.localcloud.cloudformation;

/**
 * A template or request that CloudFormation rejects before doing anything: the wire renders it as
 * {@code ValidationError} (HTTP 400). The message says where the template is wrong, as AWS's own
 * messages do ({@code Template format error: [/Resources/Bucket] …}).
 */
final class TemplateError extends RuntimeException {
    TemplateError(String message) {
        super(message, null, false, false);
    }

    /** {@code Template format error: [pointer] what (line n)}. */
    static TemplateError format(TemplateDocument document, String pointer, String what) {
        return new TemplateError("Template format error: [" + pointer + "] " + what + document.where(pointer));
    }

    /** {@code Template error: what} — the form AWS uses for bad intrinsic function use. */
    static TemplateError template(TemplateDocument document, String pointer, String what) {
        return new TemplateError("Template error: " + what + " (at " + pointer + document.where(pointer).replace(" (", ", ").replace(")", "") + ")");
    }
}
