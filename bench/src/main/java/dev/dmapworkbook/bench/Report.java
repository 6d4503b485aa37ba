package dev.dmapworkbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The figures of one run of the suite: printed as they come, summed up at the end, appended to BENCHMARKS.md. */
final class Report {
    /** BENCHMARKS.md's results table: a header and the figure keys each cell shows (one key: median [min–max]). */
    record Column(String header, List<String> keys) {
    }

    static final List<Column> COLUMNS = List.of(
            new Column("workbook 01→04 s (≤ 45)", List.of("workbook")),
            new Column("labs 01 / 02 / 03 / 04 s", List.of("lab01", "lab02", "lab03", "lab04")),
            new Column("overhead × (≤ 1.2)", List.of("overhead")),
            new Column("hello dmap 1.29 M rows s (≤ 20)", List.of("hello")),
            new Column("hello peak heap / after GC / RSS MiB (≤ 1,024)", List.of("helloHeap", "helloLive", "helloRss")),
            new Column("inline Map 10k: ours / Node ms", List.of("oursSmall", "nodeSmall")),
            new Column("inline Map 100k: ours / Node ms", List.of("oursLarge", "nodeLarge")),
            new Column("speed-up 10k / 100k (≥ 3×)", List.of("speedupSmall", "speedupLarge")),
            new Column("memory ours ÷ Node 10k / 100k (≤ 0.33)", List.of("memorySmall", "memoryLarge")),
            new Column("listing 100k keys s (≤ 10)", List.of("listing")),
            new Column("cold start s (≤ 2)", List.of("coldstart")),
            new Column("Lambda cold / warm ms", List.of("lambdaCold", "lambdaWarm")),
            new Column("1,005 PUTs ~30 KB s", List.of("puts")),
            new Column("ListObjectsV2 10k keys ms", List.of("list10k")),
            new Column("BatchWriteItem 1,000 items ms", List.of("batchWrite")));

    private final java.util.Optional<String> commit;
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, String> notMeasured = new LinkedHashMap<>();

    /** {@code commit}: what the run measures, taken when it starts. */
    Report(java.util.Optional<String> commit) {
        this.commit = commit;
    }

    Figure figure(String key, String name, String unit, Goal goal) {
        return figures.computeIfAbsent(key, k -> new Figure(key, name, unit, goal));
    }

    /** Prints a figure's line (after its runs). */
    void show(String key) {
        Figure f = figures.get(key);
        if (f != null && f.measured()) {
            String verdict = f.verdict();
            System.out.printf("  %-52s %-28s %s%n", f.name, f.summary(), verdict.isEmpty() ? "" : "(" + verdict + ")");
        }
    }

    void notMeasured(String what, String reason) {
        notMeasured.put(what, reason);
        System.out.println("  not measured: " + what + ": " + reason);
    }

    void printSummary(Machine machine, Options options) {
        System.out.println();
        System.out.println("Summary (" + options.runs() + (options.runs() == 1 ? " run" : " runs") + " each; median [min–max]) on "
                + machine.oneLine());
        figures.keySet().forEach(this::show);
        notMeasured.forEach((what, why) -> System.out.println("  not measured: " + what + ": " + why));
        List<String> missed = figures.values().stream().filter(f -> f.goal != null && f.measured() && !f.goal.metBy(f.median()))
                .map(f -> f.name).toList();
        long goals = figures.values().stream().filter(f -> f.goal != null && f.measured()).count();
        System.out.println("  goals: " + (goals - missed.size()) + " of " + goals + " met"
                + (missed.isEmpty() ? "" : "; missed: " + String.join("; ", missed)));
    }

    /** Appends one dated row to the results table that ends BENCHMARKS.md (the table is created if absent). */
    void appendRow(Path file, Machine machine, Options options) throws IOException {
        StringBuilder out = new StringBuilder();
        if (!Files.exists(file) || !Files.readString(file).contains("| date (UTC) |")) {
            out.append("\n## Results\n\n| date (UTC) | machine | runs | ")
                    .append(COLUMNS.stream().map(Column::header).collect(Collectors.joining(" | "))).append(" | notes |\n|")
                    .append("---|".repeat(COLUMNS.size() + 4)).append('\n');
        }
        List<String> cells = new ArrayList<>();
        cells.add(machine.date());
        cells.add(machine.cores() + " cores, " + machine.memory() + ", JDK " + System.getProperty("java.version")
                + ", load " + machine.loadAverage());
        cells.add(Integer.toString(options.runs()));
        for (Column column : COLUMNS) {
            cells.add(cell(column));
        }
        List<String> notes = new ArrayList<>();
        commit.ifPresent(c -> notes.add("commit " + c));
        if (!options.note().isBlank()) {
            notes.add(options.note().strip());
        }
        notMeasured.forEach((what, why) -> notes.add("not measured: " + what + " (" + why + ")"));
        cells.add(String.join("; ", notes));
        out.append("| ").append(cells.stream().map(c -> c.replace("|", "\\|").replace("\n", " ")).collect(Collectors.joining(" | ")))
                .append(" |\n");
        Files.writeString(file, out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The checkout's commit (with "+changes" when the tree differs from it), if git is here. */
    static java.util.Optional<String> commit(Path root) {
        try {
            Process head = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile()).start();
            String id = new String(head.getInputStream().readAllBytes()).strip();
            Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").directory(root.toFile()).start();
            boolean changed = !new String(status.getInputStream().readAllBytes()).strip().isEmpty();
            return head.waitFor() == 0 && !id.isEmpty() ? java.util.Optional.of(id + (changed ? "+changes" : "")) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private String cell(Column column) {
        if (column.keys().size() == 1) {
            Figure f = figures.get(column.keys().get(0));
            if (f == null || !f.measured()) {
                return "—";
            }
            return f.samples.size() == 1 ? Figure.number(f.median())
                    : Figure.number(f.median()) + " [" + Figure.number(f.min()) + "–" + Figure.number(f.max()) + "]";
        }
        return column.keys().stream().map(figures::get).map(f -> f == null || !f.measured() ? "—" : Figure.number(f.median()))
                .collect(Collectors.joining(" / "));
    }
}
