package dev.dmapworkbook.localcloud.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

class JsonTest {
    /** Json.object gives, member by member, the node type and value Jackson's valueToTree gives each value. */
    @Test
    void objectMembersAreTheNodesValueToTreeGives() {
        JsonNode nested = Json.parse("{\"a\":[1,\"x\"]}");
        Object[] values = {"text", "", "é😀\n", true, false, 0, -7, Integer.MAX_VALUE, 5L, 1.5, new BigDecimal("1.250"),
                nested, List.of(1, "y")};
        Object[] keysAndValues = new Object[values.length * 2 + 2];
        for (int i = 0; i < values.length; i++) {
            keysAndValues[2 * i] = "k" + i;
            keysAndValues[2 * i + 1] = values[i];
        }
        keysAndValues[values.length * 2] = "absent";
        ObjectNode made = Json.object(keysAndValues);
        assertFalse(made.has("absent"), "a null value is left out");
        Iterator<Map.Entry<String, JsonNode>> members = made.fields();
        for (int i = 0; i < values.length; i++) {
            Map.Entry<String, JsonNode> m = members.next();
            JsonNode expected = Json.MAPPER.valueToTree(values[i]);
            assertEquals("k" + i, m.getKey(), "in the order given");
            assertEquals(expected.getClass(), m.getValue().getClass(), "k" + i);
            assertEquals(expected, m.getValue(), "k" + i);
        }
        assertFalse(members.hasNext());
        assertNotSame(nested, made.get("k11"), "a tree is copied, as before");
        assertEquals(Json.write(Json.MAPPER.valueToTree(Map.of("k0", "text"))), Json.write(Json.object("k0", "text")));
    }
}
