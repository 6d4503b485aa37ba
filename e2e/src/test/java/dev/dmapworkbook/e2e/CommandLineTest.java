package dev.dmapworkbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a lab does before it touches any cloud: options, help, and the AWS target without credentials. */
class CommandLineTest {

    @Test
    void awsTargetWithoutCredentialsRefusesCleanly(@TempDir Path home) throws Exception {
        Map<String, String> env = new HashMap<>();
        // No credentials anywhere the default chain looks (no ~/.aws, no instance role).
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", null);
        env.put("AWS_SESSION_TOKEN", null);
        env.put("AWS_SECRET_ACCESS_KEY", null);
        env.put("AWS_PROFILE", null);
        env.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", null);
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", null);
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
