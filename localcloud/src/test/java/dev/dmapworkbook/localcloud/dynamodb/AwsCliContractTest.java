package dev.dmapworkbook.localcloud.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DynamoDB, STS and IAM through an independent client: the AWS CLI ({@code aws} on PATH: pyenv's v1 or
 * Debian's {@code awscli}) with {@code --endpoint-url}, a temporary HOME and credentials from the environment.
 */
class AwsCliContractTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    static Path aws;

    @BeforeAll
    static void findTheCli() {
        aws = findOnPath("aws");
        if (aws == null) {
            System.out.println("SKIPPED: the AWS CLI (aws) is not on PATH: skipping the AWS CLI tests");
        }
        assumeTrue(aws != null, "the AWS CLI (aws) is not on PATH: skipping the AWS CLI tests");
    }

    @Test
    void dynamodbCreateTablePutItemScan() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir))) {
            JsonNode created = ok(cloud, "dynamodb", "create-table", "--table-name", "Results",
                    "--attribute-definitions", "AttributeName=pk,AttributeType=S",
                    "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST");
            assertEquals("Results", created.at("/TableDescription/TableName").asText());
            run(cloud, "dynamodb", "wait", "table-exists", "--table-name", "Results");

            ok(cloud, "dynamodb", "put-item", "--table-name", "Results",
                    "--item", "{\"pk\": {\"S\": \"USW00012345\"}, \"PRCP\": {\"N\": \"42\"}}");
            ok(cloud, "dynamodb", "put-item", "--table-name", "Results",
                    "--item", "{\"pk\": {\"S\": \"USC00099999\"}, \"PRCP\": {\"N\": \"0\"}}");
            JsonNode scan = ok(cloud, "dynamodb", "scan", "--table-name", "Results");
            assertEquals(2, scan.path("Count").asInt());
            JsonNode item = ok(cloud, "dynamodb", "get-item", "--table-name", "Results",
                    "--key", "{\"pk\": {\"S\": \"USW00012345\"}}");
            assertEquals("42", item.at("/Item/PRCP/N").asText());

            Result refused = run(cloud, "dynamodb", "put-item", "--table-name", "Results",
                    "--item", "{\"pk\": {\"S\": \"USW00012345\"}}", "--condition-expression", "attribute_not_exists(pk)");
            assertNotEquals(0, refused.exit());
            assertTrue(refused.stderr().contains("ConditionalCheckFailedException"), refused.stderr());
        }
    }

    @Test
    void stsGetCallerIdentity() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir))) {
            JsonNode identity = ok(cloud, "sts", "get-caller-identity");
            assertEquals("000000000000", identity.path("Account").asText());
            assertEquals("arn:aws:iam::000000000000:root", identity.path("Arn").asText());
        }
    }

    @Test
    void iamCreateAndGetRole() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir))) {
            String trust = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                    + "\"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}";
            JsonNode created = ok(cloud, "iam", "create-role", "--role-name", "FunctionRole",
                    "--assume-role-policy-document", trust);
            assertEquals("arn:aws:iam::000000000000:role/FunctionRole", created.at("/Role/Arn").asText());
            JsonNode role = ok(cloud, "iam", "get-role", "--role-name", "FunctionRole");
            // The CLI URL-decodes and parses policy documents, so the document comes back as JSON.
            assertEquals(Json.parse(trust), role.at("/Role/AssumeRolePolicyDocument"));
            Result missing = run(cloud, "iam", "get-role", "--role-name", "Nope");
            assertTrue(missing.stderr().contains("NoSuchEntity"), missing.stderr());
        }
    }

    record Result(int exit, String stdout, String stderr) {
    }

    private JsonNode ok(LocalCloud cloud, String... args) throws Exception {
        Result result = run(cloud, args);
        assertEquals(0, result.exit(), "aws " + String.join(" ", args) + " failed: " + result.stderr());
        return result.stdout().isBlank() ? Json.MAPPER.createObjectNode() : Json.parse(result.stdout());
    }

    private Result run(LocalCloud cloud, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", cloud.endpoint().toString(),
                "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        String pyenvRoot = System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv");
        env.put("PYENV_ROOT", pyenvRoot);   // pyenv's shims find Python through it, not through the new HOME
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", home.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws-credentials").toString());
        env.put("AWS_PAGER", "");
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
