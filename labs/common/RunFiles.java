import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a run leaves in its folder ({@link Workbook#outDir()}): {@code transcript.md}, the notebook and the pictures, each
 * written whole or not at all and with the learner's umask. A failed run first moves the last good run's files to
 * {@code last-good/} (they are never overwritten by a failure); a good run removes that folder.
 */
final class RunFiles {
    static final String TRANSCRIPT = "transcript.md";
    static final String LAST_GOOD = "last-good";

    private final Path dir;
    private final String notebook;

    /** {@code notebook}: the notebook's file name, e.g. {@code 02-run-and-fail.ipynb}. */
    RunFiles(Path dir, String notebook) {
        this.dir = dir;
        this.notebook = notebook;
    }

    Path dir() {
        return dir;
    }

    Path transcript() {
        return dir.resolve(TRANSCRIPT);
    }

    Path notebook() {
        return dir.resolve(notebook);
    }

    /**
     * Writes the run's pictures, transcript and notebook; a failed run first keeps the last good run's files (and
     * says where in {@code log.lastGood}).
     */
    void save(RunLog log, Notebook.RunInfo info) throws IOException {
        log.lastGood = keepLastGood(log.passed());
        removeOldPictures();
        for (RunLog.Cell cell : log.cells) {
            for (RunLog.Output output : cell.outputs) {
                if (output instanceof RunLog.Picture picture) {
                    write(picture.file(), picture.svg());
                }
            }
        }
        write(TRANSCRIPT, Transcript.markdown(log));
        write(notebook, Notebook.text(log, info));
    }

    /**
     * Before a run's files are written: when it failed and the files in {@code out/} are a good run's, they move to
     * {@code last-good/}. Returns the last good run's folder (relative to this one) when one is kept, else null.
     */
    private String keepLastGood(boolean passed) throws IOException {
        Path lastGood = dir.resolve(LAST_GOOD);
        if (passed) {
            deleteTree(lastGood);
            return null;
        }
        if (wasGood()) {
            deleteTree(lastGood);
            Files.createDirectories(lastGood);
            for (Path file : ours()) {
                Files.move(file, lastGood.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return Files.isRegularFile(lastGood.resolve(TRANSCRIPT)) ? LAST_GOOD + "/" : null;
    }

    /** Removes the pictures of an earlier run, so that out/ holds only this run's. */
    private void removeOldPictures() throws IOException {
        for (Path file : ours()) {
            if (file.getFileName().toString().endsWith(".svg")) {
                Files.delete(file);
            }
        }
    }

    /** Writes {@code name} in out/ whole or not at all (a temporary file moved in place), with the umask's permissions. */
    Path write(String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Path tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** The transcript, the notebook and the pictures now in the folder (not lab data such as lab 01's data/). */
    private List<Path> ours() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString();
                return name.equals(TRANSCRIPT) || name.equals(notebook) || name.endsWith(".svg");
            }).sorted().toList();
        }
    }

    /**
     * True when the files in out/ are a good run's: its transcript's summary says every check passed, or, without a
     * transcript, its notebook's metadata does.
     */
    private boolean wasGood() throws IOException {
        if (Files.isRegularFile(transcript())) {
            return Files.readString(transcript(), StandardCharsets.UTF_8).lines().anyMatch(l -> l.startsWith("**✓ all "));
        }
        return Files.isRegularFile(notebook())
                && Terminal.JSON.readTree(notebook().toFile()).at("/metadata/dmap_workbook/passed").asBoolean(false);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
