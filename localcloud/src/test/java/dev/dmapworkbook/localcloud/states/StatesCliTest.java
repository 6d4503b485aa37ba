package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few flows through the AWS CLI ({@code aws stepfunctions …}); skipped, visibly, when {@code aws} is not on PATH. */
class StatesCliTest {
    @TempDir
    Path dataDir;

    record Result(int exit, String out, String err) {
        JsonNode json() {
            return Json.parse(out);
        }
    }

    static boolean awsOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "aws"))) {
                return true;
            }
        }
        return false;
    }

    static Result aws(LocalCloud cloud, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", cloud.endpoint().toString(), "--region", "us-east-1",
                "--output", "json", "stepfunctions"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("AWS_ACCESS_KEY_ID", "test");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().remove("AWS_PROFILE");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("aws " + args[0] + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void createsRunsAndInspectsAnExecutionWithTheCli() throws Exception {
        Assumptions.assumeTrue(awsOnPath(), "the AWS CLI (aws) is not on PATH: skipping the CLI test");
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir))) {
            Result created = aws(cloud, "create-state-machine", "--name", "CliHello", "--role-arn", StatesContractTest.ROLE,
                    "--definition", StatesContractTest.HELLO);
            assertEquals(0, created.exit(), created.err());
            String sm = created.json().get("stateMachineArn").asText();
            assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:CliHello", sm);

            Result started = aws(cloud, "start-execution", "--state-machine-arn", sm, "--name", "cli-1", "--input", "{\"name\":\"CLI\"}");
            assertEquals(0, started.exit(), started.err());
            String exec = started.json().get("executionArn").asText();
            JsonNode described = null;
            Instant deadline = Instant.now().plusSeconds(180); // generous: a loaded machine
            while (Instant.now().isBefore(deadline)) {
                described = aws(cloud, "describe-execution", "--execution-arn", exec).json();
                if (!described.get("status").asText().equals("RUNNING")) {
                    break;
                }
            }
            assertEquals("SUCCEEDED", described.get("status").asText());
            assertEquals("{\"greeting\":\"Hello, CLI!\"}", described.get("output").asText());

            Result history = aws(cloud, "get-execution-history", "--execution-arn", exec, "--max-items", "3");
            assertEquals(0, history.exit(), history.err());
            assertEquals("ExecutionStarted", history.json().get("events").get(0).get("type").asText());
            assertTrue(history.json().has("NextToken"), "the CLI pages with our nextToken: " + history.out());

            Result bad = aws(cloud, "create-state-machine", "--name", "Broken", "--role-arn", StatesContractTest.ROLE, "--definition", "{}");
            assertTrue(bad.exit() != 0 && bad.err().contains("InvalidDefinition"), bad.err());

            Result missing = aws(cloud, "describe-execution", "--execution-arn", exec + "-nope");
            assertTrue(missing.exit() != 0 && missing.err().contains("ExecutionDoesNotExist"), missing.err());
        }
    }
}
