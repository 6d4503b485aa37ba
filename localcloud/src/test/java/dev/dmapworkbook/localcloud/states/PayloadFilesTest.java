package dev.dmapworkbook.localcloud.states;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Large texts appended to pack files and read back by the names journal lines keep; one-file payloads still read. */
class PayloadFilesTest {
    @TempDir
    Path dir;

    private static String large(String fill) {
        return "{\"Items\":[\"" + fill.repeat(Payload.IN_MEMORY_CHARS) + "\"]}";
    }

    @Test
    void textsShareAPackAndReadBackByTheirNamesAfterAReopen() throws Exception {
        List<String> texts = List.of(large("a"), large("é€😀"), large("\\\"\n"));
        List<String> names = new ArrayList<>();
        try (PayloadFiles files = new PayloadFiles(dir)) {
            for (String text : texts) {
                Payload p = Payload.of(text, files);
                assertNotNull(p.file(), "spilled");
                names.add(p.reference());
                assertEquals(text, p.text());
            }
        }
        try (var listed = Files.list(dir)) {
            assertEquals(1, listed.count(), "one pack for the three texts");
        }
        try (PayloadFiles again = new PayloadFiles(dir)) {
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(texts.get(i), again.stored(names.get(i)).text(), names.get(i));
            }
            Payload next = Payload.of(large("b"), again);
            assertTrue(!next.file().equals(again.stored(names.get(0)).file()), "a reopened folder writes a pack of its own");
        }
    }

    @Test
    void aPayloadWrittenAsAFileOfItsOwnByAnEarlierVersionStillReads() throws Exception {
        String text = large("z");
        Files.writeString(dir.resolve("3f0c2c1e-9d7a-4c55-8a43-2b1f0e6f7d10.json"), text, StandardCharsets.UTF_8);
        try (PayloadFiles files = new PayloadFiles(dir)) {
            Payload p = files.stored("3f0c2c1e-9d7a-4c55-8a43-2b1f0e6f7d10.json");
            assertEquals(text, p.text());
            assertEquals("3f0c2c1e-9d7a-4c55-8a43-2b1f0e6f7d10.json", p.reference());
            assertEquals(dir.resolve("3f0c2c1e-9d7a-4c55-8a43-2b1f0e6f7d10.json"), files.fileOf(p.reference()));
        }
    }

    @Test
    void smallTextsStayInMemory() {
        try (PayloadFiles files = new PayloadFiles(dir)) {
            Payload p = Payload.of("{\"small\":true}", files);
            assertNull(p.file());
            assertNull(p.reference());
            assertEquals("{\"small\":true}", p.text());
        }
    }

    /** An interrupted writer closes the pack's channel under everyone: the others go on in a new pack, nothing is lost. */
    @Test
    void aWriterInterruptedMidWayLosesNoOtherText() throws Exception {
        try (PayloadFiles files = new PayloadFiles(dir)) {
            String before = large("1");
            Payload first = Payload.of(before, files);
            AtomicReference<Payload> interrupted = new AtomicReference<>();
            Thread t = new Thread(() -> {
                Thread.currentThread().interrupt();
                interrupted.set(Payload.of(large("2"), files));
            });
            t.start();
            t.join();
            assertEquals(large("2"), interrupted.get().text(), "the interrupted writer keeps its text (in memory)");
            Payload after = Payload.of(large("3"), files);
            assertNotNull(after.file());
            assertEquals(before, first.text());
            assertEquals(large("3"), after.text());
            assertEquals(large("3"), files.stored(after.reference()).text());
        }
    }
}
