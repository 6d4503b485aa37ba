///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//SOURCES common/Workbook.java
//MAIN RunAll
//DESCRIPTION The whole workbook: labs 00 to 04 in order, each exactly as a learner runs it.

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class RunAll {
    record Lab(String folder, String script, String title) {
    }

    static final List<Lab> LABS = List.of(
            new Lab("00-hello-dmap", "HelloDmap.java", "Hello, Distributed Map"),
            new Lab("01-deploy", "Deploy.java", "Deploy the stack and upload the stations"),
            new Lab("02-run-and-fail", "RunAndFail.java", "Run the workflow and watch it fail"),
            new Lab("03-fix-batchinput", "FixBatchInput.java", "Fix it with ItemBatcher.BatchInput"),
            new Lab("04-verify", "Verify.java", "Verify the results"));
    /** Run only when asked ({@code --with 06}): it uploads 100,000 objects. */
    static final Lab INVENTORY = new Lab("06-inventory", "Inventory.java", "Millions of objects: listing or inventory");

    public static void main(String[] args) throws Exception {
        var book = Workbook.open(args, ".", "The Distributed Map Workbook — labs 00 to 04",
                "under $0.25 in all (see each lab); lab 05 deletes everything afterwards",
                Workbook.option("--dataset-zip", "FILE", "passed to lab 01"),
                Workbook.flag("--offline", "passed to lab 01: do not try the workshop's URL"),
                Workbook.option("--rows", "N", "passed to lab 00"),
                Workbook.flag("--full", "passed to lab 00"),
                Workbook.option("--with", "06", "also run lab 06 (listing or inventory) after lab 04"),
                Workbook.option("--objects", "N", "passed to lab 06"));
        List<Lab> labs = new ArrayList<>(LABS);
        if (book.value("--with").isPresent()) {
            if (!book.value("--with").get().equals("06")) {
                throw book.stop("--with takes 06 (the one lab RunAll leaves out by default), not " + book.value("--with").get());
            }
            labs.add(INVENTORY);
        }
        List<String> common = new ArrayList<>();
        common.add("--target=" + (book.local() ? "local" : "aws"));
        common.add("--region=" + book.region().id());
        book.endpoint().ifPresent(e -> common.add("--endpoint=" + e));
        book.value("--data-dir").ifPresent(d -> common.add("--data-dir=" + d));
        common.add("--yes");
        if (book.flag("--step")) {
            common.add("--step");
        }
        if (book.flag("--plain")) {
            common.add("--plain");
        }
        List<List<?>> summary = new ArrayList<>();
        for (Lab lab : labs) {
            int number = Integer.parseInt(lab.folder().substring(0, 2));
            List<String> command = new ArrayList<>(List.of(book.root().resolve("jbang").toString(),
                    Path.of("labs", lab.folder(), lab.script()).toString()));
            command.addAll(common);
            if (number == 0) {
                book.value("--rows").ifPresent(v -> command.add("--rows=" + v));
                if (book.flag("--full")) {
                    command.add("--full");
                }
            }
            if (number == 6) {
                book.value("--objects").ifPresent(v -> command.add("--objects=" + v));
            }
            if (number == 1) {
                book.value("--dataset-zip").ifPresent(v -> command.add("--dataset-zip=" + v));
                if (book.flag("--offline")) {
                    command.add("--offline");
                }
            }
            long t0 = System.nanoTime();
            int rc = book.cell(number, "Lab " + lab.folder().substring(0, 2) + " — " + lab.title(),
                    "./jbang labs/" + lab.folder() + "/" + lab.script(), () -> {
                        Process process = new ProcessBuilder(command).directory(book.root().toFile()).inheritIO().start();
                        return process.waitFor();
                    });
            String took = Workbook.seconds(System.nanoTime() - t0);
            String notebook = lab.folder() + "/out/" + lab.folder() + ".ipynb";
            summary.add(List.of(lab.folder(), rc == 0 ? "✓" : "✗ exit " + rc, took,
                    new RunLog.Link("labs/" + notebook, "../" + notebook), new RunLog.Link("transcript.md", "../" + lab.folder() + "/out/transcript.md")));
            if (!book.check("lab " + lab.folder() + " passed all its checks (" + took + ")", rc == 0)) {
                break;
            }
        }
        book.cell(labs.size() == LABS.size() ? 5 : 7, "Summary", "Each lab's executed notebook is its out/NN-name.ipynb "
                + "(linked here), with the same run as text in out/transcript.md. Lab 05 cleans up.",
                () -> book.table(List.of("lab", "result", "time", "notebook", "transcript"), summary));
        System.exit(book.finish());
    }
}
