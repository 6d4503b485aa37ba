package dev.dmapworkbook.localcloud.states.query;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which names a JSONata expression reads at its top level, the reference AWS refuses at create time. */
class TopLevelReferencesTest {
    @Test
    void aBareNameOrAPathFromOneAtTheTopIsFound() {
        assertEquals("phone", TopLevelReferences.first("phone"));
        assertEquals("order", TopLevelReferences.first("order.id"));
        assertEquals("b", TopLevelReferences.first("$states.input.a and b"));
        assertEquals("x", TopLevelReferences.first("1 + x * 2"));
        assertEquals("Product", TopLevelReferences.first("Product[price > 5]"));
    }

    @Test
    void namesNestedInsideAnExpressionAreNot() {
        for (String ok : List.of("$states.input.items[price > 5].name", "$count($states.input.items)", "$map($states.input, function($v) { $v.name })",
                "$states.input.{ \"n\": name }", "\"phone\" & 'x'", "$match($states.input.s, /ab/i)", "1.5e3 + 2",
                "$states.input.a in [\"x\", \"y\"] and true or false", "/* note */ $x", "($y := 2; $y * $x)", "$states.input ~> $keys()",
                "λ($v){$v}($states.input)", "$states.input.`a b`", "$exists($states.input.x) ? 1 : null", "$string(x)")) {
            assertNull(TopLevelReferences.first(ok), ok);
        }
    }

    private static boolean parses(String text) {
        try {
            return Jsonata.jsonata(text).getErrors() == null || Jsonata.jsonata(text).getErrors().isEmpty();
        } catch (JException e) {
            return false; // a syntax error is refused as one, before its names are looked at
        }
    }

    /** Every expression in the project's definitions and labs that is meant to be valid stays valid. */
    @Test
    void noExpressionOfTheProjectsDefinitionsIsRefused() throws IOException {
        Pattern expression = Pattern.compile("\\{%(.*?)%\\}");
        List<String> refused = new ArrayList<>();
        for (Path root : List.of(Path.of("src/test/resources"), Path.of("../labs"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("top-level")).toList()) {
                    Matcher m = expression.matcher(Files.readString(f));
                    while (m.find()) {
                        String text = m.group(1).replace("\\\"", "\"").trim();
                        String name = parses(text) ? TopLevelReferences.first(text) : null;
                        if (name != null) {
                            refused.add(f + ": " + m.group(1) + " -> " + name);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), refused);
    }
}
