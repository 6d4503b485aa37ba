package dev.dmapworkbook.localcloud.states;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: "no class in states/ above ~400 lines" (STYLE: small classes, a screen or two each). Every .java file under
 * the states package, at any depth, has at most {@link #LIMIT} lines, counted as {@code wc -l} counts them.
 */
class StatesSourceSizeTest {
    private static final Path STATES = Path.of("src/main/java/dev/dmapworkbook/localcloud/states");
    private static final int LIMIT = 400;

    @Test
    void everyStatesSourceFileHasAtMost400Lines() throws IOException {
        Map<String, Integer> counts = counts();
        assertTrue(counts.size() > 50, "expected the states sources under " + STATES.toAbsolutePath() + ", found " + counts.size());
        List<String> problems = new ArrayList<>();
        counts.forEach((file, lines) -> {
            if (lines > LIMIT) {
                problems.add("states/" + file + " has " + lines + " lines (more than " + LIMIT + "): split it along a real seam");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Line count of each .java file, by its path under states/ ("asl/AslParser.java"). */
    private static Map<String, Integer> counts() throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(STATES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> out.put(
                    STATES.relativize(p).toString().replace('\\', '/'), lines(p)));
        }
        return out;
    }

    private static int lines(Path file) {
        try {
            String text = Files.readString(file);
            int n = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
