///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//SOURCES common/Workbook.java
//MAIN RunAll
//DESCRIPTION The whole workbook: labs 00 to 04 in order, each exactly as a learner runs it (--from, --only, --prepare to pick).

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

class RunAll {
    // its options, then the labs in order: the list of options makes it long
    public static void main(String[] args) throws Exception {
        var book = Workbook.open(args, ".", "The Distributed Map Workbook — labs 00 to 04",
                "under $0.25 in all (see each lab); lab 05 deletes everything afterwards",
                Workbook.option("--from", "NN", "start at lab NN (e.g. 02): labs NN to 04"),
                Workbook.option("--only", "NN[,NN…]", "exactly these labs, in this order (e.g. 01,03)"),
                Workbook.option("--prepare", "NN", "run, quietly, exactly what lab NN needs (not NN itself), then say how to start it"),
                Workbook.option("--dataset-zip", "FILE", "passed to lab 01"),
                Workbook.flag("--offline", "passed to lab 01: do not try the workshop's URL"),
                Workbook.option("--stations", "N", "passed to lab 01: stations to generate offline"),
                Workbook.option("--rows", "N", "passed to lab 00"),
                Workbook.flag("--full", "passed to lab 00"),
                Workbook.option("--with", "06", "also run lab 06 (listing or inventory) after lab 04"),
                Workbook.option("--objects", "N", "passed to lab 06"));
        List<Labs.Lab> labs = chosen(book);
        boolean quiet = book.value("--prepare").isPresent();
        List<List<?>> summary = new ArrayList<>();
        int cell = 0;
        for (Labs.Lab lab : labs) {
            List<String> command = command(book, lab, quiet);
            long t0 = System.nanoTime();
            Path log = book.outDir().resolve("prepare-" + lab.folder() + ".log");
            int rc = book.cell(++cell, "Lab " + lab.number() + " — " + lab.title(), lab.command() + (quiet ? " (quietly: "
                    + book.displayPath(log) + ")" : ""), () -> run(book, command, quiet ? log : null));
            String took = Workbook.seconds(System.nanoTime() - t0);
            String notebook = lab.folder() + ".ipynb";
            summary.add(List.of(lab.folder(), rc == 0 ? "✓" : "✗ exit " + rc, took,
                    new RunLog.Link(book.displayPath(book.outDir(lab.folder()).resolve(notebook)), "../" + lab.folder() + "/" + notebook),
                    new RunLog.Link("transcript.md", "../" + lab.folder() + "/transcript.md")));
            if (!book.check("lab " + lab.folder() + " passed all its checks (" + took + ")", rc == 0)) {
                if (quiet) {
                    Files.readAllLines(log).stream().skip(Math.max(0, Files.readAllLines(log).size() - 15)).forEach(l -> book.println("  │ " + l));
                }
                break;
            }
        }
        book.cell(++cell, "Summary", "Each lab's executed notebook is its NN-name.ipynb (linked here), with the same run "
                + "as text in transcript.md, kept per local cloud (in its data dir). Lab 05 cleans up.", () -> {
            book.table(List.of("lab", "result", "time", "notebook", "transcript"), summary);
            book.value("--prepare").flatMap(Labs::find).ifPresent(next ->
                    book.println("  ready for lab " + next.number() + ": " + next.command()));
        });
        System.exit(book.finish());
    }

    /** The labs to run: --prepare NN's needs, --only's list, --from NN to 04, or 00 to 04. */
    static List<Labs.Lab> chosen(Workbook book) {
        int given = (book.value("--from").isPresent() ? 1 : 0) + (book.value("--only").isPresent() ? 1 : 0)
                + (book.value("--prepare").isPresent() ? 1 : 0);
        book.require(given <= 1, "--from, --only and --prepare do not go together: pick one");
        List<Labs.Lab> workbook = new ArrayList<>(Labs.ALL.stream().filter(l -> l.number().compareTo("05") < 0).toList());
        if (book.value("--with").isPresent()) {
            book.require(book.value("--with").get().equals("06"),
                    "--with takes 06 (the one lab RunAll leaves out by default), not " + book.value("--with").get());
            workbook.add(lab(book, "06"));
        }
        if (book.value("--prepare").isPresent()) {
            Labs.Lab target = lab(book, book.value("--prepare").get());
            book.println("  lab " + target.number() + " needs " + target.needsWhy());
            return target.needs().stream().map(n -> lab(book, n)).toList();
        }
        if (book.value("--only").isPresent()) {
            var numbers = new LinkedHashSet<>(Arrays.asList(book.value("--only").get().split(",")));
            return numbers.stream().map(n -> lab(book, n)).toList();
        }
        String from = lab(book, book.value("--from").orElse("00")).number();
        return workbook.stream().filter(l -> l.number().compareTo(from) >= 0).toList();
    }

    private static Labs.Lab lab(Workbook book, String number) {
        return Labs.find(number).orElseThrow(() -> book.stop("there is no lab " + number.strip() + " (labs 00 to 06)"));
    }

    /** The lab's command line: the target and the options RunAll passes on; --step only when not quiet. */
    static List<String> command(Workbook book, Labs.Lab lab, boolean quiet) {
        List<String> command = new ArrayList<>(List.of(book.root().resolve("jbang").toString(),
                Path.of("labs", lab.folder(), lab.script()).toString()));
        command.add("--target=" + (book.local() ? "local" : "aws"));
        command.add("--region=" + book.region().id());
        book.endpoint().ifPresent(e -> command.add("--endpoint=" + e));
        book.value("--data-dir").ifPresent(d -> command.add("--data-dir=" + d));
        command.add("--yes");
        if (book.flag("--step") && !quiet) {
            command.add("--step");
        }
        if (book.flag("--plain") || quiet) {
            command.add("--plain");
        }
        if (lab.number().equals("00")) {
            book.value("--rows").ifPresent(v -> command.add("--rows=" + v));
            if (book.flag("--full")) {
                command.add("--full");
            }
        }
        if (lab.number().equals("06")) {
            book.value("--objects").ifPresent(v -> command.add("--objects=" + v));
        }
        if (lab.number().equals("01")) {
            book.value("--dataset-zip").ifPresent(v -> command.add("--dataset-zip=" + v));
            book.value("--stations").ifPresent(v -> command.add("--stations=" + v));
            if (book.flag("--offline")) {
                command.add("--offline");
            }
        }
        return command;
    }

    /** Runs the lab: on this terminal, or quietly into {@code log}; returns its exit status. */
    static int run(Workbook book, List<String> command, Path log) throws Exception {
        var builder = new ProcessBuilder(command).directory(book.root().toFile());
        if (log == null) {
            builder.inheritIO();
        } else {
            Files.createDirectories(log.getParent());
            builder.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        return builder.start().waitFor();
    }
}
