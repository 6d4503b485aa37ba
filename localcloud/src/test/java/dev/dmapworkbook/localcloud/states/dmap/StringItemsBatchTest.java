package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A child input read back as its child sees it: the quick path gives exactly Jackson's tree, or leaves it to Jackson. */
class StringItemsBatchTest {
    private static final String[] PIECES = {"a", "Key", "keys/0000001", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n",
        "\\r", "\\t", "\\u0000", "\\u00e9", "\\u20AC", "\\ud83d\\ude00", "\\udc00", " ", "%2F", "~", "\u007f", ""};

    @Test
    void inventoryRowsReadAsJacksonReadsThem() {
        String text = "{\"Items\":[{\"Bucket\":\"bench-inventory\",\"Key\":\"keys/0000001\"},"
                + "{\"Bucket\":\"bench-inventory\",\"Key\":\"keys%2F0000002\"}]}";
        JsonNode quick = StringItemsBatch.tryParse(bytes(text));
        assertNotNull(quick, "flat string items take the quick path");
        assertSameTree(Json.parse(text), quick);
        assertSame(quick.at("/Items/0").fieldNames().next(), quick.at("/Items/1").fieldNames().next(),
                "a repeated member name is one String");
    }

    /** Random flat string items, escapes of every kind (also lone surrogates), empty items, repeated names. */
    @Test
    void randomStringItemsGiveJacksonsTree() {
        Random random = new Random(19);
        for (int batch = 0; batch < 2_000; batch++) {
            StringBuilder text = new StringBuilder("{\"Items\":[");
            int items = random.nextInt(6);
            for (int i = 0; i < items; i++) {
                text.append(i > 0 ? "," : "").append('{');
                int members = random.nextInt(4);
                for (int m = 0; m < members; m++) {
                    text.append(m > 0 ? "," : "").append(string(random, random.nextInt(3) == 0 ? 0 : 2))
                            .append(':').append(string(random, 4));
                }
                text.append('}');
            }
            String json = text.append("]}").toString();
            JsonNode quick = StringItemsBatch.tryParse(bytes(json));
            assertNotNull(quick, json);
            assertSameTree(Json.parse(json), quick);
        }
    }

    /** What the quick path does not read goes to Jackson: the same tree, or the same failure. */
    @Test
    void everyOtherInputIsJacksons() {
        String[] others = {
            "{\"BatchInput\":{\"b\":1},\"Items\":[{\"Key\":\"k\"}]}",
            "{\"Items\":[{\"Key\":\"k\",\"Size\":1}]}",
            "{\"Items\":[{\"Key\":\"k\",\"Tags\":{\"a\":\"b\"}}]}",
            "{\"Items\":[\"k\",\"l\"]}",
            "{\"Items\":[{\"Key\":\"caf\u00e9\"}]}",
            "{\"Items\": [{\"Key\":\"k\"}]}",
            "{\"Items\":[{\"Key\":null}]}",
            "{\"Items\":[]}",
        };
        for (String text : others) {
            assertSameTree(Json.parse(text), StringItemsBatch.parse(bytes(text)));
        }
        assertNotNull(StringItemsBatch.tryParse(bytes("{\"Items\":[]}")));
        assertNull(StringItemsBatch.tryParse(bytes(others[1])), "a number is Jackson's to read");
        for (String malformed : new String[] {"{\"Items\":[{\"Key\":\"k\"}", "{\"Items\":[{\"Key\":\"\\x\"}]}",
            "{\"Items\":[{\"Key\":\"a\u0001\"}]}", "{\"Items\":[{\"Key\":\"\\u12\"}]}"}) {
            assertNull(StringItemsBatch.tryParse(bytes(malformed)), malformed);
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bytes(malformed)));
            assertThrows(IllegalArgumentException.class, () -> StringItemsBatch.parse(bytes(malformed)));
        }
    }

    private static String string(Random random, int maxPieces) {
        StringBuilder s = new StringBuilder("\"");
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.append('"').toString();
    }

    private static void assertSameTree(JsonNode expected, JsonNode actual) {
        assertEquals(expected, actual);
        assertEquals(Json.write(expected), Json.write(actual), "member order");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
