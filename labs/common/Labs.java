import java.util.List;
import java.util.Optional;

/**
 * The workbook's labs in order (labs/README.md's table): each one's folder, script, title and what it needs first.
 * {@code --help} says the needs; {@code RunAll --prepare NN} runs them.
 */
final class Labs {
    /**
     * A lab. {@code needs}: the labs to run before it, in order; {@code needsWhy}: what they leave behind for it.
     */
    record Lab(String folder, String script, String title, List<String> needs, String needsWhy) {
        String number() {
            return folder.substring(0, 2);
        }

        String command() {
            return "./jbang labs/" + folder + "/" + script;
        }
    }

    static final List<Lab> ALL = List.of(
            new Lab("00-hello-dmap", "HelloDmap.java", "Hello, Distributed Map", List.of(),
                    "nothing: it deploys the workbook's stack itself"),
            new Lab("01-deploy", "Deploy.java", "Deploy the stack and upload the stations", List.of(),
                    "nothing: it deploys the stack itself when lab 00 did not"),
            new Lab("02-run-and-fail", "RunAndFail.java", "Run the workflow and watch it fail", List.of("01"),
                    "lab 01: the stack with the function, and the station files in S3"),
            new Lab("03-fix-batchinput", "FixBatchInput.java", "Fix it with ItemBatcher.BatchInput", List.of("01", "02"),
                    "lab 02: FindHighPrecipitationWorkflow as it deployed it (and lab 01 before it)"),
            new Lab("04-verify", "Verify.java", "Verify the results", List.of("01", "02", "03"),
                    "lab 03: the results in the table; lab 01: the station files on disk"),
            new Lab("05-cleanup", "Cleanup.java", "Clean up", List.of(),
                    "nothing: it deletes whatever the labs created"),
            new Lab("06-inventory", "Inventory.java", "Millions of objects: listing or inventory", List.of(),
                    "nothing: it creates its own buckets, state machines and role"));

    private Labs() {
    }

    /** The lab numbered {@code number} ("3", "03"), or the one in folder {@code number}. */
    static Optional<Lab> find(String number) {
        String nn = number.strip().length() == 1 ? "0" + number.strip() : number.strip();
        return ALL.stream().filter(l -> l.number().equals(nn) || l.folder().equals(nn)).findFirst();
    }
}
