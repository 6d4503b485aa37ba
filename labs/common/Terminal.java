import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The learner's terminal: colours (off with {@code --plain}, {@code NO_COLOR}, a dumb or absent terminal), a live
 * line that redraws itself, progress bars, questions, and the layouts of tables, fields, JSON and diffs as lines.
 * It keeps nothing: what a lab keeps goes through {@link Workbook}.
 */
final class Terminal {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private final boolean color;
    private final boolean interactive;
    private boolean liveLineOpen;
    private String lastPrintedLive;

    Terminal(boolean color, boolean interactive) {
        this.color = color;
        this.interactive = interactive;
    }

    /** Colours unless {@code --plain}, NO_COLOR, TERM=dumb or no console; questions only on a console. */
    static Terminal forArgs(String[] args) {
        boolean plain = System.getenv("NO_COLOR") != null || System.console() == null
                || "dumb".equals(System.getenv("TERM")) || List.of(args).contains("--plain");
        return new Terminal(!plain, System.console() != null);
    }

    boolean interactive() {
        return interactive;
    }

    /** Whether a live line redraws in place (a colour terminal); otherwise only forced live lines print. */
    boolean redraws() {
        return color;
    }

    void println(String text) {
        closeLiveLine();
        System.out.println(text);
    }

    /**
     * A line that redraws itself on a terminal (progress, live counters); when piped, prints only when
     * {@code force}.
     */
    void live(String text, boolean force) {
        if (color) {
            System.out.print("\r\033[2K" + text);
            System.out.flush();
            liveLineOpen = true;
        } else if (force) {
            System.out.println(text);
            lastPrintedLive = text;
        }
    }

    /** True when {@code text} is the last live line, printed as an ordinary line (no redrawing terminal). */
    boolean printedLive(String text) {
        return !color && text.equals(lastPrintedLive);
    }

    void closeLiveLine() {
        if (liveLineOpen) {
            System.out.print("\r\033[2K");
            System.out.flush();
            liveLineOpen = false;
        }
    }

    /** Asks a yes/no question; false without a terminal. */
    boolean confirm(String question) {
        if (!interactive) {
            return false;
        }
        System.out.print(yellow("? " + question + " [y/N] "));
        System.out.flush();
        String answer = readLine();
        return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
    }

    /** Shows {@code prompt} and waits for a line (null at the end of the input). */
    String ask(String prompt) {
        System.out.print(prompt);
        System.out.flush();
        return readLine();
    }

    private static String readLine() {
        try {
            return STDIN.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- layouts, as lines

    /** An aligned table; numbers are right-aligned; the header line is bold. */
    List<String> table(List<String> headers, List<? extends List<?>> rows) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
        }
        for (List<?> row : rows) {
            for (int c = 0; c < widths.length && c < row.size(); c++) {
                widths[c] = Math.max(widths[c], text(row.get(c)).length());
            }
        }
        StringBuilder head = new StringBuilder("  ");
        StringBuilder rule = new StringBuilder("  ");
        for (int c = 0; c < widths.length; c++) {
            head.append(pad(headers.get(c), widths[c], false)).append(c + 1 < widths.length ? "  " : "");
            rule.append("─".repeat(widths[c])).append(c + 1 < widths.length ? "  " : "");
        }
        List<String> lines = new ArrayList<>();
        lines.add(bold(head.toString().stripTrailing()));
        lines.add(rule.toString());
        for (List<?> row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < widths.length; c++) {
                Object cell = c < row.size() ? row.get(c) : "";
                line.append(pad(text(cell), widths[c], cell instanceof Number)).append(c + 1 < widths.length ? "  " : "");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** A key/value listing, aligned. */
    List<String> fields(Map<String, ?> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        fields.forEach((k, v) -> lines.add("  " + pad(k, width, false) + "  " + text(v)));
        return lines;
    }

    /** Pretty JSON (a JSON string is parsed first), cut after {@code maxLines} lines. */
    List<String> json(Object value, int maxLines) {
        String text;
        try {
            JsonNode node = value instanceof String s ? JSON.readTree(s) : JSON.valueToTree(value);
            text = JSON.writeValueAsString(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            text = String.valueOf(value);
        }
        String[] all = text.split("\n");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(all.length, maxLines); i++) {
            lines.add("  " + all[i]);
        }
        if (all.length > maxLines) {
            lines.add(dim("  … (" + (all.length - maxLines) + " more lines)"));
        }
        return lines;
    }

    /** A coloured line diff (red −, green +) with a little context. */
    List<String> diff(String before, String after) {
        List<String> lines = new ArrayList<>();
        for (String line : LineDiff.unified(before, after, 2)) {
            if (line.startsWith("+")) {
                lines.add(green(line));
            } else if (line.startsWith("-")) {
                lines.add(red(line));
            } else if (line.startsWith("@@")) {
                lines.add(cyan(line));
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Whole numbers with thousands separators, as the console shows counts. */
    static String text(Object cell) {
        if (cell instanceof Long || cell instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) cell).longValue());
        }
        return String.valueOf(cell);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String stripAnsi(String text) {
        return text.replaceAll("\u001B\\[[0-9;]*[A-Za-z]", "");
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    // ---------------------------------------------------------------- colours

    String bold(String s) {
        return ansi("1", s);
    }

    String dim(String s) {
        return ansi("2", s);
    }

    String red(String s) {
        return ansi("31", s);
    }

    String green(String s) {
        return ansi("32", s);
    }

    String yellow(String s) {
        return ansi("33", s);
    }

    String cyan(String s) {
        return ansi("36", s);
    }

    private String ansi(String code, String s) {
        return color ? "\u001B[" + code + "m" + s + "\u001B[0m" : s;
    }

    /** A progress bar for {@code total} steps, drawn as a live line; its last state goes to {@code finalLine}; thread-safe. */
    static final class Progress {
        private final Terminal terminal;
        private final Consumer<String> finalLine;
        private final String label;
        private final long total;
        private final long t0 = System.nanoTime();
        private long done;
        private long lastDraw;
        private int lastQuarter = -1;

        Progress(Terminal terminal, Consumer<String> finalLine, String label, long total) {
            this.terminal = terminal;
            this.finalLine = finalLine;
            this.label = label;
            this.total = Math.max(1, total);
        }

        synchronized void advance(long n) {
            done += n;
            long now = System.nanoTime();
            int quarter = (int) (done * 4 / total);
            boolean plainStep = quarter != lastQuarter && quarter < 4;
            if (now - lastDraw > 100_000_000L || plainStep) {
                lastDraw = now;
                terminal.live(render(), plainStep);
                lastQuarter = quarter;
            }
        }

        synchronized void finish() {
            finalLine.accept(render() + "  " + seconds(System.nanoTime() - t0));
        }

        private String render() {
            int width = 30;
            int filled = (int) (done * width / total);
            return String.format(Locale.ROOT, "  %s [%s%s] %,d/%,d", label, "█".repeat(filled),
                    "·".repeat(width - filled), done, total);
        }
    }
}
