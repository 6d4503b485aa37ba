package dev.dmapworkbook.localcloud.lambda;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** One invocation handed to a worker: what {@code /runtime/invocation/next} delivers and what completes it. */
final class PendingInvocation {
    final String requestId;
    final byte[] payload;
    final String clientContext;
    final CompletableFuture<Outcome> done = new CompletableFuture<>();
    volatile boolean pickedUp;
    volatile long startNanos;
    volatile long deadlineMillis;
    volatile ScheduledFuture<?> timeoutGuard;

    PendingInvocation(String requestId, byte[] payload, String clientContext) {
        this.requestId = requestId;
        this.payload = payload;
        this.clientContext = clientContext;
    }
}
