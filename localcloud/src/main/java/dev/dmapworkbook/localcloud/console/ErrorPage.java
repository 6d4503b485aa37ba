package dev.dmapworkbook.localcloud.console;

/** A page that says what went wrong, in the service's words (e.g. ExecutionDoesNotExist and its message). */
final class ErrorPage {
    private ErrorPage() {
    }

    static String render(String code, String message) {
        return new Html(code).raw("<div class=\"banner st-failed\"><strong>").text(code).raw("</strong><p>")
                .text(message).raw("</p></div>").finish();
    }
}
