package dev.dmapworkbook.localcloud.states.asl;

/** Step Functions' quotas (spec §10, AWS "Step Functions service quotas"): each written once, here. */
public final class Quotas {
    /** The largest execution input, state input/output, task result and child input: 256 KiB of UTF-8. */
    public static final int PAYLOAD_LIMIT_BYTES = 262_144;

    /** A STANDARD execution's history holds at most 25,000 events; reaching it fails the execution. */
    public static final int HISTORY_EVENT_LIMIT = 25_000;

    /**
     * The AWS docs (service-quotas, bp-history-limit) name no error; AWS's is States.Runtime with this cause, the
     * failure being event 25,000 [AWS-rec: github loads/ardere issue #86 (an execution's output), floci-io/floci issue
     * #2734 (measured on AWS: ExecutionFailed id 25000 after event 24,999)].
     */
    public static final String HISTORY_LIMIT_CAUSE =
            "The execution reached the maximum number of history events (" + HISTORY_EVENT_LIMIT + ").";

    /** EXPRESS executions run at most five minutes, in real time. */
    public static final long EXPRESS_MAX_MILLIS = 5 * 60 * 1000;

    /** The longest a Wait state may wait: 99,999,999 seconds ("Wait state delay is too long" beyond). */
    public static final long WAIT_MAX_SECONDS = 99_999_999L;

    private Quotas() {
    }
}
