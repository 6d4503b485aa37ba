package dev.dmapworkbook.localcloud.cloudformation;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** template.yaml deployed with the AWS CLI's {@code aws cloudformation deploy} (change sets), as an instructor would. */
class AwsCliDeployTest {
    @TempDir
    Path dir;

    /**
     * {@code aws cloudformation deploy} names its change set {@code awscli-cloudformation-package-deploy-<int(time.time())>}.
     * The CLI runs here with its clock frozen at this second, so every deploy of this test uses the same name, as deploys
     * within one second do: deterministic, where real time made the name clash happen in about one run in three.
     */
    private final long SECOND = java.time.Instant.now().getEpochSecond();
    private final String CHANGE_SET_NAME = "awscli-cloudformation-package-deploy-" + SECOND;

    record Result(int exit, String output) {
    }

    @Test
    void deployUpdateAndDeleteWithTheAwsCli() throws Exception {
        Assumptions.assumeTrue(onPath("aws"), "the AWS CLI (aws) is not on PATH: skipping the aws cloudformation deploy test");
        String template = TemplateYamlTest.TEMPLATE.toAbsolutePath().normalize().toString();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dir)); CloudFormationClient cfn = TemplateYamlTest.client(cloud)) {
            TemplateYamlTest.assumeServices(cloud, "states");

            Result missing = aws(cloud, "cloudformation", "deploy", "--template-file", template, "--stack-name", "dmap-workbook");
            assertTrue(missing.exit() != 0 && missing.output().contains("Requires capabilities : [CAPABILITY_NAMED_IAM]"), missing.output());

            Result created = aws(cloud, "cloudformation", "deploy", "--template-file", template, "--stack-name", "dmap-workbook",
                    "--capabilities", "CAPABILITY_NAMED_IAM");
            assertEquals(0, created.exit(), created.output());
            assertTrue(created.output().contains("Successfully created/updated stack - dmap-workbook"), created.output());
            Stack stack = cfn.describeStacks(r -> r.stackName("dmap-workbook")).stacks().get(0);
            assertEquals(StackStatus.CREATE_COMPLETE, stack.stackStatus());

            // The executed change set no longer holds its name (ExecuteChangeSet removes the stack's change sets), so this
            // deploy may use the same one; it has nothing to change, so its change set ends FAILED and, as on AWS, stays.
            Result again = aws(cloud, "cloudformation", "deploy", "--template-file", template, "--stack-name", "dmap-workbook",
                    "--capabilities", "CAPABILITY_NAMED_IAM", "--no-fail-on-empty-changeset");
            assertEquals(0, again.exit(), again.output());
            assertTrue(again.output().contains("No changes to deploy. Stack dmap-workbook is up to date"), again.output());
            var left = cfn.listChangeSets(r -> r.stackName("dmap-workbook")).summaries();
            assertEquals(List.of(CHANGE_SET_NAME + " FAILED UNAVAILABLE"),
                    left.stream().map(c -> c.changeSetName() + " " + c.statusAsString() + " " + c.executionStatusAsString()).toList());

            // A change set name is unique among the stack's change sets, the FAILED one included (AWS, CreateChangeSet
            // "ChangeSetName"; aws-cli#4534): a second deploy within the same second is refused, on AWS too, until the
            // empty change set is deleted.
            Result sameSecond = aws(cloud, "cloudformation", "deploy", "--template-file", template, "--stack-name", "dmap-workbook",
                    "--capabilities", "CAPABILITY_NAMED_IAM", "--no-fail-on-empty-changeset");
            assertTrue(sameSecond.exit() != 0 && sameSecond.output().contains("AlreadyExistsException")
                    && sameSecond.output().contains("ChangeSet [" + CHANGE_SET_NAME + "] already exists"), sameSecond.output());
            Result deleted = aws(cloud, "cloudformation", "delete-change-set", "--stack-name", "dmap-workbook",
                    "--change-set-name", CHANGE_SET_NAME);
            assertEquals(0, deleted.exit(), deleted.output());
            assertEquals(List.of(), cfn.listChangeSets(r -> r.stackName("dmap-workbook")).summaries());

            if (onlyWith(cloud, "lambda", "logs")) {
                Path jar = Path.of(System.getProperty("lambda.jar", "../lambda/target/high-precipitation-lambda.jar"));
                Assumptions.assumeTrue(Files.exists(jar), jar + " absent: skipping the CLI update");
                String artifacts = TemplateYamlTest.outputs(stack).get("ArtifactBucketName");
                try (S3Client s3 = SdkClients.client(S3Client.builder().forcePathStyle(true), cloud.endpoint())) {
                    s3.putObject(r -> r.bucket(artifacts).key("fn-1.jar"), RequestBody.fromFile(jar));
                }
                Result updated = aws(cloud, "cloudformation", "deploy", "--template-file", template, "--stack-name", "dmap-workbook",
                        "--capabilities", "CAPABILITY_NAMED_IAM", "--parameter-overrides", "ArtifactBucket=" + artifacts, "ArtifactKey=fn-1.jar");
                assertEquals(0, updated.exit(), updated.output());
                assertEquals(StackStatus.UPDATE_COMPLETE, cfn.describeStacks(r -> r.stackName("dmap-workbook")).stacks().get(0).stackStatus());
                cloud.service(dev.dmapworkbook.localcloud.s3.S3Service.class).objects().emptyBucket(artifacts);
            }

            assertEquals(0, aws(cloud, "cloudformation", "delete-stack", "--stack-name", "dmap-workbook").exit());
            Result waited = aws(cloud, "cloudformation", "wait", "stack-delete-complete", "--stack-name", "dmap-workbook");
            assertEquals(0, waited.exit(), waited.output());
            CloudFormationException gone = assertThrows(CloudFormationException.class, () -> cfn.describeStacks(r -> r.stackName("dmap-workbook")));
            assertEquals("Stack with id dmap-workbook does not exist", gone.awsErrorDetails().errorMessage());
        }
    }

    /** True when the services are there; otherwise says (in the test log) which part is not run. */
    private static boolean onlyWith(LocalCloud cloud, String... signingNames) {
        for (String name : signingNames) {
            if (!cloud.edge().health().path("services").has(name)) {
                System.out.println("AwsCliDeployTest: the local cloud has no '" + name + "' service yet: the lab 01 update is not run");
                return false;
            }
        }
        return true;
    }

    private Result aws(LocalCloud cloud, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", cloud.endpoint().toString(), "--region", "us-east-1"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Path clock = dir.resolve("frozen-clock");
        if (!Files.exists(clock.resolve("sitecustomize.py"))) {
            Files.createDirectories(clock);
            Files.writeString(clock.resolve("sitecustomize.py"), "import time\ntime.time = lambda: " + SECOND + ".5\n");
        }
        env.put("PYTHONPATH", clock.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", arguments) + " did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }
}
