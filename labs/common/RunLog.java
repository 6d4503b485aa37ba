import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of a lab did, cell by cell, as plain text: the notes before the first cell, each cell's heading,
 * explanation, outputs (text, checks, the failure that stopped it) and time, what went wrong outside cells, and
 * the summary. The transcript is written from it.
 */
final class RunLog {
    /** One output of a cell, in the order it was shown. */
    sealed interface Output permits Text, Check, Failure {
    }

    /** Lines the cell printed (ANSI colours removed); consecutive lines form one output. */
    record Text(List<String> lines) implements Output {
    }

    /** A visible check, {@code line} as shown ("✓ …" or "✗ … — detail"). */
    record Check(String line, boolean ok) implements Output {
    }

    /** What stopped the cell ("✗ …"). */
    record Failure(String line) implements Output {
    }

    /** A numbered cell (numbers match the lab's README). */
    static final class Cell {
        final int number;
        final String heading;
        final String explanation;
        final List<Output> outputs = new ArrayList<>();
        String took;
        boolean failed;

        Cell(int number, String heading, String explanation) {
            this.number = number;
            this.heading = heading;
            this.explanation = explanation;
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
    private Cell current;

    RunLog(String title, String command, Instant started) {
        this.title = title;
        this.command = command;
        this.started = started;
    }

    synchronized Cell startCell(int number, String heading, String explanation) {
        current = new Cell(number, heading, explanation);
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

    synchronized void output(Output output) {
        if (current != null) {
            current.outputs.add(output);
        }
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
}
