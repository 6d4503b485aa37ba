package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The S3 inventory ItemReader (InputType MANIFEST / ManifestType S3_INVENTORY) against AWS's documented example
 * ("ItemReader (Map)", Amazon S3 inventory): the manifest, the CSV rows, and the child input they make.
 */
class InventoryManifestReaderTest {
    /** The inventory file in CSV format from the ItemReader page. */
    static final String DOCUMENTED_ROWS = """
            "amzn-s3-demo-source-bucket","csvDataset/","0","2022-11-16T00:27:19.000Z"
            "amzn-s3-demo-source-bucket","csvDataset/titles.csv","3399671","2022-11-16T00:29:32.000Z"
            "amzn-s3-demo-source-bucket","imageDataset/","0","2022-11-15T20:00:44.000Z"
            "amzn-s3-demo-source-bucket","imageDataset/n02085620_10074.jpg","27034","2022-11-15T20:02:16.000Z"
            """;
    /** "Input to a child workflow execution" on the same page. */
    static final String DOCUMENTED_CHILD_INPUT = "{\"LastModifiedDate\":\"2022-11-16T00:29:32.000Z\","
            + "\"Bucket\":\"amzn-s3-demo-source-bucket\",\"Size\":\"3399671\",\"Key\":\"csvDataset/titles.csv\"}";
    static final String MANIFEST_KEY = "destination-prefix/amzn-s3-demo-source-bucket/config-id/2022-11-16T01-00Z/manifest.json";

    private final FakeS3 s3 = new FakeS3();
    private final S3ItemReader reader = new S3ItemReader(s3);

    static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** Stores the data files and a manifest listing them (their real sizes and MD5s unless {@code entries} says). */
    private void inventory(String schema, List<String> dataKeys, List<byte[]> data, String entriesOverride) throws Exception {
        StringBuilder entries = new StringBuilder();
        s3.createBucket("amzn-s3-demo-destination-bucket", "us-east-1");
        for (int i = 0; i < dataKeys.size(); i++) {
            s3.putObject("amzn-s3-demo-destination-bucket", dataKeys.get(i), new ByteArrayInputStream(data.get(i)),
                    "application/x-gzip", Map.of());
            entries.append(i == 0 ? "" : ",").append("{\"key\":\"").append(dataKeys.get(i)).append("\",\"size\":")
                    .append(data.get(i).length).append(",\"MD5checksum\":\"").append(md5(data.get(i))).append("\"}");
        }
        s3.put("amzn-s3-demo-destination-bucket", MANIFEST_KEY, "{\"sourceBucket\":\"amzn-s3-demo-source-bucket\","
                + "\"destinationBucket\":\"arn:aws:s3:::amzn-s3-demo-destination-bucket\",\"version\":\"2016-11-30\","
                + "\"creationTimestamp\":\"1668560400000\",\"fileFormat\":\"CSV\",\"fileSchema\":\"" + schema + "\","
                + "\"files\":[" + (entriesOverride == null ? entries : entriesOverride) + "]}");
    }

    private void documentedInventory() throws Exception {
        inventory("Bucket, Key, Size, LastModifiedDate", List.of("destination-prefix/amzn-s3-demo-source-bucket/config-id/"
                + "data/20e55de8-9c21-45d4-99b9-46c732000228.csv.gz"), List.of(gzip(DOCUMENTED_ROWS)), null);
    }

    private List<JsonNode> read(String readerConfig, long maxItems) {
        DistributedMap.ItemReaderSpec spec = ItemReaderTest.readerSpec("{\"ReaderConfig\":" + readerConfig
                + ",\"Resource\":\"arn:aws:states:::s3:getObject\",\"Parameters\":{\"Bucket\":"
                + "\"amzn-s3-demo-destination-bucket\",\"Key\":\"" + MANIFEST_KEY + "\"}}");
        List<JsonNode> items = new ArrayList<>();
        try (ItemSource source = reader.open(spec, spec.parameters(), maxItems)) {
            while (source.hasNext()) {
                items.add(Json.parse(source.nextJson()));
            }
        }
        return items;
    }

    private ItemReaderException failure(String readerConfig) {
        return assertThrows(ItemReaderException.class, () -> read(readerConfig, 0));
    }

    @Test
    void theDocumentedInventoryGivesTheDocumentedChildInput() throws Exception {
        documentedInventory();
        List<JsonNode> items = read("{\"InputType\":\"MANIFEST\"}", 0);
        assertEquals(4, items.size());
        assertEquals(Json.parse(DOCUMENTED_CHILD_INPUT), items.get(1));
        assertEquals(List.of("Bucket", "Key", "Size", "LastModifiedDate"), fieldNames(items.get(1)),
                "the fileSchema's columns, in order");
        assertEquals(items, read("{\"ManifestType\":\"S3_INVENTORY\"}", 0), "the newer spelling reads the same");
    }

    @Test
    void maxItemsStopsTheReader() throws Exception {
        documentedInventory();
        assertEquals(2, read("{\"InputType\":\"MANIFEST\",\"MaxItems\":2}", 2).size());
    }

    @Test
    void filesAreReadInTheManifestsOrderOneGetObjectEach() throws Exception {
        List<String> keys = List.of("p/src/id/data/b.csv.gz", "p/src/id/data/a.csv.gz", "p/src/id/data/c.csv.gz");
        inventory("Bucket, Key", keys, List.of(gzip("\"src\",\"1\"\n\"src\",\"2\"\n"), gzip(""), gzip("\"src\",\"3\"\n")), null);
        List<JsonNode> items = read("{\"InputType\":\"MANIFEST\"}", 0);
        assertEquals(List.of("1", "2", "3"), items.stream().map(i -> i.get("Key").asText()).toList());
    }

    @Test
    void aMissingManifestNamesIt() {
        s3.createBucket("amzn-s3-demo-destination-bucket", "us-east-1");
        ItemReaderException e = failure("{\"InputType\":\"MANIFEST\"}");
        assertTrue(e.getMessage().startsWith("The inventory manifest s3://amzn-s3-demo-destination-bucket/" + MANIFEST_KEY
                + " cannot be read: The specified key does not exist."), e.getMessage());
        assertTrue(e.getMessage().contains("Error Code: NoSuchKey"), e.getMessage());
    }

    @Test
    void aListedFileThatIsMissingIsNamed() throws Exception {
        inventory("Bucket, Key", List.of(), List.of(), "{\"key\":\"p/data/gone.csv.gz\",\"size\":1,\"MD5checksum\":\"x\"}");
        ItemReaderException e = failure("{\"InputType\":\"MANIFEST\"}");
        assertTrue(e.getMessage().startsWith("The inventory data file s3://amzn-s3-demo-destination-bucket/p/data/gone.csv.gz "
                + "listed in s3://amzn-s3-demo-destination-bucket/" + MANIFEST_KEY + " cannot be read"), e.getMessage());
    }

    @Test
    void aFileWhoseSizeOrMd5DiffersFromTheManifestFails() throws Exception {
        byte[] data = gzip("\"src\",\"1\"\n");
        inventory("Bucket, Key", List.of("d.csv.gz"), List.of(data), "{\"key\":\"d.csv.gz\",\"size\":" + (data.length + 1)
                + ",\"MD5checksum\":\"" + md5(data) + "\"}");
        assertTrue(failure("{\"InputType\":\"MANIFEST\"}").getMessage().contains("d.csv.gz has " + data.length
                + " bytes, but s3://amzn-s3-demo-destination-bucket/" + MANIFEST_KEY + " lists " + (data.length + 1)));
        inventory("Bucket, Key", List.of("d.csv.gz"), List.of(data), "{\"key\":\"d.csv.gz\",\"size\":" + data.length
                + ",\"MD5checksum\":\"00000000000000000000000000000000\"}");
        assertTrue(failure("{\"InputType\":\"MANIFEST\"}").getMessage().startsWith("The MD5 of the inventory data file "
                + "s3://amzn-s3-demo-destination-bucket/d.csv.gz is " + md5(data)));
    }

    @Test
    void aFileLongerThanListedFailsWhileItStreamsNotAfter() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            rows.append("\"src\",\"key-").append(i * 7919L % 1_000_003).append("\"\n");
        }
        byte[] data = gzip(rows.toString());
        assertTrue(data.length > 300_000, "the file outgrows the reader's buffers: " + data.length);
        inventory("Bucket, Key", List.of("d.csv.gz"), List.of(data), "{\"key\":\"d.csv.gz\",\"size\":100000"
                + ",\"MD5checksum\":\"" + md5(data) + "\"}");
        DistributedMap.ItemReaderSpec spec = ItemReaderTest.readerSpec("{\"ReaderConfig\":{\"InputType\":\"MANIFEST\"},"
                + "\"Resource\":\"arn:aws:states:::s3:getObject\",\"Parameters\":{\"Bucket\":"
                + "\"amzn-s3-demo-destination-bucket\",\"Key\":\"" + MANIFEST_KEY + "\"}}");
        long[] read = {0};
        ItemReaderException e = assertThrows(ItemReaderException.class, () -> {
            try (ItemSource source = reader.open(spec, spec.parameters(), 0)) {
                while (source.hasNext()) {
                    source.nextJson();
                    read[0]++;
                }
            }
        });
        assertEquals("The inventory data file s3://amzn-s3-demo-destination-bucket/d.csv.gz has more than 100000 bytes, "
                + "but s3://amzn-s3-demo-destination-bucket/" + MANIFEST_KEY + " lists 100000.", e.getMessage());
        assertTrue(read[0] < 200_000 * 0.6, "the reader stopped near the 100,000th byte, not at the end: " + read[0] + " rows");
    }

    @Test
    void aCorruptFileOfTheListedSizeIsAnMd5MismatchNotAGzipError() throws Exception {
        byte[] good = gzip("\"src\",\"a\"\n\"src\",\"b\"\n".repeat(50));
        byte[] corrupt = good.clone();
        for (int i = 12; i < corrupt.length - 10; i++) {
            corrupt[i] ^= (byte) 0x5a;
        }
        inventory("Bucket, Key", List.of("d.csv.gz"), List.of(corrupt), "{\"key\":\"d.csv.gz\",\"size\":" + good.length
                + ",\"MD5checksum\":\"" + md5(good).toUpperCase() + "\"}");
        assertEquals("The MD5 of the inventory data file s3://amzn-s3-demo-destination-bucket/d.csv.gz is " + md5(corrupt)
                + ", but s3://amzn-s3-demo-destination-bucket/" + MANIFEST_KEY + " lists " + md5(good).toUpperCase() + ".",
                failure("{\"InputType\":\"MANIFEST\"}").getMessage());
    }

    @Test
    void aRowThatDoesNotMatchTheSchemaFails() throws Exception {
        inventory("Bucket, Key, Size", List.of("d.csv.gz"), List.of(gzip("\"src\",\"a\",\"1\"\n\"src\",\"b\"\n")), null);
        ItemReaderException e = failure("{\"InputType\":\"MANIFEST\"}");
        assertEquals("Row 2 of the inventory data file s3://amzn-s3-demo-destination-bucket/d.csv.gz has 2 fields, but the "
                + "fileSchema of s3://amzn-s3-demo-destination-bucket/" + MANIFEST_KEY + " names 3 (Bucket, Key, Size).",
                e.getMessage());
    }

    @Test
    void aFileThatIsNotGzipFails() throws Exception {
        inventory("Bucket, Key", List.of("d.csv.gz"), List.of("\"src\",\"a\"\n".getBytes(StandardCharsets.UTF_8)), null);
        assertTrue(failure("{\"InputType\":\"MANIFEST\"}").getMessage().startsWith(
                "The inventory data file s3://amzn-s3-demo-destination-bucket/d.csv.gz is not gzip"));
    }

    @Test
    void orcParquetAndBrokenManifestsAreRefusedByName() throws Exception {
        for (String format : List.of("ORC", "Parquet")) {
            s3.put("amzn-s3-demo-destination-bucket", MANIFEST_KEY, "{\"sourceBucket\":\"s\",\"destinationBucket\":"
                    + "\"arn:aws:s3:::d\",\"fileFormat\":\"" + format + "\",\"fileSchema\":\"struct<bucket:string>\",\"files\":[]}");
            assertTrue(failure("{\"InputType\":\"MANIFEST\"}").getMessage().contains("lists " + format + " files (fileFormat "
                    + format + "): Step Functions reads CSV inventories"));
        }
        s3.put("amzn-s3-demo-destination-bucket", MANIFEST_KEY, "not json");
        assertTrue(failure("{\"InputType\":\"MANIFEST\"}").getMessage().contains(" is not valid JSON"));
        s3.put("amzn-s3-demo-destination-bucket", MANIFEST_KEY, "{\"sourceBucket\":\"s\",\"destinationBucket\":"
                + "\"arn:aws:s3:::d\",\"fileFormat\":\"CSV\",\"files\":[]}");
        assertTrue(failure("{\"InputType\":\"MANIFEST\"}").getMessage().contains("has no 'fileSchema' string"));
        s3.put("amzn-s3-demo-destination-bucket", MANIFEST_KEY, "{\"sourceBucket\":\"s\",\"destinationBucket\":"
                + "\"arn:aws:s3:::d\",\"fileFormat\":\"CSV\",\"fileSchema\":\"Size\",\"files\":[]}");
        assertTrue(failure("{\"InputType\":\"MANIFEST\"}").getMessage().contains("has no Bucket and Key columns"));
    }

    @Test
    void definitionsThatCannotReadAnInventoryAreRefused() {
        String get = ",\"Resource\":\"arn:aws:states:::s3:getObject\",\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"k\"}}";
        DefinitionException athena = assertThrows(DefinitionException.class, () -> ItemReaderTest.readerSpec(
                "{\"ReaderConfig\":{\"ManifestType\":\"ATHENA_DATA\",\"InputType\":\"CSV\"}" + get));
        assertTrue(athena.getMessage().contains("ATHENA_DATA (Athena UNLOAD data manifests) is not supported"), athena.getMessage());
        assertTrue(athena.getMessage().contains("/ReaderConfig/ManifestType"), athena.getMessage());
        DefinitionException both = assertThrows(DefinitionException.class, () -> ItemReaderTest.readerSpec(
                "{\"ReaderConfig\":{\"ManifestType\":\"S3_INVENTORY\",\"InputType\":\"CSV\"}" + get));
        assertTrue(both.getMessage().contains("InputType must not be given with ManifestType S3_INVENTORY"), both.getMessage());
        DefinitionException header = assertThrows(DefinitionException.class, () -> ItemReaderTest.readerSpec(
                "{\"ReaderConfig\":{\"InputType\":\"MANIFEST\",\"CSVHeaderLocation\":\"FIRST_ROW\"}" + get));
        assertTrue(header.getMessage().contains("/ReaderConfig/CSVHeaderLocation"), header.getMessage());
        DefinitionException listing = assertThrows(DefinitionException.class, () -> ItemReaderTest.readerSpec(
                "{\"ReaderConfig\":{\"InputType\":\"MANIFEST\"},\"Resource\":\"arn:aws:states:::s3:listObjectsV2\","
                        + "\"Parameters\":{\"Bucket\":\"b\"}}"));
        assertTrue(listing.getMessage().contains("InputType MANIFEST needs the resource arn:aws:states:::s3:getObject"),
                listing.getMessage());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
