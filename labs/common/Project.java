import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The workbook's folder (the one holding {@code mvnw} and {@code labs/}): paths in it, building with ./mvnw, running a tool. */
final class Project {
    private final Path root;

    private Project(Path root) {
        this.root = root;
    }

    /** WORKBOOK_HOME, else the nearest folder upwards with {@code labs/} and {@code mvnw}; exits 2 when there is none. */
    static Project find() {
        String home = System.getenv("WORKBOOK_HOME");
        if (home != null) {
            return new Project(Path.of(home).toAbsolutePath().normalize());
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("labs")) && Files.exists(p.resolve("mvnw"))) {
                return new Project(p);
            }
        }
        System.err.println("Run the labs from the workbook's folder (the one with mvnw and labs/), e.g. ./jbang labs/RunAll.java");
        System.exit(2);
        return new Project(dir);
    }

    Path root() {
        return root;
    }

    /** A path as the learner would type it: relative to the project root when inside it. */
    String displayPath(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    /** True when a file under one of {@code paths} (relative to the root) is newer than {@code built}. */
    boolean newerSources(Path built, String... paths) {
        try {
            var time = Files.getLastModifiedTime(built);
            for (String p : paths) {
                Path path = root.resolve(p);
                if (!Files.exists(path)) {
                    continue;
                }
                try (var files = Files.walk(path)) {
                    if (files.anyMatch(f -> {
                        try {
                            return Files.getLastModifiedTime(f).compareTo(time) > 0;
                        } catch (IOException e) {
                            return false;
                        }
                    })) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Runs {@code ./mvnw} with the given arguments in the project root, showing the modules as they build on the
     * terminal's live line; the outcome goes to {@code out}.
     */
    void build(List<String> mavenArgs, String what, Terminal terminal, Consumer<String> out) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve(isWindows() ? "mvnw.cmd" : "mvnw").toString());
        command.add("-B");
        command.addAll(mavenArgs);
        long t0 = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            List<String> tail = new ArrayList<>();
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                    tail.add(line);
                    if (tail.size() > 40) {
                        tail.remove(0);
                    }
                    String plain = Terminal.stripAnsi(line);
                    if (plain.startsWith("[INFO] Building ") || plain.startsWith("[INFO] --- ")
                            || plain.startsWith("Downloading from") || plain.startsWith("[INFO] Downloading")) {
                        terminal.live("  mvn: " + Terminal.shorten(plain.replace("[INFO] ", ""), 100), plain.startsWith("[INFO] Building "));
                    }
                }
            }
            int rc = process.waitFor();
            terminal.closeLiveLine();
            if (rc != 0) {
                tail.forEach(l -> System.out.println("  " + l));
                throw new Workbook.Stop("building " + what + " failed (./mvnw " + String.join(" ", mavenArgs) + " exited " + rc + ")");
            }
            out.accept(terminal.dim("  built " + what + " in " + Terminal.seconds(System.nanoTime() - t0)));
        } catch (IOException e) {
            throw new Workbook.Stop("cannot run ./mvnw: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Workbook.Stop("interrupted");
        }
    }

    /** Runs a command in the project root; a non-zero exit stops the lab with its output. */
    void runQuietly(List<String> command, String what) {
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = process.waitFor();
            if (rc != 0) {
                throw new Workbook.Stop("could not " + what + " (exit " + rc + "): " + output.strip());
            }
        } catch (IOException e) {
            throw new Workbook.Stop("could not " + what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Workbook.Stop("interrupted");
        }
    }

    /** The java launcher of the JVM running this lab. */
    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
