import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.temporal.ChronoUnit;

/** A run as Markdown ({@code transcript.md} in the lab's out dir, {@link Workbook#outDir()}): a heading per cell, its explanation, its output as text, its checks. */
final class Transcript {
    private Transcript() {
    }

    static String markdown(RunLog log) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(log.title).append("\n\n");
        md.append("> run ").append(log.started.truncatedTo(ChronoUnit.SECONDS)).append(" · `").append(log.command).append("`\n");
        log.notes.forEach(note -> md.append("> ").append(note).append("\n"));
        for (RunLog.Cell cell : log.cells) {
            md.append("\n## ").append(cell.name()).append("\n\n");
            if (cell.explanation != null && !cell.explanation.isBlank()) {
                md.append(cell.explanation).append("\n\n");
            }
            for (RunLog.Output output : cell.outputs) {
                if (output instanceof RunLog.Text text) {
                    md.append("```text\n").append(String.join("\n", text.lines())).append("\n```\n\n");
                } else if (output instanceof RunLog.Check check) {
                    md.append("- ").append(check.line()).append("\n");
                } else if (output instanceof RunLog.Failure failure) {
                    md.append("- ").append(failure.line()).append("\n");
                }
            }
            if (cell.took != null) {
                md.append("\n_").append(cell.took).append(cell.failed ? ", failed" : "").append("_\n");
            }
        }
        log.afterCells.forEach(line -> md.append("\n").append(line).append("\n"));
        if (log.summary != null) {
            md.append("\n---\n\n**").append(log.summary).append("**\n");
        }
        return md.toString();
    }

    /** Writes {@code transcript.md} in {@code dir} (the lab's out dir) whole or not at all; returns the file, or null (said on stderr). */
    static Path write(Path dir, RunLog log) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("transcript.md");
            Path tmp = Files.createTempFile(dir, "transcript", ".tmp");
            Files.writeString(tmp, markdown(log), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            System.err.println("could not write the transcript: " + e.getMessage());
            return null;
        }
    }
}
