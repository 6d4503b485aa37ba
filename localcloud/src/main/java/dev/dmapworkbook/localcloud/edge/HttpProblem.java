package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.ServiceException;

/**
 * A request the edge's HTTP layer cannot take (RFC 9110/9112): malformed, too large, too slow. Rendered with the
 * request's protocol like any service error; the connection is closed after it, since the stream is out of step.
 */
final class HttpProblem extends ServiceException {
    HttpProblem(int status, String code, String message) {
        super(status, code, message);
    }

    static HttpProblem badRequest(String message) {
        return new HttpProblem(400, "BadRequest", message);
    }

    static HttpProblem headersTooLarge(String message) {
        return new HttpProblem(431, "RequestHeaderSectionTooLarge", message);
    }

    static HttpProblem timeout() {
        return new HttpProblem(408, "RequestTimeout",
                "Your socket connection to the server was not read from or written to within the timeout period.");
    }

    /** S3's code and message for a body shorter than its {@code Content-Length}; the other protocols take it as is. */
    static HttpProblem incompleteBody() {
        return new HttpProblem(400, "IncompleteBody", "You did not provide the number of bytes specified by the "
                + "Content-Length HTTP header.");
    }

    static HttpProblem bodyTimeout() {
        return new HttpProblem(400, "RequestTimeout",
                "Your socket connection to the server was not read from or written to within the timeout period.");
    }
}
