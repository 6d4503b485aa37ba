package dev.dmapworkbook.localcloud.states.dmap;

import org.junit.jupiter.api.Test;

import static dev.dmapworkbook.localcloud.states.dmap.FailureTolerance.Verdict.EXCEEDED;
import static dev.dmapworkbook.localcloud.states.dmap.FailureTolerance.Verdict.TOLERATED;
import static dev.dmapworkbook.localcloud.states.dmap.FailureTolerance.Verdict.UNDECIDED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Spec 9.6: strictly "exceeds", counted in items, either threshold suffices, default percentage 0. */
class FailureToleranceTest {
    @Test
    void neitherSpecifiedFailsOnTheFirstFailure() {
        FailureTolerance none = FailureTolerance.of(null, null);
        assertEquals(TOLERATED, none.judge(0, 10, true));
        assertEquals(EXCEEDED, none.judge(1, 1_000_000, false));
        assertEquals(0, none.reportedCount());
        assertEquals(0.0, none.reportedPercentage());
    }

    @Test
    void countToleratesUpToItself() {
        FailureTolerance one = FailureTolerance.of(1L, null);
        assertEquals(TOLERATED, one.judge(1, 2, true));
        assertEquals(EXCEEDED, one.judge(2, 100, false));
        assertEquals(TOLERATED, one.judge(1, 1, true)); // 100 % failed is fine when only a count is given
    }

    @Test
    void percentageIsExactAndStrict() {
        FailureTolerance onePercent = FailureTolerance.of(null, 1.0);
        assertEquals(TOLERATED, onePercent.judge(12_929, 1_292_954, true));
        assertEquals(EXCEEDED, onePercent.judge(12_930, 1_292_954, true));
        assertEquals(TOLERATED, onePercent.judge(1000, 100_000, true));
        assertEquals(EXCEEDED, onePercent.judge(1001, 100_000, true));
        FailureTolerance decimal = FailureTolerance.of(null, 1.1);
        assertEquals(TOLERATED, decimal.judge(11, 1000, true));
        assertEquals(EXCEEDED, decimal.judge(12, 1000, true));
        assertEquals(TOLERATED, FailureTolerance.of(null, 100.0).judge(50, 50, true));
        assertEquals(EXCEEDED, FailureTolerance.of(null, 0.0).judge(1, 50, false));
    }

    @Test
    void percentageWaitsForTheTotalWhenItCouldStillBeTolerated() {
        FailureTolerance ten = FailureTolerance.of(null, 10.0);
        assertEquals(UNDECIDED, ten.judge(5, 20, false));
        assertEquals(EXCEEDED, ten.judge(5, 20, true));
        assertEquals(TOLERATED, ten.judge(5, 50, false));
    }

    @Test
    void eitherThresholdSuffices() {
        FailureTolerance both = FailureTolerance.of(10L, 50.0);
        assertEquals(EXCEEDED, both.judge(11, 1000, true));
        assertEquals(EXCEEDED, both.judge(6, 10, true));
        assertEquals(TOLERATED, both.judge(5, 10, true));
    }
}
