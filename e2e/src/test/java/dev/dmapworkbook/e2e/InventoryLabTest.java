package dev.dmapworkbook.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lab 06 at 10,000 objects on its own fresh local cloud, then lab 05 deletes what it made. */
class InventoryLabTest {
    @TempDir
    Path dataDir;

    @Test
    void listingAndInventorySideBySideThenCleanup() throws Exception {
        try (LocalCloudProcess cloud = LocalCloudProcess.start(Paths.root(), dataDir)) {
            List<String> missing = LocalCloudProcess.missingServices(cloud.health(), List.of("s3", "sts", "iam", "states"));
            Assumptions.assumeTrue(missing.isEmpty(), "the local cloud does not serve " + missing);
            Map<String, String> env = Map.of("WORKBOOK_ENDPOINT", cloud.endpoint(), "WORKBOOK_DATA_DIR", dataDir.toString());

            LabRun run = LabRun.run(Paths.root(), env, "labs/06-inventory/Inventory.java", "--objects", "10000");
            assertEquals(0, run.exitCode(), "failed checks: " + run.failedChecks());
            String t = run.transcript();
            for (int cell = 1; cell <= 8; cell++) {
                assertTrue(t.contains("\n## " + cell + ". "), "cell " + cell + " is in the transcript");
            }
            for (String check : List.of("- ✓ the prefix holds 10,000 objects",
                    "- ✓ manifest.checksum is the MD5 of manifest.json",
                    "- ✓ listing: one ListObjectsV2 per 1,000 keys (10)",
                    "- ✓ inventory: one GetObject for the manifest and one per data file (2)",
                    "- ✓ both runs processed every object")) {
                assertTrue(t.contains(check), check + " in:\n" + t);
            }
            assertTrue(t.contains("inventory/workbook-inventory-source/workbook-inventory/data/"), "the report's layout is shown");
            assertTrue(t.contains("\"fileSchema\" : \"Bucket, Key, Size, LastModifiedDate\""), t);
            assertFalse(run.output().contains("\tat "), "no stack trace");

            LabRun cleanup = LabRun.run(Paths.root(), env, "labs/05-cleanup/Cleanup.java");
            assertEquals(0, cleanup.exitCode(), "failed checks: " + cleanup.failedChecks());
            assertTrue(cleanup.transcript().contains("- ✓ nothing of lab 06 is left"), cleanup.transcript());
            assertTrue(cleanup.transcript().contains("workbook-inventory-source"), "the bucket is deleted by name");
        }
    }
}
