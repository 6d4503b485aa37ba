package dev.dmapworkbook.localcloud.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesCreatesTheFolderAndReplacesLeavingNoTemporaryFile() throws Exception {
        Path target = dir.resolve("a/b/state.json");
        AtomicFiles.write(target, "{\"v\":1}");
        AtomicFiles.write(target, "{\"v\":2}");
        assertEquals("{\"v\":2}", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesTheOldOneWhole() throws Exception {
        Path target = dir.resolve("state.json");
        AtomicFiles.write(target, "old");
        Path folderInTheWay = dir.resolve("state.json.d");
        Files.createDirectories(folderInTheWay.resolve("child"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(folderInTheWay, "new"));
        assertEquals("cannot write " + folderInTheWay, e.getMessage());
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left beside them");
        }
    }
}
