import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of a lab did, cell by cell: the notes before the first cell, each cell's heading, explanation,
 * Java source and outputs (text, JSON, tables, diffs, pictures, checks, the failure that stopped it) and time,
 * what went wrong outside cells, and the summary. The transcript and the notebook are both written from it.
 */
final class RunLog {
    /** One output of a cell, in the order it was shown; {@link #lines} is how the terminal showed it. */
    sealed interface Output permits Text, Json, Table, Diff, Picture, Check, Failure, ConsoleLink {
        List<String> lines();
    }

    /** Lines the cell printed (ANSI colours removed); consecutive lines form one output. */
    record Text(List<String> lines) implements Output {
    }

    /** Pretty-printed JSON as shown (possibly cut). */
    record Json(List<String> lines) implements Output {
    }

    /** A table: its cells as text, and the aligned lines the terminal showed. */
    record Table(List<String> headers, List<List<Object>> rows, List<String> lines) implements Output {
    }

    /** A line diff ({@code + }, {@code - }, {@code   } and {@code @@} lines). */
    record Diff(List<String> lines) implements Output {
    }

    /** A picture: an SVG document, its title, and the file it is also saved in (under {@code out/}). */
    record Picture(String title, String svg, String file) implements Output {
        public List<String> lines() {
            return List.of("  ▣ " + title + " (a picture: " + file + ", and in the notebook)");
        }
    }

    /** A visible check, {@code line} as shown ("✓ …" or "✗ … — detail"). */
    record Check(String line, boolean ok) implements Output {
        public List<String> lines() {
            return List.of(line);
        }
    }

    /** A page of the console (local or AWS) showing what the cell made or inspected: "↗ {what} in {where}: {url}". */
    record ConsoleLink(String what, String where, String url) implements Output {
        public List<String> lines() {
            return List.of("  ↗ " + what + " in " + where + ": " + url);
        }
    }

    /** What stopped the cell ("✗ …"). */
    record Failure(String line) implements Output {
        public List<String> lines() {
            return List.of(line);
        }
    }

    /** A table cell that links to another file (relative to the notebook); shown as its text. */
    record Link(String text, String href) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A numbered cell (numbers match the lab's README). */
    static final class Cell {
        final int number;
        final String heading;
        final String explanation;
        /** The cell's Java code as written in the lab (empty when it cannot be found). */
        final String source;
        final List<Output> outputs = new ArrayList<>();
        String took;
        boolean failed;

        Cell(int number, String heading, String explanation, String source) {
            this.number = number;
            this.heading = heading;
            this.explanation = explanation;
            this.source = source;
        }

        String name() {
            return number + ". " + heading;
        }
    }

    final String title;
    final String command;
    final Instant started;
    final List<String> notes = new ArrayList<>();
    final List<Cell> cells = new ArrayList<>();
    /** Failures outside any cell, as shown. */
    final List<String> afterCells = new ArrayList<>();
    String summary;
    /** Set when this run failed and the last good run's files were kept: where they are. */
    String lastGood;
    private Cell current;

    RunLog(String title, String command, Instant started) {
        this.title = title;
        this.command = command;
        this.started = started;
    }

    synchronized Cell startCell(int number, String heading, String explanation, String source) {
        current = new Cell(number, heading, explanation, source);
        cells.add(current);
        return current;
    }

    /** Keeps {@code line} in the current cell's text; outside cells nothing is kept. */
    synchronized void text(String line) {
        if (current == null) {
            return;
        }
        if (!current.outputs.isEmpty() && current.outputs.get(current.outputs.size() - 1) instanceof Text text) {
            text.lines().add(line);
        } else {
            List<String> lines = new ArrayList<>();
            lines.add(line);
            current.outputs.add(new Text(lines));
        }
    }

    /** Keeps {@code output} in the current cell; false outside cells (nothing kept). */
    synchronized boolean output(Output output) {
        if (current == null) {
            return false;
        }
        current.outputs.add(output);
        return true;
    }

    /** The run stopped (quit, Ctrl-C) inside a cell that has not ended: it ends with {@code why} as its failure. */
    synchronized void interrupt(String why) {
        if (current != null && current.took == null) {
            current.outputs.add(new Failure(why));
            current.took = "interrupted";
        }
    }

    synchronized void endCell(String took, boolean failed) {
        current.took = took;
        current.failed = failed;
    }

    /** True when every check passed (the summary says so). */
    boolean passed() {
        return summary != null && summary.startsWith("✓");
    }
}
