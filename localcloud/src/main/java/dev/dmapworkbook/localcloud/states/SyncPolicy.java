package dev.dmapworkbook.localcloud.states;

/**
 * How far a confirmed Step Functions change is written before its answer goes out ({@code --sfn-sync}, README
 * "Step Functions journal"). Every policy survives {@code kill -9} of the local cloud; they differ on a power cut.
 */
public enum SyncPolicy {
    /** The answer waits for an fsync of the batch holding its change; answers waiting together share one fsync. */
    BATCH,
    /** As {@code batch}, and every batch is fsynced as written, also the changes no answer waits for (running executions' events). */
    ALWAYS,
    /** The answer waits until its change is written to the operating system; fsync only at compaction and stop. */
    NONE;

    /** {@code always}, {@code batch} or {@code none}, in any case. */
    public static SyncPolicy parse(String text) {
        for (SyncPolicy p : values()) {
            if (p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--sfn-sync must be always, batch or none, not '" + text + "'");
    }
}
