package dev.dmapworkbook.localcloud.states.dmap;

import java.math.BigDecimal;

/**
 * When a Map Run has failed more items than it tolerates (spec 9.6): failures are counted in items (FAILED
 * and TIMED_OUT children; ABORTED ones do not count); the run fails when {@code failed > count} (if a count
 * was given) or {@code failed / total × 100 > percentage} (if a percentage was given); with neither the
 * percentage is 0, so the first failure fails the run. Compared exactly, in decimal.
 *
 * @param count      ToleratedFailureCount, or null when not specified
 * @param percentage ToleratedFailurePercentage, or null when not specified
 */
record FailureTolerance(Long count, BigDecimal percentage) {
    /** The cause of {@code States.ExceedToleratedFailureThreshold} (spec 9.2 step 10 [AWS-rec]). */
    static final String THRESHOLD_CAUSE = "The specified tolerated failure threshold was exceeded";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    enum Verdict { TOLERATED, EXCEEDED, UNDECIDED }

    static FailureTolerance of(Long count, Double percentage) {
        return new FailureTolerance(count, percentage == null ? null : new BigDecimal(Double.toString(percentage)));
    }

    /**
     * @param failedItems items of FAILED or TIMED_OUT children so far
     * @param totalItems  items known so far
     * @param totalFinal  whether every item has been read ({@code totalItems} will not grow)
     */
    Verdict judge(long failedItems, long totalItems, boolean totalFinal) {
        if (count != null && failedItems > count) {
            return Verdict.EXCEEDED;
        }
        BigDecimal limit = percentage != null ? percentage : (count == null ? BigDecimal.ZERO : null);
        if (limit == null || failedItems == 0) {
            return Verdict.TOLERATED;
        }
        if (limit.signum() == 0) {
            return Verdict.EXCEEDED;
        }
        // failed / total × 100 > limit  ⇔  failed × 100 > limit × total (total > 0 since failed > 0)
        boolean over = BigDecimal.valueOf(failedItems).multiply(HUNDRED)
                .compareTo(limit.multiply(BigDecimal.valueOf(totalItems))) > 0;
        if (!over) {
            return Verdict.TOLERATED; // the total only grows, so the share only shrinks
        }
        return totalFinal ? Verdict.EXCEEDED : Verdict.UNDECIDED;
    }

    /** DescribeMapRun's {@code toleratedFailureCount} (0 when unspecified). */
    long reportedCount() {
        return count == null ? 0 : count;
    }

    /** DescribeMapRun's {@code toleratedFailurePercentage} (0.0 when unspecified). */
    double reportedPercentage() {
        return percentage == null ? 0.0 : percentage.doubleValue();
    }

    FailureTolerance withCount(Long newCount) {
        return new FailureTolerance(newCount, percentage);
    }

    FailureTolerance withPercentage(Double newPercentage) {
        return of(count, newPercentage).withCount(count);
    }
}
