package dev.dmapworkbook.bench.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reliability suite's invariants at its {@code --quick} sizes: nothing confirmed is lost to {@code kill -9}, every
 * Lambda fault is answered as AWS answers it, malformed input gets a 4xx (never a 5xx, a hang or a silent close),
 * other web sites are refused, load loses nothing. Its timings are printed by the suite, never asserted.
 */
class ReliabilityTest {
    @TempDir
    Path dir;

    private List<Tally> run(String name) throws Exception {
        List<Tally> tallies = Reliability.run(name, dir, Reliability.Sizes.QUICK);
        tallies.forEach(t -> System.out.println(t.name() + ": tried " + t.tried() + ", survived " + t.survived() + ", lost "
                + t.lost() + " (" + t.detail() + ")"));
        assertFalse(tallies.isEmpty(), name + " counted nothing"); // else a test over its tallies could not fail
        return tallies;
    }

    private static void assertClean(Tally tally) {
        assertEquals(0, tally.lost(), tally.name() + ": " + tally.detail());
        assertTrue(tally.survived() > 0, tally.name() + " tried nothing: " + tally.detail());
    }

    @Test
    void confirmedWritesSurviveKillNine() throws Exception {
        for (Tally tally : run("durability")) {
            assertClean(tally);
            assertTrue(tally.survived() >= Reliability.Sizes.QUICK.confirmedPerWriter(), tally.detail());
        }
    }

    @Test
    void lambdaFaultsAreAnsweredAsAwsAnswersThemAndThePoolRecovers() throws Exception {
        run("faults").forEach(ReliabilityTest::assertClean);
    }

    @Test
    void malformedRequestsGetAwsShaped4xxNever5xxHangsOrSilentCloses() throws Exception {
        Tally tally = run("malformed").get(0);
        assertClean(tally);
        assertEquals(Reliability.Sizes.QUICK.malformed(), tally.tried());
    }

    @Test
    void mutatedDefinitionsAreCreatedOrRefusedWithA4xx() throws Exception {
        run("definitions").forEach(ReliabilityTest::assertClean);
    }

    @Test
    void stalledClientsDoNotStarveTheHealthCheck() throws Exception {
        run("stalled").forEach(ReliabilityTest::assertClean);
    }

    @Test
    void concurrentClientsLoseNothing() throws Exception {
        run("concurrent").forEach(ReliabilityTest::assertClean);
    }

    @Test
    void everyExpressChildSucceedsAndIsCounted() throws Exception {
        run("express").forEach(ReliabilityTest::assertClean);
    }

    @Test
    void otherWebSitesAreRefused() throws Exception {
        Tally tally = run("origin").get(0);
        assertClean(tally);
        assertTrue(tally.detail().endsWith("none"), tally.detail());
    }
}
