package dev.dmapworkbook.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The learner's path on a fresh local cloud, each step a lab run through {@code ./jbang} as the README says:
 * a lab before its prerequisite, {@code RunAll} (labs 00→04), each lab's transcript (lab 02's whole failure chain,
 * lab 04's zero mismatches, the real dataset's figures), then the cleanup. The steps depend on each other, so
 * they are one ordered sequence of dynamic tests.
 */
class LearnerPathTest {
    static final List<String> LABS = List.of("00-hello-dmap", "01-deploy", "02-run-and-fail", "03-fix-batchinput", "04-verify");
    static final List<String> SERVICES = List.of("s3", "dynamodb", "sts", "iam", "lambda", "states", "cloudformation");

    @TempDir
    static Path dataDir;
    static LocalCloudProcess cloud;
    static String notReady;

    @BeforeAll
    static void startLocalCloud() {
        try {
            cloud = LocalCloudProcess.start(Paths.root(), dataDir);
            List<String> missing = LocalCloudProcess.missingServices(cloud.health(), SERVICES);
            if (!missing.isEmpty()) {
                notReady = "the local cloud does not serve " + missing + " yet: skipping the labs";
            }
        } catch (Exception e) {
            notReady = "the local cloud could not start: " + e.getMessage();
        }
        if (notReady != null) {
            System.out.println("SKIPPING the learner path: " + notReady);
        }
    }

    @AfterAll
    static void stopLocalCloud() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> theWorkbookOnAFreshLocalCloud() {
        Path zip = Paths.noahZip();
        List<DynamicTest> steps = new ArrayList<>();
        LabRun[] runAll = new LabRun[1];

        steps.add(dynamicTest("lab 02 before lab 01 says which lab to run first", () -> {
            ready();
            LabRun run = lab("labs/02-run-and-fail/RunAndFail.java");
            assertNotEquals(0, run.exitCode(), "a missing prerequisite is a failure");
            assertTrue(run.output().contains("run lab 01 first"), "it names the lab to run first");
            assertTrue(run.transcript().contains("run lab 01 first"), "the transcript says it too");
            noStackTrace(run);
        }));

        steps.add(dynamicTest("./jbang labs/RunAll.java runs labs 00 to 04 (a generated dataset; the real one comes later)", () -> {
            ready();
            runAll[0] = lab("labs/RunAll.java", "--rows", "20000", "--offline");
            assertEquals(0, runAll[0].exitCode(), "RunAll's exit status; failed checks: " + runAll[0].failedChecks());
            for (String lab : List.of("00-hello-dmap", "01-deploy", "02-run-and-fail", "03-fix-batchinput", "04-verify")) {
                assertTrue(runAll[0].output().contains("✓ lab " + lab + " passed all its checks"), lab);
            }
        }));

        steps.add(dynamicTest("every console link labs 00 to 04 printed answers 200 with a page naming what it links", () -> {
            ready();
            Map<String, Set<String>> expected = Map.of(
                    "00-hello-dmap", Set.of("state-machines", "s3", "executions", "map-runs"),
                    "01-deploy", Set.of("functions", "s3"),
                    "02-run-and-fail", Set.of("state-machines", "executions", "map-runs", "functions"),
                    "03-fix-batchinput", Set.of("state-machines", "executions", "map-runs"),
                    "04-verify", Set.of("dynamodb"));
            for (String lab : LABS) {
                assertEquals(expected.get(lab), ConsoleLinkChecks.answer(lab, transcript(lab), cloud.endpoint()), lab + " links");
            }
            String lab02 = transcript("02-run-and-fail");
            assertTrue(lab02.contains("- ↗ the failed child "), "lab 02 links the failed child it looks at");
            assertEquals(2, ConsoleLinkChecks.links(lab02).stream().filter(u -> u.getPath().startsWith("/_console/executions/")).count(),
                    "lab 02 links its execution and the failed child");
        }));

        steps.add(dynamicTest("lab 00: the Map Run over the CSV and the filtered results in S3", () -> {
            String t = transcript("00-hello-dmap");
            cells(t, 7);
            assertTrue(t.contains("- ✓ the execution SUCCEEDED"));
            assertTrue(t.contains("- ✓ every row was an item: 20,000"));
            assertTrue(t.contains("- ✓ one child per 1,000 rows: 20"));
            assertTrue(t.contains("- ✓ the Pass filter kept every 4.0 and 5.0 rating"));
        }));

        steps.add(dynamicTest("lab 01: stack deployed, every station file uploaded", () -> {
            String t = transcript("01-deploy");
            cells(t, 4);
            assertTrue(t.contains("- ✓ the Lambda jar holds the handler"));
            assertTrue(t.contains("- ✓ the prefix holds exactly the "));
            assertTrue(t.contains("- ✓ the prefix holds exactly the 1,005 station files"), t);
        }));

        steps.add(dynamicTest("lab 02: the whole failure chain, as the console shows it", () -> {
            String t = transcript("02-run-and-fail");
            cells(t, 8);
            for (String check : List.of(
                    "- ✓ the ItemBatcher has no BatchInput",
                    "- ✓ the execution FAILED, as the workshop says it will",
                    "- ✓ the error is States.ExceedToleratedFailureThreshold",
                    "- ✓ the Map Run FAILED",
                    "- ✓ no child execution succeeded",
                    "- ✓ the counters add up",
                    " listed by ListExecutions(mapRunArn)",
                    "- ✓ the input holds only Items",
                    "- ✓ there is no BatchInput and no bucket anywhere in it",
                    "- ✓ the Lambda says what is missing: BatchInput.Bucket",
                    "- ✓ the replay fails the same way")) {
                assertTrue(t.contains(check), "lab 02's transcript lacks: " + check);
            }
        }));

        steps.add(dynamicTest("lab 03: the patch, its diff, and every child succeeding", () -> {
            String t = transcript("03-fix-batchinput");
            cells(t, 5);
            assertTrue(t.contains("+         \"BatchInput\": {"), "the diff shows the added BatchInput");
            assertTrue(t.contains("- ✓ the patch changes only ItemBatcher.BatchInput"));
            assertTrue(t.contains("the same as workflow-fixed.asl.json"), "lab 02 deployed the workshop's file");
            assertTrue(t.contains("- ✓ the execution SUCCEEDED"));
            assertTrue(t.contains("- ✓ all 11 child executions SUCCEEDED"), t);
            assertTrue(t.contains("- ✓ the child's input carries BatchInput.Bucket"));
        }));

        steps.add(dynamicTest("lab 04: zero mismatches", () -> {
            String t = transcript("04-verify");
            cells(t, 4);
            assertTrue(t.contains("- ✓ 0 mismatches: all "), t);
        }));

        steps.add(dynamicTest("every notebook of the run is valid nbformat 4 and converts to HTML", () -> {
            ready();
            Path html = Paths.root().resolve("e2e/target/notebooks");
            for (String lab : LABS) {
                NotebookChecks.validAndConverts(NotebookChecks.notebook(lab), html);
            }
            NotebookChecks.validAndConverts(outDir("run-all").resolve("workbook.ipynb"), html);
        }));

        steps.add(dynamicTest("each notebook's code cells are the lab's own source and its numbers the README's", () -> {
            ready();
            for (String lab : LABS) {
                NotebookChecks.sourcesAndNumbers(lab);
            }
        }));

        steps.add(dynamicTest("lab 02's notebook draws the workflow with the Map state failed (screenshot under e2e/target)", () -> {
            ready();
            NotebookChecks.graphWith("02-run-and-fail", "Map", "FAILED");
            NotebookChecks.graphWith("03-fix-batchinput", "Map", "SUCCEEDED");
            var chromium = Jupyter.chromium();
            Assumptions.assumeTrue(Jupyter.nbconvert(), Jupyter.NO_NBCONVERT);
            Assumptions.assumeTrue(chromium.isPresent(), Jupyter.NO_CHROMIUM);
            Path dir = Paths.root().resolve("e2e/target/notebooks/lab02");
            Path page = Jupyter.toHtml(NotebookChecks.notebook("02-run-and-fail"), dir, Paths.root().resolve("labs/common/notebook.html.j2"));
            assertTrue(Files.readString(page).contains("data-state=\"Map\""), "the converted page draws the graph");
            Path png = Jupyter.screenshot(chromium.get(), page, Paths.root().resolve("e2e/target/lab02-notebook.png"), 1100, 2600);
            System.out.println("lab 02's notebook, converted and drawn by chromium: " + png);
        }));

        // After RunAll's own transcripts and notebooks are checked: the instructor's runs replace them.
        steps.addAll(InstructorPath.steps(new InstructorPath.Cloud(() -> cloud, dataDir), LearnerPathTest::ready, zip));

        steps.add(dynamicTest("rerunning lab 02 after lab 03 is safe: it puts the broken definition back and fails again", () -> {
            ready();
            LabRun run = lab("labs/02-run-and-fail/RunAndFail.java");
            assertEquals(0, run.exitCode(), "failed checks: " + run.failedChecks());
            assertTrue(run.output().contains("UpdateStateMachine"), "it updated the existing state machine");
        }));

        steps.add(dynamicTest("lab 05 deletes everything", () -> {
            ready();
            LabRun run = lab("labs/05-cleanup/Cleanup.java");
            assertEquals(0, run.exitCode(), "failed checks: " + run.failedChecks());
            assertTrue(run.transcript().contains("- ✓ FindHighPrecipitationWorkflow is deleted"));
            assertTrue(run.transcript().contains("- ✓ the stack dmap-workbook is deleted"));
            assertEquals(Set.of("home"), ConsoleLinkChecks.answer("lab 05", run.transcript(), cloud.endpoint()),
                    "lab 05 links the console's home, where what is left shows");
            noStackTrace(run);
        }));

        steps.add(dynamicTest("after the cleanup, lab 04 says to run lab 01 first", () -> {
            ready();
            LabRun run = lab("labs/04-verify/Verify.java");
            assertNotEquals(0, run.exitCode());
            assertTrue(run.output().contains("run lab 01 first"), run.output());
        }));
        return steps.stream();
    }

    static void ready() {
        Assumptions.assumeTrue(notReady == null, () -> notReady);
    }

    static LabRun lab(String path, String... args) throws Exception {
        return LabRun.run(Paths.root(), Map.of("WORKBOOK_ENDPOINT", cloud.endpoint(), "WORKBOOK_DATA_DIR", dataDir.toString()),
                path, args);
    }

    static String transcript(String lab) throws Exception {
        ready();
        Path file = outDir(lab).resolve("transcript.md");
        assertTrue(Files.isRegularFile(file), "no transcript at " + file);
        String text = Files.readString(file);
        assertTrue(!text.contains("\n- ✗"), lab + "'s transcript has a failed check:\n" + text);
        assertTrue(text.contains("checks passed"), lab + "'s transcript ends with its summary");
        return text;
    }

    /** Where lab {@code lab} leaves its transcript and notebook: its folder in the local cloud's data dir. */
    static Path outDir(String lab) {
        return dataDir.resolve("workbook").resolve(lab);
    }

    static void cells(String transcript, int count) {
        for (int i = 1; i <= count; i++) {
            assertTrue(transcript.contains("\n## " + i + ". "), "cell " + i + " is in the transcript");
        }
    }

    static void noStackTrace(LabRun run) {
        assertTrue(!run.output().contains("\tat "), "no Java stack trace in:\n" + run.output());
    }
}
