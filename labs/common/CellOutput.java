import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What a cell shows: each line goes to the terminal and is kept in the current cell of the run's {@link RunLog}
 * (plain text, JSON, tables, diffs, pictures, console links), so that the transcript and the notebook show what the
 * learner saw. {@link Workbook} is the only kind: labs call these as {@code book.println(…)}, {@code book.table(…)}.
 */
abstract sealed class CellOutput permits Workbook {
    final Terminal terminal;
    final RunLog log;
    private int pictures;

    CellOutput(Terminal terminal, RunLog log) {
        this.terminal = terminal;
        this.log = log;
    }

    /** Links to the console's pages, for {@link #link}. */
    abstract ConsoleLinks console();

    void println(String text) {
        terminal.println(text);
        log.text(Terminal.stripAnsi(text));
    }

    void println() {
        println("");
    }

    void printf(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty() || !text.endsWith("\n")) {
                println(line);
            }
        }
    }

    /** A one-line note outside cells (target, timings), also kept in the transcript. */
    void note(String text) {
        System.out.println(dim(text));
        log.notes.add(text);
    }

    /** Pretty JSON, cut after {@code maxLines} lines. */
    void json(Object value, int maxLines) {
        show(terminal.json(value, maxLines), RunLog.Json::new);
    }

    void json(Object value) {
        json(value, 40);
    }

    /** An aligned table; numbers are right-aligned. */
    void table(List<String> headers, List<? extends List<?>> rows) {
        List<List<Object>> copy = rows.stream().map(row -> List.<Object>copyOf(row)).toList();
        show(terminal.table(headers, rows), lines -> new RunLog.Table(List.copyOf(headers), copy, lines));
    }

    /** A key/value listing, aligned. */
    void fields(Map<String, ?> fields) {
        terminal.fields(fields).forEach(this::println);
    }

    /** A coloured line diff (red −, green +) with a little context. */
    void diff(String before, String after) {
        show(terminal.diff(before, after), RunLog.Diff::new);
    }

    /**
     * A picture (an SVG document): kept in the notebook and as a file beside the transcript; the terminal
     * shows one line naming it.
     */
    void picture(String title, String svg) {
        pictures++;
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        var picture = new RunLog.Picture(title, svg, "picture-" + pictures + "-" + Terminal.shorten(slug, 40).replace("…", "") + ".svg");
        terminal.println(dim(picture.lines().get(0)));
        log.output(picture);
    }

    /**
     * One line naming where to look at {@code what} in a browser ({@code url}, from {@link #console()}); kept in the
     * transcript as a link and in the notebook as a clickable one.
     */
    void link(String what, String url) {
        show(List.of("  ↗ " + what + " in " + console().name() + ": " + url),
                lines -> new RunLog.ConsoleLink(what, console().name(), url));
    }

    /** Shows {@code lines} and keeps them in the current cell as the output {@code kind} makes of their plain text. */
    private void show(List<String> lines, Function<List<String>, RunLog.Output> kind) {
        lines.forEach(terminal::println);
        log.output(kind.apply(lines.stream().map(Terminal::stripAnsi).toList()));
    }

    /**
     * A line that redraws itself on a terminal (progress, live counters) and is not kept in the transcript;
     * call {@link #println} with the final state when done. When piped, prints only when {@code force}.
     */
    void live(String text, boolean force) {
        terminal.live(text, force);
    }

    /** Ends a live line: {@code text}, its last state, stays on the terminal as an ordinary line, kept in the cell. */
    void endLive(String text) {
        if (terminal.printedLive(text)) {
            log.text(Terminal.stripAnsi(text));
        } else {
            println(text);
        }
    }

    /** A progress bar for {@code total} steps; thread-safe; its last state is kept. */
    Terminal.Progress progress(String label, long total) {
        return new Terminal.Progress(terminal, this::println, label, total);
    }

    String bold(String s) {
        return terminal.bold(s);
    }

    String dim(String s) {
        return terminal.dim(s);
    }

    String red(String s) {
        return terminal.red(s);
    }

    String green(String s) {
        return terminal.green(s);
    }

    // ---------------------------------------------------------------- formatting (as Workbook.compact(…), …)

    /** One-line JSON, for inputs as the learner would type them. */
    static String compact(Object value) {
        try {
            return Terminal.JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An insertion-ordered map from alternating keys and values, for {@link #fields}. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return map;
    }

    static String seconds(long nanos) {
        return Terminal.seconds(nanos);
    }

    static String shorten(String text, int max) {
        return Terminal.shorten(text, max);
    }
}
