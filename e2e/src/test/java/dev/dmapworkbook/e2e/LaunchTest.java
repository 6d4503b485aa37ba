package dev.dmapworkbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Labs started at once each run their own program: JBang's cache has no locking (jbangdev/jbang#2445), so
 * ./jbang builds under a lock, every lab names its main class, and the sources labs share carry no other main.
 */
class LaunchTest {
    private static final Pattern MAIN = Pattern.compile("(?m)^//MAIN (\\S+)$");
    private static final Pattern SOURCES = Pattern.compile("(?m)^//SOURCES (.+)$");

    @Test
    void twoFirstLaunchesOfTheSameLabHalfASecondApartBothRunIt(@TempDir Path dir) throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            Map<String, String> env = Map.of("JBANG_DIR", Files.createDirectories(dir.resolve("jbang-" + attempt)).toString());
            var first = CompletableFuture.supplyAsync(() -> help(env));
            Thread.sleep(500);
            var second = CompletableFuture.supplyAsync(() -> help(env));
            for (LabRun run : List.of(first.get(), second.get())) {
                assertEquals(0, run.exitCode(), "attempt " + attempt + ":\n" + run.output());
                assertTrue(run.output().contains("Lab 01"), "attempt " + attempt + " ran lab 01's own program:\n" + run.output());
                assertFalse(run.output().contains("NoaaDatasetGenerator"), run.output());
            }
        }
    }

    @Test
    void everyLabNamesItsMainClassAndSharedSourcesHaveNoMain() throws IOException {
        Path labs = Paths.root().resolve("labs");
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(labs)) {
            scripts = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> readUnchecked(f).startsWith("///usr/bin/env jbang")).sorted().toList();
        }
        assertTrue(scripts.size() >= 7, "the labs and RunAll: " + scripts);
        List<String> problems = new ArrayList<>();
        for (Path script : scripts) {
            String text = Files.readString(script);
            String className = script.getFileName().toString().replace(".java", "");
            Matcher main = MAIN.matcher(text);
            if (!main.find() || !main.group(1).equals(className)) {
                problems.add(labs.relativize(script) + " has no //MAIN " + className);
            }
            for (Path source : sources(script, text)) {
                if (Files.readString(source).contains("static void main(")) {
                    problems.add(labs.relativize(script) + " pulls in " + labs.relativize(source) + ", which has a main");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The script's //SOURCES, followed recursively (JBang includes them depth-first). */
    private static List<Path> sources(Path script, String text) {
        List<Path> found = new ArrayList<>();
        Matcher m = SOURCES.matcher(text);
        while (m.find()) {
            for (String name : m.group(1).trim().split("\\s+")) {
                for (Path source : expand(script.getParent().resolve(name).normalize())) {
                    if (!found.contains(source)) {
                        found.add(source);
                        found.addAll(sources(source, readUnchecked(source)));
                    }
                }
            }
        }
        return found;
    }

    /** A //SOURCES entry: one file, or a glob in its file name (JBang allows {@code dir/*.java}). */
    private static List<Path> expand(Path source) {
        String name = source.getFileName().toString();
        if (!name.contains("*")) {
            return List.of(source);
        }
        var glob = source.getFileSystem().getPathMatcher("glob:" + name);
        try (Stream<Path> files = Files.list(source.getParent())) {
            return files.filter(f -> glob.matches(f.getFileName())).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String readUnchecked(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LabRun help(Map<String, String> env) {
        try {
            return LabRun.run(Paths.root(), env, "labs/01-deploy/Deploy.java", "--help");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
