package dev.dmapworkbook.localcloud.lambda;

/**
 * How one invocation ended, as the Runtime API and the worker's process reported it.
 *
 * @param kind      what happened
 * @param payload   the response (SUCCESS) or the runtime's error document (ERROR, INIT_ERROR); null otherwise
 * @param errorType the {@code Lambda-Runtime-Function-Error-Type} the runtime sent, or null
 * @param detail    for EXITED the runtime's exit ("exit status 1", "signal: killed"); for TIMEOUT the elapsed seconds
 */
record Outcome(Kind kind, byte[] payload, String errorType, String detail) {
    enum Kind {
        SUCCESS, ERROR, INIT_ERROR, TIMEOUT, EXITED,
        /** A warm runtime exited (after a fatal error) before it took this invocation: run it on another worker. */
        UNDELIVERED
    }

    static Outcome success(byte[] payload) {
        return new Outcome(Kind.SUCCESS, payload, null, null);
    }

    static Outcome error(byte[] payload, String errorType) {
        return new Outcome(Kind.ERROR, payload, errorType, null);
    }

    static Outcome initError(byte[] payload, String errorType) {
        return new Outcome(Kind.INIT_ERROR, payload, errorType, null);
    }

    static Outcome timeout(double seconds) {
        return new Outcome(Kind.TIMEOUT, null, null, String.format(java.util.Locale.ROOT, "%.2f", seconds));
    }

    static Outcome undelivered() {
        return new Outcome(Kind.UNDELIVERED, null, null, null);
    }

    static Outcome exited(String how) {
        return new Outcome(Kind.EXITED, null, null, how);
    }
}
