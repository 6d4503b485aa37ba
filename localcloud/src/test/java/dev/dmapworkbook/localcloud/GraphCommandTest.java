package dev.dmapworkbook.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code localcloud graph}: the lab 02 definition drawn to a file; a broken definition fails and writes nothing. */
class GraphCommandTest {
    @TempDir
    Path dir;

    @Test
    void drawsLab02ToTheOutFile() throws IOException {
        Path out = dir.resolve("lab02.svg");
        assertEquals(0, Main.run("graph", "--definition", "../labs/02-run-and-fail/workflow.asl.json", "--out", out.toString()));
        String svg = Files.readString(out);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains("data-state=\"Lambda Invoke\""), svg);
        assertTrue(svg.contains("ItemBatcher: MaxItemsPerBatch 100 \u00b7 BatchInput none"), svg);
    }

    @Test
    void aBrokenDefinitionFailsAndWritesNothing() throws IOException {
        Path definition = Files.writeString(dir.resolve("bad.json"), "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"}}}");
        Path out = dir.resolve("bad.svg");
        assertEquals(1, Main.run("graph", "--definition", definition.toString(), "--out", out.toString()));
        assertFalse(Files.exists(out));
    }
}
