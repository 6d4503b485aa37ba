//DEPS software.amazon.awssdk:sts
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//DEPS org.slf4j:slf4j-nop:1.7.36
//SOURCES LabOptions.java Project.java Target.java LocalCloud.java AwsAccount.java Terminal.java LineDiff.java
//SOURCES RunLog.java CellSource.java Transcript.java Notebook.java Html.java Charts.java RunFiles.java
//SOURCES StepMode.java Labs.java ConsoleLinks.java CellOutput.java

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The notebook every lab runs in: numbered cells with a heading, a short explanation, their output and ✓/✗
 * checks, kept as {@code transcript.md} and as an executed Jupyter notebook {@code <lab>.ipynb} in the lab's
 * {@link #outDir()} (per local cloud).
 *
 * <p>The rest is in its own file: what a cell shows ({@link CellOutput}), the command line ({@link LabOptions}), where the lab runs ({@link Target}:
 * {@link LocalCloud} or {@link AwsAccount}), the terminal ({@link Terminal}), what the run kept ({@link RunLog},
 * {@link CellSource}) and how ({@link Transcript}, {@link Notebook}, {@link Charts}, {@link RunFiles}), and the
 * workbook's folder ({@link Project}).
 */
final class Workbook extends CellOutput {
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
    private final Project project;
    private Target target;
    private int checksPassed;
    private int checksFailed;
    private StepMode step;
    private final java.util.List<String> skipped = new java.util.ArrayList<>();
    private volatile boolean recorded;

    private Workbook(String labId, LabOptions options, Terminal terminal, Project project, RunLog log) {
        super(terminal, log);
        this.labId = labId;
        this.options = options;
        this.project = project;
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
        String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
        String script = "labs/" + (labId.equals(".") ? "" : labId + "/") + caller + ".java";
        LabOptions options = LabOptions.forLab(args, labId, title, project.root(), script, labOptions);
        String command = ("./jbang " + script + " " + String.join(" ", args)).strip();
        Workbook book = new Workbook(labId, options, terminal, project, new RunLog(title, command, Instant.now()));
        if (options.flag("--step") && terminal.interactive()) {
            book.step = new StepMode(terminal);
        }
        System.out.println(terminal.bold(title));
        book.recordOnAnyExit();
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

    /** Ctrl-C, an uncaught exception, any exit that did not write it: the transcript of what ran is still written. */
    private void recordOnAnyExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> recordUnfinished("■ interrupted")));
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            String message = e instanceof Stop ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            println(red("✗ " + message));
            log.afterCells.add("- ✗ " + message);
            checksFailed++;
            System.exit(Math.max(1, finish()));
        });
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
    @Override
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
        if (!introduce(number, name, explanation)) {
            skipped.add(name);
            log.text("(skipped with --step)");
            log.endCell("skipped", false);
            return null; // what a skipped cell would have computed
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

    /** Shows the cell's heading and explanation; false when step mode skips it (on the way to a cell, or {@code s}). */
    private boolean introduce(int number, String name, String explanation) {
        System.out.println();
        if (step != null && step.jumping(number)) {
            System.out.println(dim("── " + name + " (skipped)"));
            return false;
        }
        System.out.println(bold(terminal.cyan("── " + name + " " + "─".repeat(Math.max(3, 70 - name.length())))));
        if (explanation != null && !explanation.isBlank()) {
            System.out.println(dim(explanation));
        }
        StepMode.Choice choice = step == null ? StepMode.Choice.RUN : step.ask(number);
        if (choice == StepMode.Choice.QUIT) {
            log.endCell("not run: quit (--step)", false);
            recordUnfinished("■ quit before cell " + name + " (--step)");
            System.exit(130);
        }
        return choice == StepMode.Choice.RUN;
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

    // ---------------------------------------------------------------- small helpers (and CellOutput's)

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop("interrupted");
        }
    }
}
