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
import software.amazon.awssdk.services.s3.model.InventoryConfiguration;
import software.amazon.awssdk.services.s3.model.InventoryFrequency;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import software.amazon.awssdk.services.s3.model.InventoryOptionalField;
import software.amazon.awssdk.services.s3.model.ListBucketInventoryConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3 Inventory: the configuration API through the SDK v2, and a published report checked against AWS's layout. */
class S3InventoryTest {
    /** The CSV manifest example in the S3 User Guide ("Locating your inventory list"), its fileSchema. */
    static final String DOCUMENTED_SCHEMA = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, "
            + "ETag, StorageClass, IsMultipartUploaded, ReplicationStatus, EncryptionStatus, ObjectLockRetainUntilDate, "
            + "ObjectLockMode, ObjectLockLegalHoldStatus, IntelligentTieringAccessTier, BucketKeyStatus, ChecksumAlgorithm";

    @TempDir
    Path dataDir;

    private LocalCloud cloud;
    private S3Client s3;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
        s3 = S3ContractTest.client(cloud.endpoint());
        s3.createBucket(b -> b.bucket("src"));
        s3.createBucket(b -> b.bucket("inv"));
    }

    @AfterEach
    void stop() {
        s3.close();
        cloud.close();
    }

    private void put(String id, String prefix, InventoryIncludedObjectVersions versions, InventoryOptionalField... fields) {
        s3.putBucketInventoryConfiguration(b -> b.bucket("src").id(id).inventoryConfiguration(c -> c.id(id)
                .isEnabled(true).includedObjectVersions(versions).optionalFields(fields)
                .schedule(s -> s.frequency(InventoryFrequency.DAILY))
                .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::inv").format("CSV").prefix(prefix)))));
    }

    @Test
    void configurationsArePutReadListedAndDeleted() {
        put("daily", "reports", InventoryIncludedObjectVersions.CURRENT, InventoryOptionalField.SIZE,
                InventoryOptionalField.LAST_MODIFIED_DATE);
        InventoryConfiguration got = s3.getBucketInventoryConfiguration(b -> b.bucket("src").id("daily"))
                .inventoryConfiguration();
        assertEquals("daily", got.id());
        assertTrue(got.isEnabled());
        assertEquals("arn:aws:s3:::inv", got.destination().s3BucketDestination().bucket());
        assertEquals("reports", got.destination().s3BucketDestination().prefix());
        assertEquals("CSV", got.destination().s3BucketDestination().formatAsString());
        assertEquals(List.of(InventoryOptionalField.SIZE, InventoryOptionalField.LAST_MODIFIED_DATE), got.optionalFields());
        assertEquals(InventoryFrequency.DAILY, got.schedule().frequency());

        for (int i = 0; i < 150; i++) {
            put(String.format("c%03d", i), null, InventoryIncludedObjectVersions.ALL);
        }
        List<String> ids = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListBucketInventoryConfigurationsResponse page = s3.listBucketInventoryConfigurations(
                    b -> b.bucket("src").continuationToken(t));
            page.inventoryConfigurationList().forEach(c -> ids.add(c.id()));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
            pages++;
        } while (token != null);
        assertEquals(2, pages, "100 configurations per page");
        assertEquals(151, ids.size());
        assertEquals("c000", ids.get(0));
        assertEquals("daily", ids.get(150));

        s3.deleteBucketInventoryConfiguration(b -> b.bucket("src").id("daily"));
        S3Exception gone = assertThrows(S3Exception.class,
                () -> s3.getBucketInventoryConfiguration(b -> b.bucket("src").id("daily")));
        assertEquals(404, gone.statusCode());
        assertEquals("NoSuchConfiguration", gone.awsErrorDetails().errorCode());
        assertEquals("NoSuchConfiguration", assertThrows(S3Exception.class,
                () -> s3.deleteBucketInventoryConfiguration(b -> b.bucket("src").id("daily"))).awsErrorDetails().errorCode());
    }

    @Test
    void badConfigurationsFailAsS3Does() {
        S3Exception noBucket = assertThrows(S3Exception.class, () -> s3.getBucketInventoryConfiguration(
                b -> b.bucket("missing").id("x")));
        assertEquals("NoSuchBucket", noBucket.awsErrorDetails().errorCode());
        S3Exception orc = assertThrows(S3Exception.class, () -> s3.putBucketInventoryConfiguration(b -> b.bucket("src")
                .id("o").inventoryConfiguration(c -> c.id("o").isEnabled(true)
                        .includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                        .schedule(s -> s.frequency(InventoryFrequency.WEEKLY))
                        .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::inv").format("ORC"))))));
        assertEquals("NotImplemented", orc.awsErrorDetails().errorCode());
        assertTrue(orc.awsErrorDetails().errorMessage().contains("ORC"), orc.awsErrorDetails().errorMessage());
        S3Exception notArn = assertThrows(S3Exception.class, () -> s3.putBucketInventoryConfiguration(b -> b.bucket("src")
                .id("n").inventoryConfiguration(c -> c.id("n").isEnabled(true)
                        .includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                        .schedule(s -> s.frequency(InventoryFrequency.WEEKLY))
                        .destination(d -> d.s3BucketDestination(s -> s.bucket("inv").format("CSV"))))));
        assertEquals("InvalidS3DestinationBucket", notArn.awsErrorDetails().errorCode());
        assertEquals(400, notArn.statusCode());
        assertTrue(notArn.awsErrorDetails().errorMessage().startsWith("Invalid bucket ARN: inv"),
                notArn.awsErrorDetails().errorMessage());
        S3Exception otherId = assertThrows(S3Exception.class, () -> s3.putBucketInventoryConfiguration(b -> b.bucket("src")
                .id("query-id").inventoryConfiguration(c -> c.id("body-id").isEnabled(true)
                        .includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                        .schedule(s -> s.frequency(InventoryFrequency.WEEKLY))
                        .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::inv").format("CSV"))))));
        assertEquals("IdMismatch", otherId.awsErrorDetails().errorCode());
        assertEquals("Document ID does not match the specified configuration ID.",
                otherId.awsErrorDetails().errorMessage());
        S3Exception badField = assertThrows(S3Exception.class, () -> s3.putBucketInventoryConfiguration(b -> b.bucket("src")
                .id("f").inventoryConfiguration(c -> c.id("f").isEnabled(true)
                        .includedObjectVersions(InventoryIncludedObjectVersions.CURRENT).optionalFieldsWithStrings("Colour")
                        .schedule(s -> s.frequency(InventoryFrequency.WEEKLY))
                        .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::inv").format("CSV"))))));
        assertEquals("MalformedXML", badField.awsErrorDetails().errorCode());
        assertTrue(s3.listBucketInventoryConfigurations(b -> b.bucket("src")).inventoryConfigurationList().isEmpty(),
                "nothing stored by the refused requests");
    }

    @Test
    void reportIsPublishedInAwsLayoutWithMatchingChecksums() throws Exception {
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < 25; i++) {
            String key = "photos/" + (i % 2 == 0 ? "even " : "odd/") + i + ".txt";
            s3.putObject(b -> b.bucket("src").key(key), RequestBody.fromString("x".repeat(i)));
            keys.add(key);
        }
        put("all-fields", "reports", InventoryIncludedObjectVersions.ALL, 
                InventoryOptionalField.knownValues().toArray(InventoryOptionalField[]::new));
        JsonNode published = publish("src", "all-fields", 10);
        String manifestKey = published.get("manifestKey").asText();
        assertTrue(manifestKey.matches("reports/src/all-fields/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\dZ/manifest\\.json"), manifestKey);
        assertEquals(25, published.get("objects").asInt());

        byte[] manifestBytes = s3.getObjectAsBytes(b -> b.bucket("inv").key(manifestKey)).asByteArray();
        String checksum = s3.getObjectAsBytes(b -> b.bucket("inv").key(manifestKey.replace("manifest.json",
                "manifest.checksum"))).asUtf8String();
        assertEquals(S3ContractTest.md5Hex(manifestBytes), checksum, "manifest.checksum is the manifest's MD5");
        JsonNode manifest = Json.parse(manifestBytes);
        assertEquals(List.of("sourceBucket", "destinationBucket", "version", "creationTimestamp", "fileFormat",
                "fileSchema", "files"), fieldNames(manifest));
        assertEquals("src", manifest.get("sourceBucket").asText());
        assertEquals("arn:aws:s3:::inv", manifest.get("destinationBucket").asText());
        assertEquals("2016-11-30", manifest.get("version").asText());
        assertTrue(manifest.get("creationTimestamp").isTextual(), "epoch milliseconds as a string");
        assertEquals(0, Long.parseLong(manifest.get("creationTimestamp").asText()) % 60_000, "the scan's start minute");
        assertEquals("CSV", manifest.get("fileFormat").asText());
        assertTrue(manifest.get("fileSchema").asText().startsWith(DOCUMENTED_SCHEMA + ", "),
                "the documented column order, then the newer fields: " + manifest.get("fileSchema").asText());
        assertEquals(3, manifest.get("files").size(), "25 rows at 10 per file");

        List<String> rows = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (JsonNode file : manifest.get("files")) {
            assertEquals(List.of("key", "size", "MD5checksum"), fieldNames(file));
            String key = file.get("key").asText();
            assertTrue(key.matches("reports/src/all-fields/data/[0-9a-f-]{36}\\.csv\\.gz"), key);
            byte[] gz = s3.getObjectAsBytes(b -> b.bucket("inv").key(key)).asByteArray();
            assertEquals(file.get("size").asLong(), gz.length);
            assertEquals(file.get("MD5checksum").asText(), S3ContractTest.md5Hex(gz));
            rows.addAll(new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(),
                    StandardCharsets.UTF_8).lines().toList());
            uris.add("s3://inv/" + key);
        }
        assertEquals(25, rows.size());
        String even = rows.stream().filter(r -> r.startsWith("\"src\",\"photos/even+0.txt\"")).findFirst().orElseThrow();
        String[] columns = manifest.get("fileSchema").asText().split(", ");
        String[] values = even.substring(1, even.length() - 1).split("\",\"", -1);
        assertEquals(columns.length, values.length, even);
        assertEquals("", values[2], "no VersionId in an unversioned bucket");
        assertEquals("true", values[3]);
        assertEquals("false", values[4]);
        assertEquals("0", values[5]);
        assertEquals("STANDARD", values[8]);

        List<S3Object> hive = s3.listObjectsV2(b -> b.bucket("inv").prefix("reports/src/all-fields/hive/")).contents();
        assertEquals(1, hive.size());
        assertTrue(hive.get(0).key().matches("reports/src/all-fields/hive/dt=\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d/symlink\\.txt"),
                hive.get(0).key());
        assertEquals(uris, s3.getObjectAsBytes(b -> b.bucket("inv").key(hive.get(0).key())).asUtf8String().lines().toList());
    }

    @Test
    void reportOfCurrentObjectsHasTheDocumentedStepFunctionsColumns() throws Exception {
        s3.putObject(b -> b.bucket("src").key("csvDataset/titles.csv"), RequestBody.fromString("abc"));
        put("sfn", null, InventoryIncludedObjectVersions.CURRENT, InventoryOptionalField.SIZE,
                InventoryOptionalField.LAST_MODIFIED_DATE);
        JsonNode manifest = publish("src", "sfn", 1000).get("manifest");
        assertEquals("Bucket, Key, Size, LastModifiedDate", manifest.get("fileSchema").asText(),
                "the ItemReader page's example");
        String key = manifest.get("files").get(0).get("key").asText();
        assertTrue(key.startsWith("src/sfn/data/"), "no prefix: <source>/<id>/data/");
        String row = new String(new GZIPInputStream(s3.getObject(b -> b.bucket("inv").key(key))).readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(row.matches("\"src\",\"csvDataset/titles\\.csv\",\"3\",\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"\n"), row);
    }

    @Test
    void theCommandLinePublishesAReportOfTheRunningLocalCloud(@TempDir Path otherDir) {
        s3.putObject(b -> b.bucket("src").key("a.txt"), RequestBody.fromString("a"));
        put("cli", "p/", InventoryIncludedObjectVersions.CURRENT);
        String port = Integer.toString(cloud.endpoint().getPort());
        assertEquals(0, dev.dmapworkbook.localcloud.Main.run("s3-inventory", "--port", port, "--data-dir",
                otherDir.toString(), "--bucket", "src", "--id", "cli"));
        List<S3Object> published = s3.listObjectsV2(b -> b.bucket("inv").prefix("p/src/cli/")).contents();
        assertEquals(4, published.size(), "data file, manifest.json, manifest.checksum, symlink.txt: " + published);
        assertEquals(1, dev.dmapworkbook.localcloud.Main.run("s3-inventory", "--port", port, "--data-dir",
                otherDir.toString(), "--bucket", "src", "--id", "nope"));
    }

    @Test
    void reportOfAMissingOrDisabledConfigurationFails() throws Exception {
        HttpResponse<String> missing = post("/_localcloud/s3-inventory?bucket=src&id=none");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("NoSuchConfiguration"), missing.body());
        s3.putBucketInventoryConfiguration(b -> b.bucket("src").id("off").inventoryConfiguration(c -> c.id("off")
                .isEnabled(false).includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                .schedule(s -> s.frequency(InventoryFrequency.DAILY))
                .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::inv").format("CSV")))));
        HttpResponse<String> off = post("/_localcloud/s3-inventory?bucket=src&id=off");
        assertEquals(400, off.statusCode());
        assertTrue(off.body().contains("disabled"), off.body());
        assertFalse(s3.listObjectsV2(b -> b.bucket("inv")).hasContents(), "nothing published");
    }

    private JsonNode publish(String bucket, String id, int rowsPerFile) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/_localcloud/s3-inventory?bucket=" + bucket + "&id=" + id
                + "&rowsPerFile=" + rowsPerFile);
        assertEquals(200, response.statusCode(), response.body());
        return Json.parse(response.body());
    }

    private HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.endpoint() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
