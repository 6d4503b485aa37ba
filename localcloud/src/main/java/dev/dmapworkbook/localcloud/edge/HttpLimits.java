package dev.dmapworkbook.localcloud.edge;

import java.time.Duration;

/**
 * What one client may take of the edge, so that slow or malformed clients cannot hold it: each connection has
 * its own thread, and every wait on a client has a deadline.
 *
 * @param headerTimeout   from a request's first byte to the end of its header section (then 408)
 * @param idleTimeout     a kept-alive connection with no new request is closed after this
 * @param bodyIdleTimeout longest pause while a request body arrives (then 400 RequestTimeout)
 * @param writeTimeout    longest pause of a client that does not read its response (then the connection is cut)
 * @param maxHeaderBytes  request line plus header section (then 431)
 * @param maxHeaders      header fields per request (then 431)
 * @param maxConnections  open connections at once (then 503 SlowDown)
 */
record HttpLimits(Duration headerTimeout, Duration idleTimeout, Duration bodyIdleTimeout, Duration writeTimeout,
                  int maxHeaderBytes, int maxHeaders, int maxConnections) {
    static HttpLimits defaults() {
        return new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 64 * 1024, 200, 1024);
    }
}
