import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A run as Markdown ({@code transcript.md} in the lab's {@link Workbook#outDir()}): a heading per cell, its explanation, its output (text and tables
 * fenced as {@code text}, JSON as {@code json}, diffs as {@code diff}, pictures linked), its checks.
 */
final class Transcript {
    private Transcript() {
    }

    static String markdown(RunLog log) {
        StringBuilder md = new StringBuilder();
        if (log.lastGood != null) {
            md.append("> **This run failed.** The last good run's transcript and notebook are kept in `")
                    .append(log.lastGood).append("`.\n\n");
        }
        md.append("# ").append(log.title).append("\n\n");
        md.append("> run ").append(log.started.truncatedTo(ChronoUnit.SECONDS)).append(" · `").append(log.command).append("`\n");
        log.notes.forEach(note -> md.append("> ").append(note).append("\n"));
        for (RunLog.Cell cell : log.cells) {
            md.append("\n## ").append(prose(cell.name())).append("\n\n");
            if (cell.explanation != null && !cell.explanation.isBlank()) {
                md.append(prose(cell.explanation)).append("\n\n");
            }
            RunLog.Output previous = null;
            for (RunLog.Output output : cell.outputs) {
                output(md, output, previous);
                previous = output;
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

    /** One output of a cell; text and tables right after text or a table go into its block, as on the terminal. */
    private static void output(StringBuilder md, RunLog.Output output, RunLog.Output previous) {
        boolean textLike = output instanceof RunLog.Text || output instanceof RunLog.Table;
        if (textLike && (previous instanceof RunLog.Text || previous instanceof RunLog.Table)) {
            md.setLength(md.length() - "```\n\n".length());
            lines(md, output.lines());
            md.append("```\n\n");
        } else if (textLike) {
            fenced(md, "text", output.lines());
        } else if (output instanceof RunLog.Json) {
            fenced(md, "json", output.lines().stream().map(l -> l.startsWith("  ") ? l.substring(2) : l).toList());
        } else if (output instanceof RunLog.Diff) {
            fenced(md, "diff", output.lines());
        } else if (output instanceof RunLog.ConsoleLink link) {
            md.append("- ↗ ").append(prose(link.what())).append(" in ").append(link.where()).append(": <")
                    .append(link.url()).append(">\n");
        } else if (output instanceof RunLog.Picture picture) {
            md.append("![").append(picture.title().replace("]", "\\]")).append("](").append(picture.file()).append(")\n\n");
        } else {
            md.append("- ").append(output.lines().get(0)).append("\n");
        }
    }

    /** A heading or explanation as Markdown text: {@code <data bucket>} is text, not an HTML tag. */
    static String prose(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void fenced(StringBuilder md, String language, List<String> lines) {
        md.append("```").append(language).append("\n");
        lines(md, lines);
        md.append("```\n\n");
    }

    private static void lines(StringBuilder md, List<String> lines) {
        lines.forEach(line -> md.append(line).append("\n"));
    }
}
