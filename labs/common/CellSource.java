import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A cell's Java source, read from the lab's own file at run time so that the notebook shows exactly the code that
 * ran: the body of the lambda passed to the {@code cell(…)} call that starts on a given line.
 */
final class CellSource {
    private final String text;
    /** True where {@link #text} is inside a string, character literal or comment. */
    private final boolean[] quoted;

    private CellSource(String text) {
        this.text = text;
        this.quoted = quotedPositions(text);
    }

    /**
     * The source of the cell being opened by the first caller outside {@code opener}: its file is looked up by name in
     * {@code dirs}; "" when it cannot be found.
     */
    static String ofCaller(Class<?> opener, Path... dirs) {
        return StackWalker.getInstance().walk(frames -> frames
                        .filter(f -> !f.getClassName().equals(opener.getName()) && !f.getClassName().equals(CellSource.class.getName()))
                        .findFirst())
                .map(frame -> {
                    for (Path dir : dirs) {
                        Path file = dir.resolve(frame.getFileName()).normalize();
                        if (Files.isRegularFile(file)) {
                            return of(file, frame.getLineNumber());
                        }
                    }
                    return "";
                }).orElse("");
    }

    /** The source of the cell whose {@code cell(} call is on {@code line} (1-based) of {@code file}, or "" when none. */
    static String of(Path file, int line) {
        try {
            return new CellSource(Files.readString(file, StandardCharsets.UTF_8)).cellAt(line);
        } catch (IOException e) {
            return "";
        }
    }

    static String of(String source, int line) {
        return new CellSource(source).cellAt(line);
    }

    String cellAt(int line) {
        int end = lineEnd(line);
        int call = end < 0 ? -1 : lastCode("cell(", end);
        if (call < 0) {
            return "";
        }
        int open = call + "cell".length();
        int close = matching(open);
        if (close < 0) {
            return "";
        }
        int arrow = lastTopLevel("->", open + 1, close);
        if (arrow < 0) {
            return dedent(text.substring(lastTopLevelComma(open + 1, close) + 1, close));
        }
        int body = arrow + 2;
        while (body < close && Character.isWhitespace(text.charAt(body))) {
            body++;
        }
        if (text.charAt(body) == '{') {
            return dedent(text.substring(body + 1, matching(body)));
        }
        return dedent(text.substring(body, close));
    }

    private int lineEnd(int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = text.indexOf('\n', offset);
            if (offset < 0) {
                return -1;
            }
            offset++;
        }
        int end = text.indexOf('\n', offset);
        return end < 0 ? text.length() : end;
    }

    /** The last occurrence of {@code word} in code (not in strings or comments) that starts before {@code before}. */
    private int lastCode(String word, int before) {
        for (int i = text.lastIndexOf(word, before - 1); i >= 0; i = text.lastIndexOf(word, i - 1)) {
            boolean boundary = i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1));
            if (!quoted[i] && boundary) {
                return i;
            }
        }
        return -1;
    }

    /** The bracket closing the one at {@code open}, or -1. */
    private int matching(int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            int step = bracket(i);
            depth += step;
            if (step < 0 && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private int lastTopLevel(String token, int from, int to) {
        int found = -1;
        int depth = 0;
        for (int i = from; i < to; i++) {
            int step = bracket(i);
            depth += step;
            if (step == 0 && depth == 0 && !quoted[i] && text.startsWith(token, i)) {
                found = i;
            }
        }
        return found;
    }

    /** +1 at an opening bracket in code, -1 at a closing one, 0 elsewhere (and inside strings and comments). */
    private int bracket(int i) {
        if (quoted[i]) {
            return 0;
        }
        return switch (text.charAt(i)) {
            case '(', '{', '[' -> 1;
            case ')', '}', ']' -> -1;
            default -> 0;
        };
    }

    private int lastTopLevelComma(int from, int to) {
        int comma = lastTopLevel(",", from, to);
        return comma < 0 ? from - 1 : comma;
    }

    /** Marks strings (including text blocks), character literals and comments. */
    private static boolean[] quotedPositions(String s) {
        boolean[] quoted = new boolean[s.length() + 1];
        int i = 0;
        while (i < s.length()) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                while (end > 0 && s.charAt(end - 1) == '\\') {
                    end = s.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? s.length() : end + 3;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                end = i + 1;
                while (end < s.length() && s.charAt(end) != quote && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(s.length(), end + 1);
            } else {
                i++;
                continue;
            }
            Arrays.fill(quoted, i, end, true);
            i = end;
        }
        return quoted;
    }

    /** Without the lines' common indentation and the blank lines around. */
    static String dedent(String code) {
        List<String> lines = new ArrayList<>(Arrays.asList(code.split("\n", -1)));
        while (!lines.isEmpty() && lines.get(0).isBlank()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
        }
        return String.join("\n", out);
    }
}
