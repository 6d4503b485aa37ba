package dev.dmapworkbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

/** Issue 9 item 6: {@code java -jar localcloud.jar serve} on a fresh data dir, to the first 200 from the health check. */
final class ColdStart implements Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void run(Suite suite) throws Exception {
        if (!suite.project().localCloudRunnable()) {
            throw new NotMeasured("localcloud.jar has no Main-Class on this checkout, so there is no serve command to time");
        }
        Figure healthy = suite.report().figure("coldstart", "cold start: serve → health 200", "s", Goal.atMost(2, "s"));
        Figure ready = suite.report().figure("coldstartReady", "cold start: serve → every service running", "s", null);
        // One start first, not counted: the jar and the JDK's own files in the page cache, as on a learner's second try.
        for (int i = suite.options().quick() ? 0 : -1; i < suite.options().runs(); i++) {
            Path dir = Files.createTempDirectory("bench-coldstart");
            long t0 = System.nanoTime();
            try (CloudProcess cloud = CloudProcess.serve(suite.project(), dir, dir.resolve("data"), false)) {
                double toHealthy = cloud.secondsToHealthy;
                double toReady = Double.NaN;
                while (System.nanoTime() - t0 < 60e9) {
                    if (allRunning(CloudProcess.health(cloud.port))) {
                        toReady = (System.nanoTime() - t0) / 1e9;
                        break;
                    }
                    Thread.sleep(10);
                }
                if (i < 0) {
                    System.out.printf("  warm-up start: %.2f s to healthy%n", toHealthy);
                    continue;
                }
                healthy.add(toHealthy);
                if (!Double.isNaN(toReady)) {
                    ready.add(toReady);
                }
                System.out.printf("  run %d: %.2f s to healthy, %.2f s until every service is running%n", i + 1, toHealthy, toReady);
            }
        }
        suite.report().show("coldstart");
        suite.report().show("coldstartReady");
    }

    private static boolean allRunning(String health) {
        if (health == null) {
            return false;
        }
        try {
            JsonNode services = JSON.readTree(health).path("services");
            for (JsonNode state : services) {
                if (!state.asText().equals("running")) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
