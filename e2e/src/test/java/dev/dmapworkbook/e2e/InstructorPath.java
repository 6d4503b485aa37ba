package dev.dmapworkbook.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.dmapworkbook.e2e.LearnerPathTest.cells;
import static dev.dmapworkbook.e2e.LearnerPathTest.lab;
import static dev.dmapworkbook.e2e.LearnerPathTest.noStackTrace;
import static dev.dmapworkbook.e2e.LearnerPathTest.transcript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * What an instructor does with the workbook after {@code RunAll} (issue 20), on the same local cloud: datasets
 * that are not NOAA zips, the switch from the generated dataset to the real one, every {@code --failure} of lab 02,
 * a definition edited before lab 03, {@code --step} through a pseudo-terminal, and a second local cloud beside the
 * first ({@code RunAll --prepare 03} there, then lab 03 alone) that leaves the first one's lab 04 intact.
 */
final class InstructorPath {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The learner path's local cloud (started before the steps run) and its data dir. */
    record Cloud(Supplier<LocalCloudProcess> process, Path dataDir) {
        Path lab01() {
            return dataDir.resolve("workbook/01-deploy");
        }
    }

    private InstructorPath() {
    }

    static List<DynamicTest> steps(Cloud cloud, Runnable ready, Path realZip) {
        List<DynamicTest> steps = new ArrayList<>();
        steps.add(dynamicTest("lab 01 refuses a file that is not a zip, and a truncated zip, before anything changes", () -> {
            ready.run();
            String before = Files.readString(cloud.lab01().resolve("dataset.json"));
            Path notZip = Files.writeString(Files.createTempFile("stations", ".zip"), "ID,DATE,ELEMENT,DATA_VALUE\n");
            Path truncated = Files.createTempFile("noah-truncated", ".zip");
            byte[] whole = Files.readAllBytes(cloud.lab01().resolve("generated/noah.zip"));
            Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 3));
            for (Path bad : List.of(notZip, truncated)) {
                LabRun run = lab("labs/01-deploy/Deploy.java", "--dataset-zip", bad.toString());
                assertNotEquals(0, run.exitCode());
                List<String> failures = run.failedChecks().stream().filter(l -> !l.matches("✗ [0-9]+ of [0-9]+ checks failed.*")).toList();
                assertEquals(1, failures.size(), "one line says why: " + run.output());
                assertTrue(failures.get(0).contains(bad.toString()) && failures.get(0).contains("is not a NOAA zip")
                        && failures.get(0).contains("nothing was changed"), failures.get(0));
                assertFalse(run.output().contains("2. Build the Lambda"), "it stops in cell 1");
                noStackTrace(run);
            }
            assertEquals(before, Files.readString(cloud.lab01().resolve("dataset.json")), "lab 01's record is unchanged");
            try (Stream<Path> files = Files.list(cloud.lab01().resolve("data"))) {
                assertEquals(1005, files.count(), "the unpacked stations are unchanged");
            }
        }));

        steps.add(dynamicTest("lab 01 with another dataset (the real noah.zip when present) empties the results table", () -> {
            ready.run();
            LabRun run = realZip != null ? lab("labs/01-deploy/Deploy.java", "--dataset-zip", realZip.toString())
                    : lab("labs/01-deploy/Deploy.java", "--offline", "--stations", "900");
            assertEquals(0, run.exitCode(), "failed checks: " + run.failedChecks());
            String t = transcript("01-deploy");
            assertTrue(t.contains("objects of an earlier dataset from the prefix"), "the S3 prefix still held the first dataset");
            assertTrue(t.contains("the dataset changed: deleted 1,003 items of the earlier dataset"), t);
            assertTrue(t.contains("- ✓ the results table ") && t.contains(" is empty"), t);
        }));

        for (String failure : List.of("wrong-prefix", "bad-station", "lambda-timeout")) {
            steps.add(dynamicTest("lab 02 --failure " + failure + ": every check passes and lab 03's prerequisites are put back", () -> {
                ready.run();
                LabRun run = lab("labs/02-run-and-fail/RunAndFail.java", "--failure", failure);
                assertEquals(0, run.exitCode(), "failed checks: " + run.failedChecks());
                String t = transcript("02-run-and-fail");
                assertTrue(t.contains("- ✓ the deployed definition is workflow.asl.json's again"), t);
                assertTrue(ConsoleLinkChecks.answer("lab 02 --failure " + failure, t, cloud.process().get().endpoint())
                        .containsAll(List.of("executions", "map-runs")), "it links its execution and Map Run");
                switch (failure) {
                    case "wrong-prefix" -> assertTrue(t.contains("- ✓ the Map Run read 0 items and started 0 child executions"), t);
                    case "bad-station" -> assertTrue(t.contains("- ✓ the failed child's error names the corrupt file")
                            && t.contains("- ✓ the Map Run SUCCEEDED and counts 1 failed child"), t);
                    default -> assertTrue(t.contains("(Sandbox.Timedout), after 3 attempts")
                            && t.contains("- ✓ the function's timeout is 300 s again"), t);
                }
            }));
        }

        steps.add(dynamicTest("lab 03 patches what is deployed: an instructor's MaxItemsPerBatch 50 stays, BatchInput is added", () -> {
            ready.run();
            try (SfnClient sfn = sfn(cloud.process().get())) {
                String arn = sfn.listStateMachines().stateMachines().stream().filter(m -> m.name().equals("FindHighPrecipitationWorkflow"))
                        .findFirst().orElseThrow().stateMachineArn();
                JsonNode definition = JSON.readTree(sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition());
                ((ObjectNode) definition.at("/States/Map/ItemBatcher")).put("MaxItemsPerBatch", 50);
                sfn.updateStateMachine(r -> r.stateMachineArn(arn).definition(definition.toString()));
            }
            LabRun run = lab("labs/03-fix-batchinput/FixBatchInput.java");
            assertEquals(0, run.exitCode(), "failed checks: " + run.failedChecks());
            String t = transcript("03-fix-batchinput");
            assertTrue(t.contains("\"MaxItemsPerBatch\": 50") && t.contains("+         \"BatchInput\": {"), t);
            assertTrue(t.contains("not the same as workflow-fixed.asl.json"), t);
            assertTrue(t.contains("- ✓ the deployed definition is exactly the patched one"), t);
            Matcher items = Pattern.compile("(?m)^  items +([0-9,]+) ").matcher(t);
            assertTrue(items.find(), "the Map Run's item counter: " + t);
            int children = (Integer.parseInt(items.group(1).replace(",", "")) + 49) / 50;
            assertTrue(t.contains("- ✓ all " + children + " child executions SUCCEEDED"), "every file in batches of 50: " + t);
        }));

        steps.add(dynamicTest("lab 04 after the switch: 0 mismatches, and NOAA's quality flags", () -> {
            ready.run();
            LabRun run = lab("labs/04-verify/Verify.java");
            assertEquals(0, run.exitCode(), "failed checks: " + run.failedChecks());
            String t = transcript("04-verify");
            cells(t, 5);
            assertTrue(t.contains("- ✓ 0 mismatches: all "), t);
            assertTrue(t.contains("- ✓ each of the ten wettest values is a reading of its station's file"), t);
            if (realZip == null) {
                System.out.println(Paths.SHARED_ABSENT + ": skipping the real dataset's figures and flags");
                return;
            }
            assertTrue(t.contains("- ✓ the workshop's figures: 1,003 items, 61 of them 0"), t);
            assertTrue(t.contains("ASN00040869         57,560  2002-01-19  X (failed bounds check)"), t);
            assertTrue(t.contains("ASN00032187         13,300  2013-02-06  G (failed gap check)"), t);
        }));

        steps.add(dynamicTest("the Lambda's logs (every cold start of the labs so far) hold no SLF4J line", () -> {
            ready.run();
            List<String> lines;
            try (Stream<Path> files = Files.walk(cloud.dataDir().resolve("logs"))) {
                lines = files.filter(f -> f.toString().endsWith(".jsonl") && f.toString().contains("HighPrecipitation"))
                        .flatMap(f -> {
                            try {
                                return Files.readAllLines(f).stream();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }).toList();
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains("START RequestId")), "the function's logs are there");
            assertEquals(List.of(), lines.stream().filter(l -> l.contains("SLF4J")).toList());
        }));

        steps.add(dynamicTest("--step through a pseudo-terminal: Enter runs, s skips, a number jumps, q quits and keeps the transcript", () -> {
            ready.run();
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no script(1) (util-linux): skipping --step");
            var run = stepThrough(cloud, "labs/04-verify/Verify.java", List.of("", "", "s", "5", "q"));
            assertEquals(130, run.exitCode(), run.output());
            String t = transcript("04-verify");
            assertTrue(t.contains("- ✓ every item has pk (S) and PRCP (N)") && t.contains("- ✓ computed "), "cells 1 and 2 ran: " + t);
            assertTrue(t.contains("## 3. Compare") && t.contains("_skipped_") && !t.contains("0 mismatches"), "cell 3 skipped: " + t);
            assertTrue(run.output().contains("── 4. The ten wettest stations") && !t.contains("ten wettest listed"), "cell 4 jumped over: " + t);
            assertTrue(t.contains("■ quit before cell 5. What NOAA's quality flags say (--step)"), t);
        }));

        steps.add(dynamicTest("a second local cloud: RunAll --prepare 03, then lab 03 alone; the first cloud's lab 04 is untouched", () -> {
            ready.run();
            Path second = Files.createTempDirectory("second-cloud");
            try (LocalCloudProcess other = LocalCloudProcess.start(Paths.root(), second)) {
                Map<String, String> env = Map.of("WORKBOOK_ENDPOINT", other.endpoint(), "WORKBOOK_DATA_DIR", second.toString());
                LabRun prepare = LabRun.run(Paths.root(), env, "labs/RunAll.java", "--prepare", "03", "--offline", "--stations", "40");
                assertEquals(0, prepare.exitCode(), prepare.output());
                assertTrue(prepare.output().contains("ready for lab 03: ./jbang labs/03-fix-batchinput/FixBatchInput.java"));
                assertFalse(prepare.output().contains("── 2. Create FindHighPrecipitationWorkflow"), "quietly: the labs' cells are in logs");
                LabRun fix = LabRun.run(Paths.root(), env, "labs/03-fix-batchinput/FixBatchInput.java");
                assertEquals(0, fix.exitCode(), "failed checks: " + fix.failedChecks());
                assertTrue(fix.transcript().contains("- ✓ all 1 child executions SUCCEEDED"), fix.transcript());
            } finally {
                deleteQuietly(second);
            }
            LabRun verify = lab("labs/04-verify/Verify.java");
            assertEquals(0, verify.exitCode(), "the first cloud's lab 04: " + verify.failedChecks());
        }));
        return steps;
    }

    /** A lab run through script(1), so that it has a terminal; each answer is typed when a [step] prompt appears. */
    static LabRun stepThrough(Cloud cloud, String labPath, List<String> answers) throws Exception {
        var builder = new ProcessBuilder("script", "-qfec", "./jbang " + labPath + " --step", "/dev/null")
                .directory(Paths.root().toFile()).redirectErrorStream(true);
        builder.environment().put("WORKBOOK_ENDPOINT", cloud.process().get().endpoint());
        builder.environment().put("WORKBOOK_DATA_DIR", cloud.dataDir().toString());
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        Thread typist = new Thread(() -> type(process.getInputStream(), process.getOutputStream(), seen, answers));
        typist.start();
        boolean done = process.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        typist.join(10_000);
        String output = seen.toString(StandardCharsets.UTF_8);
        System.out.printf("%n===== %s --step (exit %s) =====%n%s%n", labPath, done ? process.exitValue() : "timeout", output);
        return new LabRun(labPath, done ? process.exitValue() : -1, output, "", java.time.Duration.ZERO);
    }

    private static void type(InputStream in, OutputStream keyboard, ByteArrayOutputStream seen, List<String> answers) {
        byte[] buffer = new byte[4096];
        int typed = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (seen) {
                    seen.write(buffer, 0, n);
                }
                int prompts = seen.toString(StandardCharsets.UTF_8).split("\\[step] Enter runs", -1).length - 1;
                while (typed < prompts && typed < answers.size()) {
                    keyboard.write((answers.get(typed++) + "\n").getBytes(StandardCharsets.UTF_8));
                    keyboard.flush();
                }
            }
        } catch (java.io.IOException ended) {
            // the lab exited
        }
    }

    private static SfnClient sfn(LocalCloudProcess cloud) {
        return SfnClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp dir left behind
        }
    }
}
