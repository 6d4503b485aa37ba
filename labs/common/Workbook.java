//DEPS software.amazon.awssdk:sts
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//DEPS org.slf4j:slf4j-nop:1.7.36
//SOURCES LabOptions.java Project.java Target.java LocalCloud.java AwsAccount.java Terminal.java LineDiff.java
//SOURCES RunLog.java CellSource.java Transcript.java Notebook.java Html.java Charts.java RunFiles.java
//SOURCES StepMode.java Labs.java ConsoleLinks.java

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The notebook every lab runs in: numbered cells with a heading, a short explanation, their output and ✓/✗
 * checks, kept as {@code transcript.md} and as an executed Jupyter notebook {@code <lab>.ipynb} in the lab's
 * {@link #outDir()} (per local cloud).
 *
 * <p>The rest is in its own file: the command line ({@link LabOptions}), where the lab runs ({@link Target}:
 * {@link LocalCloud} or {@link AwsAccount}), the terminal ({@link Terminal}), what the run kept ({@link RunLog},
 * {@link CellSource}) and how ({@link Transcript}, {@link Notebook}, {@link Charts}, {@link RunFiles}), and the
 * workbook's folder ({@link Project}).
 */
final class Workbook {
    static final ObjectMapper JSON = Terminal.JSON;

    static LabOptions.Option option(String name, String argName, String help) {
        return new LabOptions.Option(name, argName, help);
    }

    static LabOptions.Option flag(String name, String help) {
        return new LabOptions.Option(name, null, help);
    }

    /** A cell's body; it may throw anything: the notebook reports it as the cell's failure. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** A cell that computes a value later cells use. */
    @FunctionalInterface
    interface ValueBody<T> {
        T run() throws Exception;
    }

    /** Stops the lab: the cell cannot go on (a prerequisite is missing, a call failed). */
    static final class Stop extends RuntimeException {
        Stop(String message) {
            super(message);
        }
    }

    private final String labId;
    private final LabOptions options;
    private final Terminal terminal;
    private final Project project;
    private final RunLog log;
    private Target target;
    private int checksPassed;
    private int checksFailed;
    private int pictures;
    private StepMode step;
    private final java.util.List<String> skipped = new java.util.ArrayList<>();
    private volatile boolean recorded;

    private Workbook(String labId, LabOptions options, Terminal terminal, Project project, RunLog log) {
        this.labId = labId;
        this.options = options;
        this.terminal = terminal;
        this.project = project;
        this.log = log;
    }

    /**
     * Parses the command line and connects to the target: on the local target, starts the local cloud if
     * nothing answers its health check; on AWS, resolves credentials, shows account, region and cost, and asks.
     *
     * @param labId  the lab's folder under {@code labs/} (e.g. {@code 02-run-and-fail}); the transcript goes there
     * @param cost   what the lab costs on AWS, shown before asking
     */
    static Workbook open(String[] args, String labId, String title, String cost, LabOptions.Option... labOptions) {
        Terminal terminal = Terminal.forArgs(args);
        Project project = Project.find();
        String script = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
        String command = ("./jbang labs/" + (labId.equals(".") ? "" : labId + "/") + script + ".java " + String.join(" ", args)).strip();
        LabOptions options;
        try {
            options = LabOptions.parse(args, labOptions);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
            return null;
        }
        if (options.flag("--help")) {
            String path = "labs/" + (labId.equals(".") ? "" : labId + "/") + script + ".java";
            var lab = Labs.find(labId);
            String needs = lab.map(l -> l.needs().isEmpty() ? l.needsWhy() : l.needsWhy() + "; ./jbang labs/RunAll.java "
                    + "--prepare " + l.number() + " runs lab" + (l.needs().size() == 1 ? " " : "s ") + String.join(", ", l.needs())
                    + " for you").orElse(null);
            options.usage(title, description(project.root().resolve(path)), needs, "./jbang " + path);
            System.exit(0);
        }
        Workbook book = new Workbook(labId, options, terminal, project, new RunLog(title, command, Instant.now()));
        if (options.flag("--step") && terminal.interactive()) {
            book.step = new StepMode(terminal);
        }
        System.out.println(terminal.bold(title));
        // Ctrl-C (or any exit that did not write it): the transcript of what ran is still written.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> book.recordUnfinished("■ interrupted")));
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            String message = e instanceof Stop ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            book.println(book.red("✗ " + message));
            book.log.afterCells.add("- ✗ " + message);
            book.checksFailed++;
            System.exit(Math.max(1, book.finish()));
        });
        try {
            book.target = book.connect(cost);
        } catch (Stop e) {
            book.println(book.red("✗ " + e.getMessage()));
            book.log.afterCells.add("✗ " + e.getMessage());
            book.record();
            System.exit(2);
        }
        return book;
    }

    /** The script's {@code //DESCRIPTION} line: what the lab does, in one sentence. */
    private static String description(Path script) {
        try (var lines = java.nio.file.Files.lines(script)) {
            return lines.limit(20).filter(l -> l.startsWith("//DESCRIPTION "))
                    .map(l -> l.substring("//DESCRIPTION ".length()).strip().replaceFirst("^Lab [0-9]+ — ", ""))
                    .map(d -> d.isEmpty() ? d : Character.toUpperCase(d.charAt(0)) + d.substring(1)).findFirst().orElse(null);
        } catch (java.io.IOException | java.io.UncheckedIOException unreadable) {
            return null;
        }
    }

    private Target connect(String cost) {
        String name = options.valueOrEnv("--target", "WORKBOOK_TARGET", "local");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "local" -> new LocalCloud(project, terminal, this::println).connect(options, this::note);
            case "aws" -> AwsAccount.connect(options, terminal, cost, this::note, this::println);
            default -> throw new Stop("--target must be local or aws, not '" + name + "'");
        };
    }

    // ---------------------------------------------------------------- options and the target

    Optional<String> value(String name) {
        return options.value(name);
    }

    boolean flag(String name) {
        return options.flag(name);
    }

    boolean local() {
        return target.local();
    }

    Region region() {
        return target.region();
    }

    /** The local cloud's endpoint, or empty on AWS. */
    Optional<URI> endpoint() {
        return Optional.ofNullable(target.endpoint());
    }

    /** Links to the console's pages: the local cloud's console, or the AWS console in the learner's region. */
    ConsoleLinks console() {
        return ConsoleLinks.of(target);
    }

    /** Builds any SDK v2 client for the target (see {@link Target#client}). */
    <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return target.client(builder);
    }

    /** Local target: {@code localcloud.jar reset} (stop the server, delete its data directory). */
    void resetLocalCloud() {
        new LocalCloud(project, terminal, this::println).reset(target);
    }

    // ---------------------------------------------------------------- the workbook's folder

    /** The project's root folder (the one holding {@code mvnw} and {@code labs/}). */
    Path root() {
        return project.root();
    }

    /** This lab's folder. */
    Path labDir() {
        return project.root().resolve("labs").resolve(labId);
    }

    /** What this lab keeps on disk (its transcript, …): {@link #outDir(String)} of this lab. */
    Path outDir() {
        return outDir(labId.equals(".") ? "run-all" : labId);
    }

    /**
     * What lab {@code lab} keeps on disk (transcript, notebook, lab 01's stations), per target so that two local
     * clouds never share it: on the local cloud {@code <data dir>/workbook/<lab>/} (so {@code reset} deletes it with
     * the cloud's data); on AWS {@code .workbook/aws-<account>-<region>/<lab>/} in the workbook's folder, or
     * {@code .workbook/aws/<lab>/} when the lab stopped before it knew the account.
     */
    Path outDir(String lab) {
        if (target != null && target.local()) {
            return target.dataDir().resolve("workbook").resolve(lab);
        }
        if (target == null && options.valueOrEnv("--target", "WORKBOOK_TARGET", "local").equalsIgnoreCase("local")) {
            return LocalCloud.dataDir(options, project).resolve("workbook").resolve(lab);
        }
        String account = target == null ? "aws" : "aws-" + target.account() + "-" + target.region().id();
        return project.root().resolve(".workbook").resolve(account).resolve(lab);
    }

    /** A path as the learner would type it: relative to the project root when inside it. */
    String displayPath(Path path) {
        return project.displayPath(path);
    }

    /** True when a file under one of {@code paths} (relative to the root) is newer than {@code built}. */
    boolean newerSources(Path built, String... paths) {
        return project.newerSources(built, paths);
    }

    /** Runs {@code ./mvnw} with the given arguments in the project root, showing the modules as they build. */
    void build(List<String> mavenArgs, String what) {
        project.build(mavenArgs, what, terminal, this::println);
    }

    /** Asks a yes/no question on a terminal; without one, answers {@code --yes}. */
    boolean confirm(String question) {
        return flag("--yes") || terminal.confirm(question);
    }

    // ---------------------------------------------------------------- cells

    void cell(int number, String heading, String explanation, Body body) {
        cell(number, heading, explanation, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs one numbered cell (numbers match the lab's README): heading, explanation, output, checks, timing.
     * An exception stops the lab with ✗ and a non-zero exit status, after writing the transcript.
     */
    <T> T cell(int number, String heading, String explanation, ValueBody<T> body) {
        String name = number + ". " + heading;
        log.startCell(number, heading, explanation, CellSource.ofCaller(Workbook.class, labDir(), root().resolve("labs/common")));
        System.out.println();
        if (step != null && step.jumping(number)) {
            System.out.println(dim("── " + name + " (skipped)"));
            return skip(name);
        }
        System.out.println(bold(terminal.cyan("── " + name + " " + "─".repeat(Math.max(3, 70 - name.length())))));
        if (explanation != null && !explanation.isBlank()) {
            System.out.println(dim(explanation));
        }
        if (step != null) {
            switch (step.ask(number)) {
                case SKIP -> {
                    return skip(name);
                }
                case QUIT -> {
                    log.endCell("not run: quit (--step)", false);
                    recordUnfinished("■ quit before cell " + name + " (--step)");
                    System.exit(130);
                }
                default -> { }
            }
        }
        int failedBefore = checksFailed;
        long t0 = System.nanoTime();
        T result;
        try {
            result = body.run();
        } catch (Stop e) {
            endCell(t0, failedBefore, "✗ " + e.getMessage());
            return finishAndExit();
        } catch (Exception e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (e instanceof NullPointerException && !skipped.isEmpty()) {
                message += " (this cell needs what a skipped cell computes: " + String.join(", ", skipped) + ")";
            }
            endCell(t0, failedBefore, "✗ the cell failed — " + message);
            return finishAndExit();
        }
        endCell(t0, failedBefore, null);
        return result;
    }

    /** A cell skipped in step mode: kept in the transcript as skipped; a value it would have computed is null. */
    private <T> T skip(String name) {
        skipped.add(name);
        log.text("(skipped with --step)");
        log.endCell("skipped", false);
        return null;
    }

    private void endCell(long t0, int failedBefore, String failure) {
        terminal.closeLiveLine();
        String took = seconds(System.nanoTime() - t0);
        if (failure != null) {
            checksFailed++;
            System.out.println(red(failure));
            log.output(new RunLog.Failure(failure));
        }
        System.out.println(dim("   (" + took + ")"));
        log.endCell(took, checksFailed > failedBefore);
    }

    /** A visible check: ✓ or ✗ (with {@code detail} when it fails); a failed check makes the lab exit non-zero but lets it go on. */
    boolean check(String what, boolean ok) {
        return check(what, ok, null);
    }

    boolean check(String what, boolean ok, String detail) {
        String line = (ok ? "✓ " : "✗ ") + what + (detail == null || ok ? "" : " — " + detail);
        terminal.println(ok ? green(line) : red(line));
        log.output(new RunLog.Check(line, ok));
        if (ok) {
            checksPassed++;
        } else {
            checksFailed++;
        }
        return ok;
    }

    /** Stops the lab here unless {@code ok}: for prerequisites (say which lab to run first) and broken calls. */
    void require(boolean ok, String message) {
        if (!ok) {
            throw new Stop(message);
        }
    }

    Stop stop(String message) {
        return new Stop(message);
    }

    // ---------------------------------------------------------------- output: shown, and kept in the current cell

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
    private void show(List<String> lines, java.util.function.Function<List<String>, RunLog.Output> kind) {
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

    // ---------------------------------------------------------------- the end

    /** Writes the transcript and returns the exit status: 0 when every check passed. */
    int finish() {
        terminal.closeLiveLine();
        String took = seconds(Duration.between(log.started, Instant.now()).toNanos());
        String summary = checksFailed == 0
                ? "✓ all " + checksPassed + " checks passed in " + took
                : "✗ " + checksFailed + " of " + (checksPassed + checksFailed) + " checks failed (" + took + ")";
        System.out.println();
        System.out.println(checksFailed == 0 ? bold(green(summary)) : bold(red(summary)));
        log.summary = summary;
        record();
        return checksFailed == 0 ? 0 : 1;
    }

    /** Writes what the run kept (transcript, notebook, pictures) to {@link #outDir()}, once, and says where. */
    private synchronized void record() {
        recorded = true;
        RunFiles files = writeFiles();
        if (files != null) {
            System.out.println(dim("transcript: " + displayPath(files.transcript()) + " · notebook: " + displayPath(files.notebook())));
            if (log.lastGood != null) {
                System.out.println(dim("the last good run's transcript and notebook are kept in "
                        + displayPath(files.dir().resolve(RunFiles.LAST_GOOD))));
            }
        }
    }

    /** Quit in step mode, Ctrl-C, an exit that bypassed {@link #finish}: record what ran, with {@code why} as the summary. */
    private void recordUnfinished(String why) {
        if (recorded) {
            return;
        }
        terminal.closeLiveLine();
        log.interrupt(why);
        String summary = why + " · " + checksPassed + " checks passed, " + checksFailed + " failed";
        System.out.println();
        System.out.println(bold(summary));
        log.summary = summary;
        record();
    }

    /** Writes the transcript, the notebook and the pictures into this lab's {@link #outDir()}; null when they could not be. */
    private RunFiles writeFiles() {
        RunFiles files = new RunFiles(outDir(), (labId.equals(".") ? "workbook" : labId) + ".ipynb");
        try {
            files.save(log, new Notebook.RunInfo(labId, target, Instant.now()));
            return files;
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("could not write the transcript and notebook in " + displayPath(files.dir()) + ": " + e);
            return null;
        }
    }

    private <T> T finishAndExit() {
        System.exit(Math.max(1, finish()));
        return null;
    }

    // ---------------------------------------------------------------- small helpers

    /** One-line JSON, for inputs as the learner would type them. */
    static String compact(Object value) {
        try {
            return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop("interrupted");
        }
    }

    static String shorten(String text, int max) {
        return Terminal.shorten(text, max);
    }
}
