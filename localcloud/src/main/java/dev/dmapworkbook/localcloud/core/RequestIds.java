package dev.dmapworkbook.localcloud.core;

import java.util.UUID;

/** Request ids in AWS's shape (a UUID), one per request, echoed in headers and error bodies. */
public final class RequestIds {
    private RequestIds() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }
}
