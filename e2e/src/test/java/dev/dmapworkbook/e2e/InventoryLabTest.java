package dev.dmapworkbook.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    @TempDir
    Path htmlDir;

    /**
     * The run's notebook: every README cell, the lab's own source, the side-by-side table and its two charts, valid
     * for nbformat and converted by nbconvert.
     */
    private void notebook(Path outDir) throws Exception {
        Path file = NotebookChecks.notebook(outDir, "06-inventory");
        NotebookChecks.sourcesAndNumbers("06-inventory", file);
        JsonNode nb = new ObjectMapper().readTree(file.toFile());
        JsonNode side = null;
        for (JsonNode cell : nb.get("cells")) {
            if (cell.at("/metadata/dmap_workbook/cell").asInt() == 7) {
                side = cell;
            }
        }
        assertTrue(side != null, "cell 7 is in the notebook");
        String html = side.findValues("text/html").toString();
        assertTrue(html.contains("s3:listObjectsV2") && html.contains("inventory manifest")
                && html.contains("10 ListObjectsV2") && html.contains("2 GetObject"), "the side-by-side table: " + html);
        List<String> svgs = side.findValues("image/svg+xml").stream().map(JsonNode::asText).toList();
        assertEquals(2, svgs.size(), "two charts in cell 7");
        assertTrue(svgs.get(0).contains("S3 requests by the ItemReader") && svgs.get(0).contains("listObjectsV2: 10")
                && svgs.get(0).contains("inventory: 2"), svgs.get(0));
        assertTrue(svgs.get(1).contains("listing: end") && svgs.get(1).contains("inventory: 1st child"), svgs.get(1));
        NotebookChecks.validAndConverts(file, htmlDir);
    }

    @Test
    void theAwsTargetWithoutCredentialsStopsBeforeAnythingIsCreated(@TempDir Path home) throws Exception {
        Map<String, String> env = LabRun.withoutAwsCredentials(home);
        LabRun run = LabRun.run(Paths.root(), env, "labs/06-inventory/Inventory.java", "--target", "aws",
                "--manifest", "s3://amzn-s3-demo-bucket/inventory/src/id/2026-01-01T01-00Z/manifest.json");
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("✗ no AWS credentials found for --target aws"), run.output());
        assertTrue(run.output().contains("--target local"), "it says how to run locally instead: " + run.output());
        assertFalse(run.output().contains("A bucket of small objects"), "no cell ran: " + run.output());
        assertFalse(run.output().contains("\tat "), "no stack trace");
    }

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
                    "- ✓ it lists the objects under objects-10000/, the ones the listing run reads",
                    "- ✓ listing: one ListObjectsV2 per 1,000 keys (10)",
                    "- ✓ inventory: one GetObject for the manifest and one per data file (2)",
                    "- ✓ both runs processed every object")) {
                assertTrue(t.contains(check), check + " in:\n" + t);
            }
            assertTrue(t.contains("inventory/workbook-inventory-source/workbook-inventory/data/"), "the report's layout is shown");
            assertTrue(t.contains("\"fileSchema\" : \"Bucket, Key, Size, LastModifiedDate\""), t);
            assertFalse(run.output().contains("\tat "), "no stack trace");
            notebook(dataDir.resolve("workbook").resolve("06-inventory"));
            assertEquals(java.util.Set.of("state-machines", "executions", "map-runs"),
                    ConsoleLinkChecks.answer("lab 06", t, cloud.endpoint()), "lab 06 links what it made and ran");

            LabRun cleanup = LabRun.run(Paths.root(), env, "labs/05-cleanup/Cleanup.java");
            assertEquals(0, cleanup.exitCode(), "failed checks: " + cleanup.failedChecks());
            assertTrue(cleanup.transcript().contains("- ✓ nothing of lab 06 is left"), cleanup.transcript());
            assertTrue(cleanup.transcript().contains("workbook-inventory-source"), "the bucket is deleted by name");
        }
    }
}
