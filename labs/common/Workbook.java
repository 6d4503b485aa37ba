//DEPS software.amazon.awssdk:sts
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//DEPS org.slf4j:slf4j-nop:1.7.36

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The notebook every lab runs in: the target (the local cloud or AWS), numbered cells with a heading, a short
 * explanation, their output and ✓/✗ checks, and an executed-notebook transcript in {@code out/transcript.md}.
 *
 * <p>One code path for both targets: {@link #client} builds any SDK v2 client; only the local target adds an
 * endpoint override and dummy credentials, exactly as the AWS SDK documentation describes for local endpoints.
 */
final class Workbook {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String LOCAL_DEFAULT_ENDPOINT = "http://127.0.0.1:4566";
    static final String LOCAL_ACCOUNT = "000000000000";

    /** A command-line option a lab accepts besides the common ones. */
    record Option(String name, String argName, String help) {
        boolean takesValue() {
            return argName != null;
        }
    }

    static Option option(String name, String argName, String help) {
        return new Option(name, argName, help);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, help);
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

    private static final List<Option> COMMON = List.of(
            option("--target", "local|aws", "where to run (default local; env WORKBOOK_TARGET)"),
            option("--endpoint", "URL", "local cloud endpoint (default " + LOCAL_DEFAULT_ENDPOINT + "; env WORKBOOK_ENDPOINT)"),
            option("--data-dir", "DIR", "local cloud data directory (default .localcloud; env WORKBOOK_DATA_DIR)"),
            option("--region", "REGION", "AWS region (local default us-east-1; aws: the default region chain)"),
            flag("--yes", "do not ask before creating or deleting resources on AWS"),
            flag("--step", "pause before each cell (instructor mode)"),
            flag("--plain", "no colours or progress bars (also NO_COLOR, or when output is not a terminal)"),
            flag("--help", "show this help"));

    private final String labId;
    private final String title;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<Option> options;
    private final boolean color;
    private final boolean interactive;
    private final Path root;
    private final StringBuilder transcript = new StringBuilder();
    private final StringBuilder cellOutput = new StringBuilder();
    private final Instant started = Instant.now();
    private boolean local;
    private URI endpoint;
    private Path dataDir;
    private Region region;
    private AwsCredentialsProvider credentials;
    private String account;
    private int checksPassed;
    private int checksFailed;
    private String currentCell;
    private boolean liveLineOpen;
    private String command = "";

    private Workbook(String labId, String title, List<Option> options, boolean color, boolean interactive, Path root) {
        this.labId = labId;
        this.title = title;
        this.options = options;
        this.color = color;
        this.interactive = interactive;
        this.root = root;
    }

    /**
     * Parses the command line and connects to the target: on the local target, starts the local cloud if
     * nothing answers its health check; on AWS, resolves credentials, shows account, region and cost, and asks.
     *
     * @param labId  the lab's folder under {@code labs/} (e.g. {@code 02-run-and-fail}); the transcript goes there
     * @param cost   what the lab costs on AWS, shown before asking
     */
    static Workbook open(String[] args, String labId, String title, String cost, Option... labOptions) {
        List<Option> all = new ArrayList<>(COMMON);
        all.addAll(Arrays.asList(labOptions));
        boolean plain = System.getenv("NO_COLOR") != null || System.console() == null
                || "dumb".equals(System.getenv("TERM")) || Arrays.asList(args).contains("--plain");
        Workbook book = new Workbook(labId, title, all, !plain, System.console() != null, findRoot());
        String script = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
        book.command = ("./jbang labs/" + (labId.equals(".") ? "" : labId + "/") + script + ".java " + String.join(" ", args)).strip();
        try {
            book.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
        }
        if (book.flag("--help")) {
            book.usage();
            System.exit(0);
        }
        book.heading();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            String message = e instanceof Stop ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            book.println(book.red("✗ " + message));
            book.transcript.append("\n- ✗ ").append(message).append('\n');
            book.checksFailed++;
            System.exit(Math.max(1, book.finish()));
        });
        try {
            book.connect(cost);
        } catch (Stop e) {
            book.println(book.red("✗ " + e.getMessage()));
            book.transcript.append("\n✗ ").append(e.getMessage()).append('\n');
            book.writeTranscript();
            System.exit(2);
        }
        return book;
    }

    // ---------------------------------------------------------------- options

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            String key = name;
            Option option = options.stream().filter(o -> o.name().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown option: " + arg));
            if (option.takesValue()) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("Option " + name + " needs a value (" + option.argName() + ")");
                    }
                    value = args[++i];
                }
                values.put(name, value);
            } else {
                if (value != null) {
                    throw new IllegalArgumentException("Option " + name + " takes no value");
                }
                values.put(name, "true");
            }
        }
    }

    private void usage() {
        System.out.println(title);
        System.out.println();
        System.out.println("Usage: ./jbang labs/" + labId + "/<Lab>.java [options]");
        System.out.println();
        for (Option o : options) {
            String left = o.name() + (o.takesValue() ? " " + o.argName() : "");
            System.out.printf("  %-28s %s%n", left, o.help());
        }
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    // ---------------------------------------------------------------- the target

    boolean local() {
        return local;
    }

    Region region() {
        return region;
    }

    String account() {
        return account;
    }

    /** The local cloud's endpoint, or empty on AWS. */
    Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The project's root folder (the one holding {@code mvnw} and {@code labs/}). */
    Path root() {
        return root;
    }

    /** This lab's folder. */
    Path labDir() {
        return root.resolve("labs").resolve(labId);
    }

    /**
     * Builds any SDK v2 client for the target. On AWS: the default credential chain and the region. On the
     * local cloud: the same, plus the endpoint override and dummy credentials.
     */
    <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.region(region).credentialsProvider(credentials).build();
    }

    private void connect(String cost) {
        String target = value("--target").orElse(Optional.ofNullable(System.getenv("WORKBOOK_TARGET")).orElse("local"));
        switch (target.toLowerCase(Locale.ROOT)) {
            case "local" -> connectLocal();
            case "aws" -> connectAws(cost);
            default -> throw new Stop("--target must be local or aws, not '" + target + "'");
        }
    }

    private void connectLocal() {
        local = true;
        region = Region.of(value("--region").orElse("us-east-1"));
        credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        account = LOCAL_ACCOUNT;
        endpoint = URI.create(value("--endpoint").orElse(
                Optional.ofNullable(System.getenv("WORKBOOK_ENDPOINT")).orElse(LOCAL_DEFAULT_ENDPOINT)));
        dataDir = Path.of(value("--data-dir").orElse(
                Optional.ofNullable(System.getenv("WORKBOOK_DATA_DIR")).orElse(root.resolve(".localcloud").toString())));
        if (healthy()) {
            note("target local · " + endpoint + " · " + region + " · the local cloud is running");
            return;
        }
        if (!"127.0.0.1".equals(endpoint.getHost()) && !"localhost".equals(endpoint.getHost())) {
            throw new Stop("nothing answers at " + endpoint + " and it is not on this machine: start the local cloud there");
        }
        Path jar = root.resolve("localcloud/target/localcloud.jar");
        if (!Files.isRegularFile(jar)) {
            println(dim("The local cloud is not built yet: building localcloud/target/localcloud.jar (first run only)…"));
            build(List.of("-pl", "localcloud", "-am", "package", "-Dmaven.test.skip=true"), "localcloud.jar");
        } else if (newerSources(jar, "localcloud/src", "localcloud/pom.xml", "pom.xml")) {
            println(dim("localcloud/src changed since localcloud.jar was built: rebuilding it…"));
            build(List.of("-pl", "localcloud", "-am", "package", "-Dmaven.test.skip=true"), "localcloud.jar");
        }
        int port = endpoint.getPort() == -1 ? 80 : endpoint.getPort();
        println(dim("Starting the local cloud on port " + port + " (data in " + displayPath(dataDir) + ")…"));
        long t0 = System.nanoTime();
        runQuietly(List.of(javaBin(), "-jar", jar.toString(), "start", "--host", endpoint.getHost(),
                "--port", Integer.toString(port), "--data-dir", dataDir.toString()), "start the local cloud");
        Instant deadline = Instant.now().plusSeconds(60);
        while (!healthy()) {
            if (Instant.now().isAfter(deadline)) {
                throw new Stop("the local cloud did not become healthy within 60 s; see " + displayPath(dataDir.resolve("localcloud.log")));
            }
            sleep(200);
        }
        note("target local · " + endpoint + " · " + region + " · local cloud started in "
                + seconds(System.nanoTime() - t0));
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

    /** Local target: {@code localcloud.jar reset} (stop the server, delete its data directory). */
    void resetLocalCloud() {
        Path jar = root.resolve("localcloud/target/localcloud.jar");
        int port = endpoint.getPort() == -1 ? 80 : endpoint.getPort();
        runQuietly(List.of(javaBin(), "-jar", jar.toString(), "reset", "--host", endpoint.getHost(),
                "--port", Integer.toString(port), "--data-dir", dataDir.toString()), "reset the local cloud");
        println("  reset: the local cloud on port " + port + " is stopped and " + displayPath(dataDir) + " is deleted");
    }

    private boolean healthy() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/_localcloud/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void connectAws(String cost) {
        local = false;
        try {
            region = value("--region").map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        } catch (RuntimeException e) {
            throw new Stop("no AWS region configured: set AWS_REGION (or a profile's region), or pass --region");
        }
        credentials = DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw new Stop("no AWS credentials found for --target aws (the default credential chain: "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws, SSO, instance role). "
                    + "Configure them (e.g. `aws configure` or `aws sso login`), or run with --target local.");
        }
        try (StsClient sts = client(StsClient.builder())) {
            account = sts.getCallerIdentity().account();
        } catch (RuntimeException e) {
            throw new Stop("AWS rejected the credentials: " + e.getMessage());
        }
        note("target aws · account " + account + " · " + region);
        println("  Estimated cost of this lab on AWS: " + cost);
        if (!flag("--yes")) {
            if (!interactive) {
                throw new Stop("this lab creates or deletes resources in AWS account " + account
                        + "; pass --yes to run it without a terminal");
            }
            if (!confirm("Run it in account " + account + " (" + region + ")?")) {
                throw new Stop("stopped: nothing was created");
            }
        }
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
        if (flag("--step") && interactive) {
            System.out.print(dim("\n[step] press Enter to run cell " + name + " … "));
            System.out.flush();
            readLine();
        }
        currentCell = name;
        cellOutput.setLength(0);
        System.out.println();
        System.out.println(bold(cyan("── " + name + " " + "─".repeat(Math.max(3, 70 - name.length())))));
        if (explanation != null && !explanation.isBlank()) {
            System.out.println(dim(explanation));
        }
        transcript.append("\n## ").append(name).append("\n\n");
        if (explanation != null && !explanation.isBlank()) {
            transcript.append(explanation).append("\n\n");
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
            endCell(t0, failedBefore, "✗ the cell failed — " + message);
            return finishAndExit();
        }
        endCell(t0, failedBefore, null);
        return result;
    }

    private void endCell(long t0, int failedBefore, String failure) {
        closeLiveLine();
        String took = seconds(System.nanoTime() - t0);
        if (failure != null) {
            checksFailed++;
            System.out.println(red(failure));
        }
        flushCellOutput();
        if (failure != null) {
            transcript.append("- ").append(failure).append("\n");
        }
        System.out.println(dim("   (" + took + ")"));
        transcript.append("\n_").append(took).append(checksFailed > failedBefore ? ", failed" : "").append("_\n");
    }

    private void flushCellOutput() {
        if (cellOutput.length() > 0) {
            transcript.append("```text\n").append(cellOutput).append(cellOutput.charAt(cellOutput.length() - 1) == '\n' ? "" : "\n")
                    .append("```\n\n");
            cellOutput.setLength(0);
        }
    }

    /** A visible check: ✓ or ✗ (with {@code detail} when it fails); a failed check makes the lab exit non-zero but lets it go on. */
    boolean check(String what, boolean ok) {
        return check(what, ok, null);
    }

    boolean check(String what, boolean ok, String detail) {
        closeLiveLine();
        String line = (ok ? "✓ " : "✗ ") + what + (detail == null || ok ? "" : " — " + detail);
        System.out.println(ok ? green(line) : red(line));
        flushCellOutput();
        transcript.append("- ").append(line).append("\n");
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

    // ---------------------------------------------------------------- output

    void println(String text) {
        closeLiveLine();
        System.out.println(text);
        if (currentCell != null) {
            cellOutput.append(stripAnsi(text)).append('\n');
        }
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
        transcript.append("> ").append(text).append("\n");
    }

    /** Pretty JSON, cut after {@code maxLines} lines. */
    void json(Object value, int maxLines) {
        String text;
        try {
            JsonNode node = value instanceof String s ? JSON.readTree(s) : JSON.valueToTree(value);
            text = JSON.writeValueAsString(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            text = String.valueOf(value);
        }
        String[] lines = text.split("\n");
        for (int i = 0; i < Math.min(lines.length, maxLines); i++) {
            println("  " + lines[i]);
        }
        if (lines.length > maxLines) {
            println(dim("  … (" + (lines.length - maxLines) + " more lines)"));
        }
    }

    void json(Object value) {
        json(value, 40);
    }

    /** An aligned table; numbers are right-aligned. */
    void table(List<String> headers, List<? extends List<?>> rows) {
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
        println(bold(head.toString().stripTrailing()));
        println(rule.toString());
        for (List<?> row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < widths.length; c++) {
                Object cell = c < row.size() ? row.get(c) : "";
                line.append(pad(text(cell), widths[c], cell instanceof Number)).append(c + 1 < widths.length ? "  " : "");
            }
            println(line.toString().stripTrailing());
        }
    }

    /** Whole numbers with thousands separators, as the console shows counts. */
    private static String text(Object cell) {
        if (cell instanceof Long || cell instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) cell).longValue());
        }
        return String.valueOf(cell);
    }

    /** A key/value listing, aligned. */
    void fields(Map<String, ?> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((k, v) -> println("  " + pad(k, width, false) + "  " + text(v)));
    }

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

    /** A coloured line diff (red −, green +) with a little context. */
    void diff(String before, String after) {
        for (String line : LineDiff.unified(before, after, 2)) {
            if (line.startsWith("+")) {
                println(green(line));
            } else if (line.startsWith("-")) {
                println(red(line));
            } else if (line.startsWith("@@")) {
                println(cyan(line));
            } else {
                println(line);
            }
        }
    }

    /**
     * A line that redraws itself on a terminal (progress, live counters) and is not kept in the transcript;
     * call {@link #println} with the final state when done. When piped, prints only when {@code force}.
     */
    void live(String text, boolean force) {
        if (color) {
            System.out.print("\r\033[2K" + text);
            System.out.flush();
            liveLineOpen = true;
        } else if (force) {
            System.out.println(text);
        }
    }

    private void closeLiveLine() {
        if (liveLineOpen) {
            System.out.print("\r\033[2K");
            System.out.flush();
            liveLineOpen = false;
        }
    }

    /** A progress bar for {@code total} steps; thread-safe. */
    Progress progress(String label, long total) {
        return new Progress(this, label, total);
    }

    static final class Progress {
        private final Workbook book;
        private final String label;
        private final long total;
        private final long t0 = System.nanoTime();
        private long done;
        private long lastDraw;
        private int lastQuarter = -1;

        Progress(Workbook book, String label, long total) {
            this.book = book;
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
                book.live(render(), plainStep);
                lastQuarter = quarter;
            }
        }

        synchronized void finish() {
            book.println(render() + "  " + seconds(System.nanoTime() - t0));
        }

        private String render() {
            int width = 30;
            int filled = (int) (done * width / total);
            return String.format(Locale.ROOT, "  %s [%s%s] %,d/%,d", label, "█".repeat(filled),
                    "·".repeat(width - filled), done, total);
        }
    }

    // ---------------------------------------------------------------- processes and files

    /** Runs {@code ./mvnw} with the given arguments in the project root, showing the modules as they build. */
    void build(List<String> mavenArgs, String what) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve(isWindows() ? "mvnw.cmd" : "mvnw").toString());
        command.add("-B");
        command.addAll(mavenArgs);
        long t0 = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            List<String> tail = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    tail.add(line);
                    if (tail.size() > 40) {
                        tail.remove(0);
                    }
                    String plain = stripAnsi(line);
                    if (plain.startsWith("[INFO] Building ") || plain.startsWith("[INFO] --- ")
                            || plain.startsWith("Downloading from") || plain.startsWith("[INFO] Downloading")) {
                        live("  mvn: " + shorten(plain.replace("[INFO] ", ""), 100), plain.startsWith("[INFO] Building "));
                    }
                }
            }
            int rc = process.waitFor();
            closeLiveLine();
            if (rc != 0) {
                tail.forEach(l -> System.out.println("  " + l));
                throw new Stop("building " + what + " failed (./mvnw " + String.join(" ", mavenArgs) + " exited " + rc + ")");
            }
            println(dim("  built " + what + " in " + seconds(System.nanoTime() - t0)));
        } catch (IOException e) {
            throw new Stop("cannot run ./mvnw: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop("interrupted");
        }
    }

    private void runQuietly(List<String> command, String what) {
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = process.waitFor();
            if (rc != 0) {
                throw new Stop("could not " + what + " (exit " + rc + "): " + output.strip());
            }
        } catch (IOException e) {
            throw new Stop("could not " + what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop("interrupted");
        }
    }

    /** A path as the learner would type it: relative to the project root when inside it. */
    String displayPath(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static Path findRoot() {
        String home = System.getenv("WORKBOOK_HOME");
        if (home != null) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("labs")) && Files.exists(p.resolve("mvnw"))) {
                return p;
            }
        }
        System.err.println("Run the labs from the workbook's folder (the one with mvnw and labs/), e.g. ./jbang labs/RunAll.java");
        System.exit(2);
        return dir;
    }

    // ---------------------------------------------------------------- asking

    /** Asks a yes/no question on a terminal; without one, answers {@code --yes}. */
    boolean confirm(String question) {
        if (flag("--yes")) {
            return true;
        }
        if (!interactive) {
            return false;
        }
        System.out.print(yellow("? " + question + " [y/N] "));
        System.out.flush();
        String answer = readLine();
        return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
    }

    private static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private static String readLine() {
        try {
            return STDIN.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- the end

    private void heading() {
        System.out.println(bold(title));
        transcript.append("# ").append(title).append("\n\n");
        transcript.append("> run ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" · `").append(command).append("`\n");
    }

    /** Writes the transcript and returns the exit status: 0 when every check passed. */
    int finish() {
        closeLiveLine();
        String took = seconds(Duration.between(started, Instant.now()).toNanos());
        String summary = checksFailed == 0
                ? "✓ all " + checksPassed + " checks passed in " + took
                : "✗ " + checksFailed + " of " + (checksPassed + checksFailed) + " checks failed (" + took + ")";
        System.out.println();
        System.out.println(checksFailed == 0 ? bold(green(summary)) : bold(red(summary)));
        transcript.append("\n---\n\n**").append(summary).append("**\n");
        Path file = writeTranscript();
        if (file != null) {
            System.out.println(dim("transcript: " + displayPath(file)));
        }
        return checksFailed == 0 ? 0 : 1;
    }

    private <T> T finishAndExit() {
        System.exit(Math.max(1, finish()));
        return null;
    }

    private Path writeTranscript() {
        try {
            Path dir = labDir().resolve("out");
            Files.createDirectories(dir);
            Path file = dir.resolve("transcript.md");
            Path tmp = Files.createTempFile(dir, "transcript", ".tmp");
            Files.writeString(tmp, transcript, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            System.err.println("could not write the transcript: " + e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- small helpers

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
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
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    private static String stripAnsi(String text) {
        return text.replaceAll("\u001B\\[[0-9;]*[A-Za-z]", "");
    }

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
}

/** A small line diff (longest common subsequence), printed like {@code diff -u}. */
final class LineDiff {
    private LineDiff() {
    }

    static List<String> unified(String before, String after, int context) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                ops.add("  " + a[i++]);
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add("- " + a[i++]);
            } else {
                ops.add("+ " + b[j++]);
            }
        }
        List<String> out = new ArrayList<>();
        int last = -1;
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k).startsWith(" ")) {
                continue;
            }
            int from = Math.max(last + 1, k - context);
            if (last >= 0 && from > last + 1) {
                out.add("@@ …");
            }
            for (int m = from; m <= k; m++) {
                out.add(ops.get(m));
            }
            last = k;
            int to = Math.min(ops.size() - 1, k + context);
            for (int m = k + 1; m <= to && ops.get(m).startsWith(" "); m++) {
                out.add(ops.get(m));
                last = m;
            }
        }
        return out;
    }
}
