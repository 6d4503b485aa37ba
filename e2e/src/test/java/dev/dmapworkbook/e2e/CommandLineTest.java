package dev.dmapworkbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a lab does before it touches any cloud: options, help, and the AWS target without credentials. */
class CommandLineTest {

    @Test
    void awsTargetWithoutCredentialsRefusesCleanly(@TempDir Path home) throws Exception {
        // No credentials anywhere the default chain looks (no ~/.aws, no instance role).
        Map<String, String> env = LabRun.withoutAwsCredentials(home);
        LabRun run = LabRun.run(Paths.root(), env, "labs/01-deploy/Deploy.java", "--target", "aws");
        assertEquals(2, run.exitCode());
        assertTrue(run.output().contains("✗ no AWS credentials found for --target aws"), run.output());
        assertTrue(run.output().contains("--target local"), "it says how to run locally instead");
        assertFalse(run.output().contains("\tat "), "no stack trace");
        assertTrue(run.transcript().contains("no AWS credentials found"), "the transcript records why");
    }

    @Test
    void unknownOptionIsRefusedWithItsName() throws Exception {
        LabRun run = LabRun.run(Paths.root(), Map.of(), "labs/04-verify/Verify.java", "--bogus");
        assertEquals(2, run.exitCode());
        assertTrue(run.output().contains("Unknown option: --bogus"), run.output());
    }

    @Test
    void helpListsTheLabsOwnOptions() throws Exception {
        LabRun run = LabRun.run(Paths.root(), Map.of(), "labs/01-deploy/Deploy.java", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.output().contains("--dataset-zip FILE"), run.output());
        assertTrue(run.output().contains("--target local|aws"), run.output());
    }
}
