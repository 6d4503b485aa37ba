package dev.dmapworkbook.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Debian tools a learner opens a notebook with: python3-nbformat (schema validation), jupyter-nbconvert
 * (HTML) and chromium (a headless screenshot). Each is looked up once; tests skip with a clear message without it.
 */
public final class Jupyter {
    public static final String NO_NBFORMAT = "python3-nbformat is not installed (apt-get install python3-nbformat): "
            + "skipping the notebook schema validation";
    public static final String NO_NBCONVERT = "jupyter-nbconvert is not installed (apt-get install jupyter-nbconvert): "
            + "skipping the HTML conversion";
    public static final String NO_CHROMIUM = "chromium is not installed (apt-get install chromium): skipping the screenshot";

    private Jupyter() {
    }

    /** A python3 that imports nbformat (the one on the PATH, else Debian's), or empty. */
    public static Optional<String> python() {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            if (run(List.of(python, "-c", "import nbformat"), 60).code() == 0) {
                return Optional.of(python);
            }
        }
        return Optional.empty();
    }

    /** True when {@code jupyter nbconvert} answers. */
    public static boolean nbconvert() {
        return run(List.of("jupyter", "nbconvert", "--version"), 60).code() == 0;
    }

    public static Optional<String> chromium() {
        for (String name : List.of("/usr/bin/chromium", "chromium", "chromium-browser")) {
            if (run(List.of(name, "--version"), 60).code() == 0) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** Validates {@code notebook} against the nbformat 4 schema; fails the test with nbformat's message otherwise. */
    public static void validate(String python, Path notebook) {
        Result r = run(List.of(python, "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
                notebook.toString()), 120);
        assertEquals(0, r.code(), notebook + " is not a valid nbformat 4 notebook:\n" + r.output());
    }

    /** {@code jupyter nbconvert --to html} into {@code dir}; returns the HTML file. */
    public static Path toHtml(Path notebook, Path dir) throws IOException {
        return toHtml(notebook, dir, null);
    }

    /** Same, with nbconvert's {@code --template-file} when {@code template} is not null. */
    public static Path toHtml(Path notebook, Path dir, Path template) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("jupyter", "nbconvert", "--to", "html", "--output-dir", dir.toString()));
        if (template != null) {
            command.addAll(List.of("--template-file", template.toString()));
        }
        command.add(notebook.toString());
        Result r = run(command, 300);
        assertEquals(0, r.code(), "nbconvert failed on " + notebook + ":\n" + r.output());
        String name = notebook.getFileName().toString().replaceAll("\\.ipynb$", ".html");
        Path html = dir.resolve(name);
        assertTrue(Files.isRegularFile(html), "nbconvert wrote no " + html + ":\n" + r.output());
        return html;
    }

    /** A headless-chromium screenshot of {@code html} (PNG), {@code width}×{@code height} pixels. */
    public static Path screenshot(String chromium, Path html, Path png, int width, int height) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("chromium");
        Result r = run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), html.toUri().toString()), 180);
        assertTrue(Files.isRegularFile(png) && Files.size(png) > 10_000, "chromium wrote no screenshot " + png + ":\n" + r.output());
        return png;
    }

    record Result(int code, String output) {
    }

    static Result run(List<String> command, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("tool", ".log");
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(done ? process.exitValue() : -1, output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
