package dev.dmapworkbook.localcloud.states.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.StatesFailure;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariablesTest {
    @Test
    void innerScopesReadOuterScopesAndEndWithTheirBranch() {
        Variables top = Variables.root();
        top.assign(Map.of("x", Json.parse("1")));
        Variables branch = top.child();
        branch.assign(Map.of("y", Json.parse("2")));
        assertEquals(1, branch.lookup("x").intValue());
        assertNull(top.lookup("y"), "an outer scope does not see an inner one");
        long before = top.totalBytes();
        branch.close();
        assertEquals(before - 1, top.totalBytes());
        assertNull(Variables.root().lookup("x"), "a Distributed Map child starts from a root of its own");
    }

    @Test
    void sizeLimitsAreChecked() {
        Variables v = Variables.root();
        String big = "x".repeat(262_144);
        StatesFailure one = assertThrows(StatesFailure.class, () -> v.assign(Map.of("a", JsonNodeFactory.instance.textNode(big))));
        assertTrue(one.cause().contains("variable 'a'"));
        String half = "x".repeat(140_000);
        assertThrows(StatesFailure.class, () -> v.assign(Map.of("a", JsonNodeFactory.instance.textNode(half),
                "b", JsonNodeFactory.instance.textNode(half))));
        assertNull(v.lookup("a"), "a refused Assign writes nothing");
        for (int i = 0; i < 41; i++) {
            v.assign(Map.of("v" + i, JsonNodeFactory.instance.textNode("y".repeat(250_000))));
        }
        StatesFailure total = assertThrows(StatesFailure.class, () -> v.assign(Map.of("last",
                JsonNodeFactory.instance.textNode("z".repeat(250_000)))));
        assertTrue(total.cause().contains("10485760"));
        v.assign(Map.of("v0", Json.parse("0")));
        v.assign(Map.of("last", JsonNodeFactory.instance.textNode("z".repeat(200_000))));
    }

    @Test
    void namesFollowAwsRules() {
        assertNull(VariableNames.problem("productName"));
        assertNull(VariableNames.problem("_x1"));
        assertNull(VariableNames.problem("café"));
        assertTrue(VariableNames.problem("1x") != null);
        assertTrue(VariableNames.problem("a-b") != null);
        assertTrue(VariableNames.problem("states") != null);
        assertTrue(VariableNames.problem("a".repeat(81)) != null);
        assertNull(VariableNames.problem("a".repeat(80)));
    }
}
