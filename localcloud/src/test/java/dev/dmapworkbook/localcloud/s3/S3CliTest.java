package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The same S3 flows through an independent client: the AWS CLI ({@code aws --endpoint-url …}). */
class S3CliTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private LocalCloud cloud;

    @BeforeEach
    void start() {
        assumeTrue(awsCli().isPresent(), "the AWS CLI ('aws') is not on PATH: skipping the AWS CLI flows");
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
    }

    @AfterEach
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void mbCpLsSyncRmAndRbThroughTheCli() throws Exception {
        Path local = Files.createDirectories(work.resolve("station-files"));
        Files.createDirectories(local.resolve("nested/deeper"));
        Files.writeString(local.resolve("a.csv"), "ID,DATE\nA,20200101\n");
        Files.writeString(local.resolve("nested/b.csv"), "ID,DATE\nB,20200101\n");
        Files.writeString(local.resolve("nested/deeper/c d+e.csv"), "ID,DATE\nC,20200101\n");
        byte[] big = S3ContractTest.randomBytes(9 * 1024 * 1024 + 17, 42); // above the CLI's 8 MB multipart threshold
        Files.write(local.resolve("big.bin"), big);

        aws("s3", "mb", "s3://cli-bucket");
        aws("s3", "cp", local.resolve("a.csv").toString(), "s3://cli-bucket/single/a.csv");
        String sync = aws("s3", "sync", local.toString(), "s3://cli-bucket/synced/");
        assertTrue(sync.contains("upload:"), sync);
        assertEquals("", aws("s3", "sync", local.toString(), "s3://cli-bucket/synced/").trim(), "a second sync has nothing to do");

        String ls = aws("s3", "ls", "s3://cli-bucket/");
        assertTrue(ls.contains("PRE single/") && ls.contains("PRE synced/"), ls);
        String recursive = aws("s3", "ls", "--recursive", "s3://cli-bucket/synced/");
        assertTrue(recursive.contains("synced/nested/deeper/c d+e.csv"), recursive);
        assertTrue(recursive.contains(String.valueOf(big.length)), recursive);

        JsonNode listed = Json.parse(aws("s3api", "list-objects-v2", "--bucket", "cli-bucket", "--prefix", "synced/"));
        List<String> keys = new ArrayList<>();
        listed.path("Contents").forEach(o -> keys.add(o.path("Key").asText()));
        assertEquals(List.of("synced/a.csv", "synced/big.bin", "synced/nested/b.csv", "synced/nested/deeper/c d+e.csv"), keys);

        Path downloaded = work.resolve("downloaded.bin");
        aws("s3", "cp", "s3://cli-bucket/synced/big.bin", downloaded.toString());
        assertArrayEquals(big, Files.readAllBytes(downloaded));
        JsonNode head = Json.parse(aws("s3api", "head-object", "--bucket", "cli-bucket", "--key", "synced/big.bin"));
        assertTrue(head.path("ETag").asText().endsWith("-2\""), "the CLI uploaded big.bin in two parts: " + head);

        aws("s3", "rm", "--recursive", "s3://cli-bucket/");
        assertEquals(0, Json.parse(aws("s3api", "list-objects-v2", "--bucket", "cli-bucket")).path("KeyCount").asInt());
        aws("s3", "rb", "s3://cli-bucket");
        assertTrue(Json.parse(aws("s3api", "list-buckets")).path("Buckets").isEmpty());
    }

    @Test
    void listObjectsV2PaginatesPastOneThousandKeysInTheCli() throws Exception {
        try (S3Client s3 = S3ContractTest.client(cloud.endpoint())) {
            s3.createBucket(b -> b.bucket("many"));
            for (int i = 0; i < 1_105; i++) {
                String key = String.format("csv/by_station/ST %05d.csv", i);
                s3.putObject(b -> b.bucket("many").key(key), RequestBody.fromString(key));
            }
            JsonNode all = Json.parse(aws("s3api", "list-objects-v2", "--bucket", "many", "--prefix", "csv/"));
            assertEquals(1_105, all.path("Contents").size());
            assertEquals("csv/by_station/ST 01104.csv", all.path("Contents").get(1_104).path("Key").asText());
            List<String> viaSdk = s3.listObjectsV2Paginator(b -> b.bucket("many")).contents().stream().map(S3Object::key).toList();
            List<String> viaCli = new ArrayList<>();
            all.path("Contents").forEach(o -> viaCli.add(o.path("Key").asText()));
            assertEquals(viaSdk, viaCli);
        }
    }

    /** Runs {@code aws --endpoint-url <cloud> args…} with dummy credentials and no user configuration. */
    private String aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(awsCli().orElseThrow().toString(), "--endpoint-url",
                cloud.endpoint().toString(), "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        Path home = Files.createDirectories(work.resolve("home"));
        Files.writeString(home.resolve("config"), "[default]\nregion = us-east-1\n");
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "aws " + String.join(" ", args) + " did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "aws " + String.join(" ", args) + " failed:\n" + text);
        return text;
    }

    static Optional<Path> awsCli() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "aws");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
