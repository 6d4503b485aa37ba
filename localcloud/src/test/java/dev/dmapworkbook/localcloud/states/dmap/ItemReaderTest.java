package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.ObjectMemberItem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ItemReader behaviour of spec 9.3, against an in-memory S3. */
class ItemReaderTest {
    private final FakeS3 s3 = new FakeS3();
    private final S3ItemReader reader = new S3ItemReader(s3);

    /** Every item a source gives, the source closed after. */
    static List<JsonNode> all(ItemSource source) {
        List<JsonNode> items = new ArrayList<>();
        try (source) {
            source.forEachRemaining(items::add);
        }
        return items;
    }

    private static List<JsonNode> csv(String text, char delimiter, List<String> headers) {
        return all(new CsvItems(stream(text), delimiter, headers));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static DistributedMap.ItemReaderSpec readerSpec(String readerJson) {
        String map = "{\"Type\":\"Map\",\"ItemReader\":" + readerJson + ",\"ItemProcessor\":{\"ProcessorConfig\":"
                + "{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"P\",\"States\":{\"P\":"
                + "{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}";
        return new DistributedMapParser().parse("M", Json.parse(map), "/States/M").itemReader().orElseThrow();
    }

    @Test
    void csvFirstRowHeadersMakeStringValuedObjects() {
        List<JsonNode> items = csv("id,rating,ok\n1,5.0,true\n2,4.0,false\n", ',', List.of());
        assertEquals(2, items.size());
        assertEquals(Json.parse("{\"id\":\"1\",\"rating\":\"5.0\",\"ok\":\"true\"}"), items.get(0));
        assertTrue(items.get(1).get("id").isTextual());
    }

    @Test
    void csvQuotesHoldDelimitersNewlinesAndDoubledQuotes() {
        List<JsonNode> items = csv("a,b\n\"x,y\",\"line1\nline2\"\n\"say \"\"hi\"\"\",'single'\n", ',', List.of());
        assertEquals("x,y", items.get(0).get("a").asText());
        assertEquals("line1\nline2", items.get(0).get("b").asText());
        assertEquals("say \"hi\"", items.get(1).get("a").asText());
        assertEquals("'single'", items.get(1).get("b").asText());
    }

    @Test
    void csvBackslashEscapesTheNextCharacter() {
        List<JsonNode> items = csv("a,b\nx\\,y,back\\\\slash\n\\q,\\\"\n", ',', List.of());
        assertEquals("x,y", items.get(0).get("a").asText());
        assertEquals("back\\slash", items.get(0).get("b").asText());
        assertEquals("q", items.get(1).get("a").asText());
        assertEquals("\"", items.get(1).get("b").asText());
    }

    @Test
    void csvMissingFieldsAreEmptyAndExtraFieldsDropped() {
        List<JsonNode> items = csv("a,b,c\n1\n1,2,3,4,5\n,,,\n   \n", ',', List.of());
        assertEquals(Json.parse("{\"a\":\"1\",\"b\":\"\",\"c\":\"\"}"), items.get(0));
        assertEquals(Json.parse("{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}"), items.get(1));
        assertEquals(Json.parse("{\"a\":\"\",\"b\":\"\",\"c\":\"\"}"), items.get(2));
        assertEquals(Json.parse("{\"a\":\"   \",\"b\":\"\",\"c\":\"\"}"), items.get(3));
        assertEquals(4, items.size());
    }

    @Test
    void csvFinalNewlineEmptyLinesCrLfAndBom() {
        List<JsonNode> items = csv("\uFEFFa,b\r\n1,2\r\n\r\n3,4", ',', List.of());
        assertEquals(2, items.size());
        assertEquals("1", items.get(0).get("a").asText());
        assertEquals("4", items.get(1).get("b").asText());
    }

    @Test
    void csvGivenHeadersTreatTheFirstRowAsData() {
        List<JsonNode> items = csv("1|2\n3|4\n", '|', List.of("x", "y"));
        assertEquals(2, items.size());
        assertEquals(Json.parse("{\"x\":\"1\",\"y\":\"2\"}"), items.get(0));
    }

    @Test
    void csvHeaderNamesAreVerbatimIncludingEmpty() {
        List<JsonNode> items = csv("0,True,{},\n1,2,3,4\n", ',', List.of());
        assertEquals(Json.parse("{\"0\":\"1\",\"True\":\"2\",\"{}\":\"3\",\"\":\"4\"}"), items.get(0));
    }

    @Test
    void csvDuplicateHeadersFailTheReader() {
        ItemReaderException e = assertThrows(ItemReaderException.class, () -> csv("a,b,a\n1,2,3\n", ',', List.of()));
        assertEquals("CSV headers cannot contain duplicates.", e.getMessage());
        assertThrows(ItemReaderException.class, () -> csv("1,2\n", ',', List.of("x", "x")));
    }

    /** Spec 9.3b/10: the header row is at most 10 KiB, counted in UTF-8 bytes (quotes and delimiters included). */
    @Test
    void csvHeaderRowOver10KiBFailsTheReader() {
        String exactly = "a".repeat(10 * 1024 - 2) + ",b";
        assertEquals(1, csv(exactly + "\r\n1,2\n", ',', List.of()).size());
        ItemReaderException tooLong = assertThrows(ItemReaderException.class,
                () -> csv(exactly + "c\n1,2\n", ',', List.of()));
        assertEquals("The CSV header row is longer than the 10 KiB limit.", tooLong.getMessage());
        // 5,121 characters but 10,242 bytes
        assertThrows(ItemReaderException.class, () -> csv("\u00e9".repeat(5121) + "\n1\n", ',', List.of()));
        assertThrows(ItemReaderException.class, () -> csv("\"" + "x".repeat(10 * 1024 - 1) + "\"\n1\n", ',', List.of()));
        // GIVEN headers have no header row to measure: a long first data row is data
        assertEquals(1, csv("x".repeat(20_000) + "\n", ',', List.of("h")).size());
    }

    @Test
    void csvDelimitersByName() {
        s3.put("b", "t.tsv", "a\tb\n1\t2\n");
        var spec = readerSpec("{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"CSV\","
                + "\"CSVDelimiter\":\"TAB\"},\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"t.tsv\"}}");
        List<JsonNode> items = all(reader.open(spec, Json.parse("{\"Bucket\":\"b\",\"Key\":\"t.tsv\"}"), 0));
        assertEquals(Json.parse("[{\"a\":\"1\",\"b\":\"2\"}]"), Json.MAPPER.valueToTree(items));
    }

    @Test
    void csvStreamsWithoutReadingTheWholeObject() {
        // An endless CSV: reading the first items must not need the end of the stream.
        InputStream endless = new InputStream() {
            private final byte[] header = "n,v\n".getBytes(StandardCharsets.UTF_8);
            private final byte[] row = "1,x\n".getBytes(StandardCharsets.UTF_8);
            private long position;

            @Override
            public int read() {
                long p = position++;
                return p < header.length ? header[(int) p] : row[(int) ((p - header.length) % row.length)];
            }
        };
        CsvItems items = new CsvItems(endless, ',', List.of());
        for (int i = 0; i < 100_000; i++) {
            assertTrue(items.hasNext());
            assertEquals("x", items.next().get("v").asText());
        }
    }

    @Test
    void csvStraightToJsonMatchesTheTree() {
        String text = "a,\"we\"\"ird\",c\n\"q\"\"uote\",\"new\nline\",t\u0001ab\\\\\u00e9\u20ac\n1\n";
        List<JsonNode> trees = csv(text, ',', List.of());
        CsvItems direct = new CsvItems(stream(text), ',', List.of());
        for (JsonNode tree : trees) {
            assertEquals(Json.write(tree), new String(direct.nextJson(), StandardCharsets.UTF_8));
        }
        assertFalse(direct.hasNext());
        CsvItems noHeaders = new CsvItems(stream(""), ',', List.of());
        assertFalse(noHeaders.hasNext());
    }

    @Test
    void jsonArrayElementsInOrder() {
        s3.put("b", "a.json", "[{\"x\":1}, 2, \"three\", [4], null]");
        var spec = readerSpec("{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"JSON\"},"
                + "\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"a.json\"}}");
        List<JsonNode> items = all(reader.open(spec, Json.parse("{\"Bucket\":\"b\",\"Key\":\"a.json\"}"), 0));
        assertEquals(Json.parse("[{\"x\":1},2,\"three\",[4],null]"), Json.MAPPER.valueToTree(items));
    }

    @Test
    void jsonObjectMembersArePairsInTheFilesOrder() {
        // [peer-rec] github floci-io/floci pull request #1588: {"Key":"a","Value":{"x":1}}, in member order
        JsonItems members = new JsonItems(stream("{\"b\":{\"x\":1},\"a\":[2],\"c\":null}"));
        List<JsonNode> items = all(members);
        assertEquals(Json.parse("[{\"Key\":\"b\",\"Value\":{\"x\":1}},{\"Key\":\"a\",\"Value\":[2]},"
                + "{\"Key\":\"c\",\"Value\":null}]"), Json.MAPPER.valueToTree(items));
        assertTrue(items.get(0) instanceof ObjectMemberItem, "marked as an object's member, for $$.Map.Item.Key");
        assertEquals(0, all(new JsonItems(stream("{}"))).size());
        JsonItems cut = new JsonItems(stream("{\"a\":1,"));
        assertEquals(Json.parse("{\"Key\":\"a\",\"Value\":1}"), cut.next());
        assertThrows(ItemReaderException.class, cut::hasNext);
    }

    @Test
    void jsonThatIsNotAnArrayOrObjectFails() {
        ItemReaderException scalar = assertThrows(ItemReaderException.class, () -> new JsonItems(stream("7")));
        assertEquals("Attempting to map over non-iterable node.", scalar.getMessage());
        JsonItems broken = new JsonItems(stream("[1, {\"a\":"));
        assertEquals(1, broken.next().asInt());
        assertThrows(ItemReaderException.class, broken::hasNext);
    }

    @Test
    void jsonLinesOneItemPerLineBlankLinesSkipped() {
        List<JsonNode> items = all(new JsonLinesItems(stream("{\"a\":1}\n\n[2]\n\"s\"\n")));
        assertEquals(Json.parse("[{\"a\":1},[2],\"s\"]"), Json.MAPPER.valueToTree(items));
        JsonLinesItems bad = new JsonLinesItems(stream("{\"a\":1}\n{oops\n"));
        bad.next();
        ItemReaderException e = assertThrows(ItemReaderException.class, bad::hasNext);
        assertTrue(e.getMessage().startsWith("Line 2 of the JSONL object is not valid JSON"), e.getMessage());
    }

    @Test
    void listObjectsV2ReadsEveryPageInKeyOrderWithTheDocumentedItemShape() {
        s3.createBucket("data", "us-east-1");
        for (int i = 2499; i >= 0; i--) {
            s3.put("data", String.format("csv/by_station/S%05d.csv", i), "x".repeat(i % 7));
        }
        s3.put("data", "other/file.csv", "zzz");
        var spec = readerSpec("{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"Parameters\":{\"Bucket.$\":\"$.bucket\","
                + "\"Prefix.$\":\"$.prefix\"}}");
        List<JsonNode> items = all(reader.open(spec, Json.parse("{\"Bucket\":\"data\",\"Prefix\":\"csv/by_station\"}"), 0));
        assertEquals(2500, items.size());
        assertEquals(3, s3.listCalls);
        JsonNode first = items.get(0);
        assertEquals(List.of("Etag", "Key", "LastModified", "Size", "StorageClass"), fieldNames(first));
        assertEquals("csv/by_station/S00000.csv", first.get("Key").asText());
        assertTrue(first.get("Etag").asText().startsWith("\"") && first.get("Etag").asText().endsWith("\""));
        assertEquals(FakeS3.MODIFIED.getEpochSecond(), first.get("LastModified").asLong());
        assertTrue(first.get("LastModified").isIntegralNumber());
        assertEquals(0, first.get("Size").asLong());
        assertEquals("STANDARD", first.get("StorageClass").asText());
        for (int i = 1; i < items.size(); i++) {
            assertTrue(items.get(i - 1).get("Key").asText().compareTo(items.get(i).get("Key").asText()) < 0);
        }
    }

    @Test
    void maxItemsLimitsTheItems() {
        s3.put("b", "a.csv", "h\n1\n2\n3\n4\n");
        var spec = readerSpec("{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"CSV\","
                + "\"MaxItems\":2},\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"a.csv\"}}");
        assertEquals(2, all(reader.open(spec, Json.parse("{\"Bucket\":\"b\",\"Key\":\"a.csv\"}"), 2)).size());
        assertEquals(4, all(reader.open(spec, Json.parse("{\"Bucket\":\"b\",\"Key\":\"a.csv\"}"), 0)).size());
        assertEquals(4, all(reader.open(spec, Json.parse("{\"Bucket\":\"b\",\"Key\":\"a.csv\"}"), 100_000_001)).size());
    }

    @Test
    void s3ErrorsBecomeReaderFailuresWithTheS3Message() {
        s3.createBucket("b", "us-east-1");
        var spec = readerSpec("{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"JSON\"},"
                + "\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"missing.json\"}}");
        ItemReaderException missingKey = assertThrows(ItemReaderException.class,
                () -> reader.open(spec, Json.parse("{\"Bucket\":\"b\",\"Key\":\"missing.json\"}"), 0));
        assertEquals("The specified key does not exist. (Service: S3, Status Code: 404, Error Code: NoSuchKey)",
                missingKey.getMessage());
        ItemReaderException missingBucket = assertThrows(ItemReaderException.class,
                () -> reader.open(spec, Json.parse("{\"Bucket\":\"nope\",\"Key\":\"k\"}"), 0));
        assertTrue(missingBucket.getMessage().contains("NoSuchBucket"));
        ItemReaderException notText = assertThrows(ItemReaderException.class,
                () -> reader.open(spec, Json.parse("{\"Bucket\":1,\"Key\":\"k\"}"), 0));
        assertTrue(notText.getMessage().contains("'Bucket' must be a string"));
    }

    @Test
    void itemSourceLimitStopsEarly() {
        ItemSource source = ItemSource.limit(ItemSource.of(List.<JsonNode>of(Json.parse("1"), Json.parse("2")).iterator()), 1);
        assertTrue(source.hasNext());
        source.next();
        assertFalse(source.hasNext());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
