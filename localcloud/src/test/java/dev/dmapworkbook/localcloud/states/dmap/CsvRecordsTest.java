package dev.dmapworkbook.localcloud.states.dmap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The byte reader of the inventory's CSV gives exactly the items the character reader ({@link CsvItems}, spec 9.3b)
 * gives for the same bytes: the documented rules one by one, then many random streams made of the characters the
 * rules look at, non-ASCII text and malformed UTF-8.
 */
class CsvRecordsTest {
    private static final List<String> HEADERS = List.of("A", "B", "C");

    /** Each item's JSON as {@link CsvItems#nextJson} writes it. */
    private static List<String> byCharacters(byte[] csv, char delimiter) {
        List<String> items = new ArrayList<>();
        CsvItems reader = new CsvItems(new ByteArrayInputStream(csv), delimiter, HEADERS);
        while (reader.hasNext()) {
            items.add(new String(reader.nextJson(), StandardCharsets.UTF_8));
        }
        return items;
    }

    private static List<String> byBytes(byte[] csv, char delimiter) {
        return byBytes(new ByteArrayInputStream(csv), delimiter);
    }

    private static List<String> byBytes(InputStream csv, char delimiter) {
        List<String> items = new ArrayList<>();
        CsvRecords records = new CsvRecords(csv, delimiter);
        JsonBytes json = new JsonBytes();
        while (records.next()) {
            json.clear();
            for (int i = 0; i < HEADERS.size(); i++) {
                json.add(((i == 0 ? "{\"" : ",\"") + HEADERS.get(i) + "\":").getBytes(StandardCharsets.UTF_8));
                records.appendJson(i, json);
            }
            items.add(new String(json.add((byte) '}').toByteArray(), StandardCharsets.UTF_8));
        }
        return items;
    }

    private static void same(String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        assertEquals(byCharacters(bytes, ','), byBytes(bytes, ','), csv);
    }

    @Test
    void theRulesOfSpec93bGiveTheSameItems() {
        same("\"bench-inventory\",\"keys/0000001\"\n\"bench-inventory\",\"keys/0000002\"\n");
        same("a,b,c\r\nd,e,f\rg,h,i");
        same("\"x,y\",\"line1\nline2\",\"say \"\"hi\"\"\"\n");
        same("a\\,b,c\\\"d,\"e\\\"f\"\n\\");
        same("\n\n\r\n,\n,,\n\"\"\n\\\n");
        same("\"");
        same("\\");
        same("ab\"c,d\"e,f\n");
        same("\uFEFFa,b\n\uFEFFc,d\n");
        same("\n\uFEFFa,b\n");
        same("é,日本,\uD83D\uDE00\n\\é,\"\\日\",x\n");
        same("tab\there,bell\u0007,del\u007f\n\"\u0001\",\b\f,\u001f\n");
        same("a,b,c,d,e\nonly\n");
    }

    @Test
    void otherDelimitersToo() {
        for (char delimiter : new char[] {'|', ';', ' ', '\t'}) {
            byte[] bytes = ("a" + delimiter + "\"b" + delimiter + "c\"" + delimiter + "d\n").getBytes(StandardCharsets.UTF_8);
            assertEquals(byCharacters(bytes, delimiter), byBytes(bytes, delimiter));
        }
    }

    @Test
    void malformedUtf8BecomesWhatTheCharacterReaderMakesOfIt() {
        byte[][] cases = {
                {'a', (byte) 0xC3, ',', 'b', '\n'},
                {(byte) 0xE2, (byte) 0x82, 'x', ',', (byte) 0xE2, (byte) 0x82, '\n'},
                {'"', (byte) 0xF0, (byte) 0x9F, '"', ',', (byte) 0x80, (byte) 0xBF, '\n'},
                {'\\', (byte) 0xE6, (byte) 0x97, (byte) 0xA5, ',', '\\', (byte) 0xFF, '\n'},
                {(byte) 0xEF, (byte) 0xBB, 'a', '\n'},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80, ',', (byte) 0xC0, (byte) 0xAF, '\n'},
                // a quote and a backslash the rules drop stood between E2 82 and 80: never one character "₀"
                {(byte) 0xE2, (byte) 0x82, '"', '\\', (byte) 0x80, '"', '\n'},
                {(byte) 0xF0, (byte) 0x9F, ',', (byte) 0x98, (byte) 0x80, '\n'},
        };
        for (byte[] csv : cases) {
            assertEquals(byCharacters(csv, ','), byBytes(csv, ','));
        }
    }

    @Test
    void randomStreamsGiveTheSameItems() {
        byte[][] pieces = {{','}, {'"'}, {'\\'}, {'\n'}, {'\r'}, {'a'}, {'b'}, {' '}, {'\t'}, {1}, {0x1f},
                "é".getBytes(StandardCharsets.UTF_8), "日".getBytes(StandardCharsets.UTF_8),
                "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), "\uFEFF".getBytes(StandardCharsets.UTF_8),
                {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xFF}};
        Random random = new Random(19);
        for (int run = 0; run < 50_000; run++) {
            java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                csv.writeBytes(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = csv.toByteArray();
            assertEquals(byCharacters(bytes, ','), byBytes(bytes, ','), () -> java.util.HexFormat.of().formatHex(bytes));
        }
    }

    @Test
    void recordsLongerThanTheBufferAndReadsOfOneByteAtATime() {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            csv.append("\"bench-inventory\",\"keys/").append(i).append("\",\"").append("x".repeat(i % 97)).append("\"\n");
        }
        csv.append("\"").append("long\n".repeat(30_000)).append("\",b\n");
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<String> expected = byCharacters(bytes, ',');
        assertEquals(expected, byBytes(bytes, ','));
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertEquals(expected, byBytes(trickle, ','));
    }
}
