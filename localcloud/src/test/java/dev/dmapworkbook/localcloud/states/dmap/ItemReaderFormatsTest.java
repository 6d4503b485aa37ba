package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import io.airlift.compress.zstd.ZstdOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Today's ItemReader (spec 9.3): ItemsPointer, GZIP/ZSTD item files, LOAD_AND_FLATTEN listings; in-memory S3. */
class ItemReaderFormatsTest {
    private final FakeS3 s3 = new FakeS3();
    private final S3ItemReader reader = new S3ItemReader(s3);

    private List<JsonNode> getObject(String key, String readerConfig, long maxItems) {
        var spec = ItemReaderTest.readerSpec("{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":"
                + readerConfig + ",\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"" + key + "\"}}");
        return ItemReaderTest.all(reader.open(spec, Json.object("Bucket", "b", "Key", key), maxItems));
    }

    private List<JsonNode> flatten(String prefix, String readerConfig, long maxItems) {
        var spec = ItemReaderTest.readerSpec("{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"ReaderConfig\":"
                + readerConfig + ",\"Parameters\":{\"Bucket\":\"b\",\"Prefix\":\"" + prefix + "\"}}");
        return ItemReaderTest.all(reader.open(spec, Json.object("Bucket", "b", "Prefix", prefix), maxItems));
    }

    private void putBytes(String key, byte[] bytes) {
        s3.createBucket("b", "us-east-1");
        s3.putObject("b", key, new ByteArrayInputStream(bytes), "application/octet-stream", Map.of());
    }

    static byte[] gzip(String text) {
        return compress(text, out -> new GZIPOutputStream(out));
    }

    static byte[] zstd(String text) {
        return compress(text, ZstdOutputStream::new);
    }

    private interface Encoder {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(String text, Encoder encoder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = encoder.wrap(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void itemsPointerSelectsANestedArrayThroughObjectsAndArrayIndexes() {
        s3.put("b", "store.json", "{\"skip\":{\"deep\":[1,[2,{\"x\":3}]]},\"inventory\":{\"a/b\":[{\"n\":0},"
                + "{\"products\":{\"featured\":[{\"id\":1},{\"id\":2},\"three\"]}}]},\"after\":1}");
        List<JsonNode> items = getObject("store.json",
                "{\"InputType\":\"JSON\",\"ItemsPointer\":\"/inventory/a~1b/1/products/featured\"}", 0);
        assertEquals(Json.parse("[{\"id\":1},{\"id\":2},\"three\"]"), Json.MAPPER.valueToTree(items));
        assertEquals(2, getObject("store.json", "{\"InputType\":\"JSON\",\"ItemsPointer\":"
                + "\"/inventory/a~1b/1/products/featured\",\"MaxItems\":2}", 2).size());
        s3.put("b", "plain.json", "[5,6]");
        assertEquals(2, getObject("plain.json", "{\"InputType\":\"JSON\",\"ItemsPointer\":\"\"}", 0).size());
        assertEquals(Json.parse("[{\"Key\":\"x\",\"Value\":3}]"), Json.MAPPER.valueToTree(getObject("store.json",
                "{\"InputType\":\"JSON\",\"ItemsPointer\":\"/skip/deep/1/1\"}", 0)), "an object's key-value pairs");
        s3.put("b", "twice.json", "{\"rows\":[1],\"rows\":[2,3]}");
        assertEquals(Json.parse("[1]"), Json.MAPPER.valueToTree(
                getObject("twice.json", "{\"InputType\":\"JSON\",\"ItemsPointer\":\"/rows\"}", 0)));
    }

    @Test
    void itemsPointerFailuresNameThePointer() {
        s3.put("b", "doc.json", "{\"a\":{\"list\":[1,2],\"text\":\"t\",\"obj\":{\"k\":1}}}");
        record Case(String pointer, String cause) {
        }
        // the causes AWS gave (github floci-io/floci pull request #1588's tests) [peer-rec]
        String noMatch = "The provided ReaderConfig.ItemsPointer does not match any valid path in the JSON structure.";
        String scalar = "Attempting to map over non-iterable node.";
        for (Case c : List.of(new Case("/a/missing", noMatch), new Case("/a/list/2", noMatch),
                new Case("/a/list/01", noMatch), new Case("/a/list/-", noMatch), new Case("/a/text/x", noMatch),
                new Case("/a/text", scalar), new Case("/a/list/0", scalar))) {
            String config = "{\"InputType\":\"JSON\",\"ItemsPointer\":\"" + c.pointer() + "\"}";
            ItemReaderException e = assertThrows(ItemReaderException.class, () -> getObject("doc.json", config, 0));
            assertEquals(c.cause(), e.getMessage(), c.pointer());
        }
        s3.put("b", "scalar.json", "42");
        ItemReaderException empty = assertThrows(ItemReaderException.class,
                () -> getObject("scalar.json", "{\"InputType\":\"JSON\",\"ItemsPointer\":\"\"}", 0));
        assertEquals(scalar, empty.getMessage());
        s3.put("b", "broken.json", "{\"a\":[1,");
        ItemReaderException broken = assertThrows(ItemReaderException.class,
                () -> getObject("broken.json", "{\"InputType\":\"JSON\",\"ItemsPointer\":\"/b\"}", 0));
        assertTrue(broken.getMessage().startsWith("The JSON object is not valid JSON"), broken.getMessage());
    }

    @Test
    void gzipAndZstdFilesAreDecodedByTheirExtension() {
        String csv = "id,name\n1,ant\n2,\"bee, the\"\n";
        putBytes("rows.csv.gz", gzip(csv));
        putBytes("rows.CSV.GZIP", gzip(csv));
        putBytes("rows.csv.zstd", zstd(csv));
        putBytes("rows.csv.zst", zstd(csv));
        for (String key : List.of("rows.csv.gz", "rows.CSV.GZIP", "rows.csv.zstd", "rows.csv.zst")) {
            assertEquals(Json.parse("[{\"id\":\"1\",\"name\":\"ant\"},{\"id\":\"2\",\"name\":\"bee, the\"}]"),
                    Json.MAPPER.valueToTree(getObject(key, "{\"InputType\":\"CSV\"}", 0)), key);
        }
        putBytes("lines.jsonl.gz", gzip("{\"a\":1}\n{\"a\":2}\n"));
        assertEquals(2, getObject("lines.jsonl.gz", "{\"InputType\":\"JSONL\"}", 0).size());
        putBytes("doc.json.zstd", zstd("{\"data\":[true,false]}"));
        assertEquals(Json.parse("[true,false]"), Json.MAPPER.valueToTree(
                getObject("doc.json.zstd", "{\"InputType\":\"JSON\",\"ItemsPointer\":\"/data\"}", 0)));
        putBytes("plain.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, getObject("plain.csv", "{\"InputType\":\"CSV\"}", 0).size());
    }

    @Test
    void dataThatIsNotWhatTheExtensionSaysFailsNamingTheKey() {
        s3.put("b", "fake.csv.gz", "id\n1\n");
        ItemReaderException gz = assertThrows(ItemReaderException.class,
                () -> getObject("fake.csv.gz", "{\"InputType\":\"CSV\"}", 0));
        assertTrue(gz.getMessage().startsWith("The object 'fake.csv.gz' is not GZIP data, as its extension says"),
                gz.getMessage());
        s3.put("b", "fake.jsonl.zst", "{\"a\":1}\n");
        ItemReaderException zst = assertThrows(ItemReaderException.class,
                () -> getObject("fake.jsonl.zst", "{\"InputType\":\"JSONL\"}", 0));
        assertTrue(zst.getMessage().contains("The object 'fake.jsonl.zst' is not ZSTD data"), zst.getMessage());
        byte[] whole = gzip("id\n" + "1\n".repeat(10_000));
        putBytes("cut.csv.gz", java.util.Arrays.copyOf(whole, whole.length / 2));
        ItemReaderException cut = assertThrows(ItemReaderException.class,
                () -> getObject("cut.csv.gz", "{\"InputType\":\"CSV\"}", 0));
        assertTrue(cut.getMessage().contains("'cut.csv.gz' is not GZIP data"), cut.getMessage());
    }

    /** The decoders hold a window (ZSTD: up to its frame's window, ~1 MiB here), never the file. */
    @Test
    void aCompressedFileStreamsRatherThanBeingReadWhole() {
        StringBuilder csv = new StringBuilder("id,value\n");
        for (int i = 0; i < 500_000; i++) {
            csv.append(i).append(',').append(Integer.toHexString(i * 7919)).append('\n');
        }
        for (String key : List.of("big.csv.zst", "big.csv.gz")) {
            byte[] compressed = key.endsWith(".gz") ? gzip(csv.toString()) : zstd(csv.toString());
            AtomicLong consumed = new AtomicLong();
            s3.stream("b", key, () -> new FilterInputStream(new ByteArrayInputStream(compressed)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    consumed.addAndGet(Math.max(n, 0));
                    return n;
                }

                @Override
                public int available() {
                    return 0; // like a network stream
                }
            });
            List<JsonNode> first = getObject(key, "{\"InputType\":\"CSV\",\"MaxItems\":3}", 3);
            assertEquals("2", first.get(2).get("id").asText());
            assertTrue(consumed.get() < compressed.length / 4, key + ": " + consumed + " of " + compressed.length
                    + " bytes read");
        }
    }

    @Test
    void loadAndFlattenReadsEveryListedObjectInKeyOrder() {
        s3.put("b", "logs/", "");
        s3.put("b", "logs/2.csv", "level,msg\nWARN,disk\n");
        putBytes("logs/1.csv.gz", gzip("level,msg\nINFO,start\nERROR,boom\n"));
        s3.put("b", "logs/3.csv", "level,msg\n");
        s3.put("b", "other/x.csv", "level,msg\nINFO,elsewhere\n");
        List<JsonNode> items = flatten("logs/", "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"CSV\"}", 0);
        assertEquals(Json.parse("[{\"level\":\"INFO\",\"msg\":\"start\"},{\"level\":\"ERROR\",\"msg\":\"boom\"},"
                + "{\"level\":\"WARN\",\"msg\":\"disk\"}]"), Json.MAPPER.valueToTree(items));
        List<JsonNode> two = flatten("logs/", "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"CSV\","
                + "\"MaxItems\":2}", 2);
        assertEquals(2, two.size());
        s3.put("b", "given/a.tsv", "1\tx\n");
        s3.put("b", "given/b.tsv", "2\ty\n");
        assertEquals(Json.parse("[{\"n\":\"1\",\"s\":\"x\"},{\"n\":\"2\",\"s\":\"y\"}]"), Json.MAPPER.valueToTree(flatten(
                "given/", "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"CSV\",\"CSVDelimiter\":\"TAB\","
                        + "\"CSVHeaderLocation\":\"GIVEN\",\"CSVHeaders\":[\"n\",\"s\"]}", 0)));
    }

    @Test
    void loadAndFlattenReadsJsonAndJsonLinesRecords() {
        s3.put("b", "j/a.json", "{\"rows\":[1,2]}");
        putBytes("j/b.json.zstd", zstd("{\"rows\":[3]}"));
        assertEquals(Json.parse("[1,2,3]"), Json.MAPPER.valueToTree(flatten("j/",
                "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"JSON\",\"ItemsPointer\":\"/rows\"}", 0)));
        s3.put("b", "l/a.jsonl", "{\"a\":1}\n{\"a\":2}\n");
        s3.put("b", "l/b.jsonl", "{\"a\":3}\n");
        assertEquals(3, flatten("l/", "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"JSONL\"}", 0).size());
    }

    @Test
    void loadAndFlattenFailuresNameTheObject() {
        s3.put("b", "m/a.jsonl", "{\"a\":1}\n");
        s3.put("b", "m/b.jsonl", "{\"a\":2}\n{oops\n");
        ItemReaderException e = assertThrows(ItemReaderException.class,
                () -> flatten("m/", "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"JSONL\"}", 0));
        assertTrue(e.getMessage().startsWith("s3://b/m/b.jsonl: Line 2 of the JSONL object is not valid JSON"),
                e.getMessage());
        s3.put("b", "d/a.csv", "h,h\n1,2\n");
        ItemReaderException dup = assertThrows(ItemReaderException.class,
                () -> flatten("d/", "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"CSV\"}", 0));
        assertEquals("s3://b/d/a.csv: CSV headers cannot contain duplicates.", dup.getMessage());
        s3.put("b", "o/a.json", "7");
        ItemReaderException scalar = assertThrows(ItemReaderException.class,
                () -> flatten("o/", "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"JSON\"}", 0));
        assertEquals("s3://b/o/a.json: Attempting to map over non-iterable node.", scalar.getMessage());
    }

    /**
     * A LOAD_AND_FLATTEN reader writes its items straight into the child's batch: the same bytes, batch for batch, as
     * when each item comes as its own array ({@link ItemSource#nextJson}), and the same items as trees give, on CSV,
     * JSON Lines and JSON files of random rows (quotes, escapes, control characters, non-ASCII text, numbers).
     */
    @Test
    void flattenedItemsWrittenStraightIntoTheBatchAreTheBytesEachItemAloneGives() {
        java.util.Random random = new java.util.Random(93);
        String[] csvPieces = {"a", "Zz", ",", ",", "\"", "\"\"", "\\", "\n", "\r\n", "\t", "\u0001", "\u001f", "\u00e9",
                "\u20ac", "\ud83d\ude00", "12", "-3.5e7", " ", "\n\n"};
        String[] values = {"\"plain\"", "\"\u00e9\u20ac\ud83d\ude00\"", "\"\\u00e9\\ud83d\\ude00\"", "\"q\\\"b\\\\s\\n\\t\\u0000\\u001F\"",
                "0", "-1", "1.50", "1e3", "2E-7", "-0.0", "123456789012345678901234567890", "true", "null",
                "[1,\"x\",{}]", "{\"k\":{\"n\":[2.5e300]}}"};
        for (int file = 0; file < 4; file++) {
            StringBuilder csv = new StringBuilder("id,na\u00efve,\"q\"\"h\",back\\\\slash\n");
            StringBuilder jsonl = new StringBuilder();
            StringBuilder json = new StringBuilder("[");
            for (int row = 0; row < 60; row++) {
                csv.append(row);
                for (int piece = random.nextInt(12); piece > 0; piece--) {
                    csv.append(csvPieces[random.nextInt(csvPieces.length)]);
                }
                csv.append('\n');
                String item = "{\"n\":" + row + ",\"v\":" + values[random.nextInt(values.length)] + ",\"w\":"
                        + values[random.nextInt(values.length)] + "}";
                jsonl.append(row % 7 == 3 ? "\n" : "").append(item).append('\n');
                json.append(row == 0 ? "" : ",").append(row % 5 == 2 ? values[random.nextInt(values.length)] : item);
            }
            putBytes("csv/" + file + (file == 2 ? ".csv.gz" : ".csv"), file == 2 ? gzip(csv.toString())
                    : csv.toString().getBytes(StandardCharsets.UTF_8));
            s3.put("b", "jsonl/" + file + ".jsonl", jsonl.toString());
            s3.put("b", "json/" + file + ".json", json.append(']').toString());
        }
        s3.put("b", "csv/folder/", "");
        for (String config : List.of("{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"CSV\"}",
                "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"JSONL\"}",
                "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"JSON\"}")) {
            String prefix = Json.parse(config).get("InputType").asText().toLowerCase() + "/";
            List<JsonNode> trees = flatten(prefix, config, 0);
            assertTrue(trees.size() > 150, prefix + trees.size()); // quoted line breaks join some CSV rows
            for (long maxItems : new long[]{0, 1, 7, 100}) {
                for (long maxBytes : new long[]{0, 300, 2000}) {
                    String settings = prefix + " MaxItemsPerBatch " + maxItems + ", MaxInputBytesPerBatch " + maxBytes;
                    List<String> written = batches(flattening(prefix, config), maxItems, maxBytes);
                    assertEquals(batches(eachAlone(flattening(prefix, config)), maxItems, maxBytes), written, settings);
                    List<String> fromTrees = batches(ItemSource.of(trees.iterator()), maxItems, maxBytes);
                    assertEquals(fromTrees.size(), written.size(), settings);
                    for (int i = 0; i < written.size(); i++) {
                        assertEquals(head(fromTrees.get(i)), head(written.get(i)), settings);
                        if (!written.get(i).startsWith("failed")) {
                            assertEquals(Json.parse(tail(fromTrees.get(i))), Json.parse(tail(written.get(i))), settings);
                        }
                    }
                }
            }
        }
        s3.put("b", "bad/a.jsonl", "{\"a\":1}\n");
        s3.put("b", "bad/b.jsonl", "{\"a\":2}\n{oops\n");
        String config = "{\"Transformation\":\"LOAD_AND_FLATTEN\",\"InputType\":\"JSONL\"}";
        List<String> failed = batches(flattening("bad/", config), 10, 0);
        assertEquals(batches(eachAlone(flattening("bad/", config)), 10, 0), failed);
        assertTrue(failed.get(0).startsWith("failed: s3://b/bad/b.jsonl: Line 2 of the JSONL object"), failed.get(0));
    }

    private ItemSource flattening(String prefix, String readerConfig) {
        var spec = ItemReaderTest.readerSpec("{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"ReaderConfig\":"
                + readerConfig + ",\"Parameters\":{\"Bucket\":\"b\",\"Prefix\":\"" + prefix + "\"}}");
        return reader.open(spec, Json.object("Bucket", "b", "Prefix", prefix), 0);
    }

    /** Each child's input as {@code first+count:json}, or the reader's failure. */
    private static List<String> batches(ItemSource items, long maxItems, long maxBytes) {
        List<String> out = new java.util.ArrayList<>();
        ChildInputs inputs = ChildInputs.batched(items, null, maxItems, maxBytes, null);
        try (items) {
            while (inputs.hasNext()) {
                ChildInputs.ChildInput input = inputs.next();
                out.add(input.firstItem() + "+" + input.itemCount() + ":"
                        + new String(input.json(), StandardCharsets.UTF_8));
            }
        } catch (ItemReaderException e) {
            out.add("failed: " + e.getMessage());
        }
        return out;
    }

    private static String head(String batch) {
        return batch.startsWith("failed") ? batch : batch.substring(0, batch.indexOf(':'));
    }

    private static String tail(String batch) {
        return batch.substring(batch.indexOf(':') + 1);
    }

    /** {@code source} with each item given as its own array, added to the batch after ({@link ItemSource}'s default). */
    private static ItemSource eachAlone(ItemSource source) {
        return new ItemSource() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public JsonNode next() {
                throw new AssertionError("no ItemSelector: the batch takes the item's JSON");
            }

            @Override
            public byte[] nextJson() {
                return source.nextJson();
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }
}
