import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmapworkbook.e2e.Jupyter;
import dev.dmapworkbook.graph.StateStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a lab run leaves for the learner to open (labs/common compiled as it is): each cell's Java source read from
 * the lab's own file, the executed notebook (nbformat 4, validated by python3-nbformat when installed), the
 * transcript's fences, the last good run kept, the charts. (Default package: the JBang sources are in it.)
 */
class NotebookTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

    @Test
    void everyCellOfEveryLabHasItsSourceFromTheLabsFile() throws Exception {
        List<Path> labs;
        try (var files = Files.walk(ROOT.resolve("labs"), 2)) {
            labs = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(ROOT.resolve("labs/common"))
                    && !f.startsWith(ROOT.resolve("labs/dataset"))).sorted().toList();
        }
        int cells = 0;
        for (Path lab : labs) {
            String text = Files.readString(lab);
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].contains("book.cell(")) {
                    continue;
                }
                String source = CellSource.of(text, i + 1);
                assertFalse(source.isBlank(), lab + ":" + (i + 1) + " gives no source");
                for (String line : source.split("\n")) {
                    assertTrue(text.contains(line.strip()), lab + ":" + (i + 1) + ": '" + line + "' is not in the lab's source");
                }
                cells++;
            }
        }
        assertTrue(cells >= 30, "found the labs' cells: " + cells);
        String lab02 = Files.readString(ROOT.resolve("labs/02-run-and-fail/RunAndFail.java"));
        int line = lineOf(lab02, "book.cell(3, ");
        String cell3 = CellSource.of(lab02, line);
        assertTrue(cell3.startsWith("String input = Workbook.compact("), cell3);
        assertTrue(cell3.contains("Executions.await(book, sfn, arn"), cell3);
        assertTrue(cell3.endsWith("return finished;"), "the body ends where the lambda ends:\n" + cell3);
    }

    @Test
    void cellSourceIgnoresBracketsInStringsAndCommentsAndTakesExpressionLambdas() {
        String lab = """
                class Lab {
                    void main() {
                        book.cell(1, "Braces { ( in a heading", "a \\"quoted\\" ) explanation", () -> {
                            // a comment with } and )
                            String s = "}) -> {";
                            char c = '}';
                            book.println(s + c);
                        });
                        book.cell(2, "Summary", "text", () -> book.table(List.of("a"), rows));
                    }
                }
                """;
        assertEquals("// a comment with } and )\nString s = \"}) -> {\";\nchar c = '}';\nbook.println(s + c);",
                CellSource.of(lab, 3));
        assertEquals("book.table(List.of(\"a\"), rows)", CellSource.of(lab, 9));
        assertEquals("", CellSource.of(lab, 1), "no cell call on or before line 1");
    }

    @Test
    void theNotebookHasACellPairPerLabCellWithItsOutputsInOrder(@TempDir Path dir) throws Exception {
        RunLog log = sampleRun();
        JsonNode nb = Notebook.of(log, new Notebook.RunInfo("02-run-and-fail", null, Instant.parse("2026-01-01T00:01:00Z")));
        assertEquals(4, nb.get("nbformat").asInt());
        assertEquals("java", nb.at("/metadata/kernelspec/language").asText());
        assertEquals("java", nb.at("/metadata/language_info/name").asText());
        assertEquals("./jbang labs/02-run-and-fail/RunAndFail.java --step", nb.at("/metadata/dmap_workbook/command").asText());
        List<JsonNode> cells = new ArrayList<>();
        nb.get("cells").forEach(cells::add);
        assertEquals(List.of("markdown", "markdown", "code", "markdown", "code", "markdown"),
                cells.stream().map(c -> c.get("cell_type").asText()).toList());
        assertEquals("## 1. Read\n\nThe first cell, with &lt;data bucket&gt; &amp; co.", cells.get(1).get("source").asText(),
                "markdown shows <data bucket> as text, not as an HTML tag");
        assertEquals(1, cells.get(2).get("execution_count").asInt());
        assertEquals(2, cells.get(4).get("execution_count").asInt());
        JsonNode outputs = cells.get(2).get("outputs");
        assertEquals(List.of("stream", "display_data", "display_data", "stream", "error", "display_data", "display_data"),
                outputs.findValues("output_type").stream().map(JsonNode::asText).toList());
        assertEquals("  hello <world>\n  {\n    \"a\" : 1\n  }\n", outputs.get(0).get("text").asText(), "as the terminal showed it");
        assertTrue(outputs.get(1).at("/data/text~1html").asText().contains("<td style=\"text-align:right\">1,005</td>"));
        assertTrue(outputs.get(1).at("/data/text~1html").asText().contains("&lt;b&gt;"), "table text is escaped");
        assertTrue(outputs.get(2).at("/data/text~1html").asText().contains("background:#dcfce7"), "an added line is green");
        assertEquals("✓ it worked\n", outputs.get(3).get("text").asText());
        assertEquals("CheckFailed", outputs.get(4).get("ename").asText());
        assertEquals("it failed — because", outputs.get(4).get("evalue").asText());
        assertTrue(outputs.get(5).at("/data/image~1svg+xml").asText().startsWith("<svg"));
        assertEquals("<p>\u2197 the &lt;Map Run&gt; in the console: <a href=\"" + MAP_RUN_LINK.replace("&", "&amp;")
                + "\" target=\"_blank\" rel=\"noopener\">" + MAP_RUN_LINK.replace("&", "&amp;") + "</a></p>\n",
                outputs.get(6).at("/data/text~1html").asText(), "a console link is clickable, its text escaped");
        assertEquals("  ↗ the <Map Run> in the console: " + MAP_RUN_LINK, outputs.get(6).at("/data/text~1plain").asText());
        assertEquals("CellFailed", cells.get(4).at("/outputs/0/ename").asText());

        Path file = dir.resolve("02-run-and-fail.ipynb");
        Files.writeString(file, Notebook.text(log, new Notebook.RunInfo("02-run-and-fail", null, Instant.now())));
        var python = Jupyter.python();
        Assumptions.assumeTrue(python.isPresent(), Jupyter.NO_NBFORMAT);
        Jupyter.validate(python.get(), file);
    }

    @Test
    void theTranscriptFencesJsonAndDiffsAndLinksPictures() {
        String md = Transcript.markdown(sampleRun());
        assertTrue(md.contains("```text\n  hello <world>\n```\n\n```json\n{\n  \"a\" : 1\n}\n```"), md);
        assertTrue(md.contains("```diff\n-   \"x\": 1\n+   \"x\": 2\n```"), md);
        assertTrue(md.contains("![Chart](picture-1-chart.svg)"), md);
        assertTrue(md.contains("- ✗ it failed — because\n"), md);
        assertTrue(md.contains("- ↗ the &lt;Map Run&gt; in the console: <" + MAP_RUN_LINK + ">\n"), "a console link is an autolink: " + md);
    }

    @Test
    void aFailedRunKeepsTheLastGoodRunAndSaysSo(@TempDir Path dir) throws Exception {
        RunFiles files = new RunFiles(dir.resolve("out"), "lab.ipynb");
        RunLog good = sampleRun();
        good.summary = "✓ all 3 checks passed in 1.0 s";
        files.save(good, new Notebook.RunInfo("lab", null, Instant.now()));
        String goodTranscript = Files.readString(files.transcript());
        Path reference = Files.createFile(dir.resolve("made-with-the-umask"));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(files.notebook()),
                "the notebook has the umask's permissions");
        assertTrue(Files.getPosixFilePermissions(files.transcript()).contains(PosixFilePermission.OWNER_WRITE));

        RunLog failed = sampleRun();
        failed.summary = "✗ 1 of 3 checks failed (1.0 s)";
        files.save(failed, new Notebook.RunInfo("lab", null, Instant.now()));
        assertEquals(goodTranscript, Files.readString(dir.resolve("out/last-good/transcript.md")));
        assertTrue(Files.isRegularFile(dir.resolve("out/last-good/lab.ipynb")));
        assertTrue(Files.isRegularFile(dir.resolve("out/last-good/picture-1-chart.svg")));
        assertTrue(Files.readString(files.transcript()).startsWith("> **This run failed.** The last good run's transcript "
                + "and notebook are kept in `last-good/`."));
        assertTrue(Files.readString(files.notebook()).contains("The last good run's transcript and notebook are kept in"));

        files.save(failed, new Notebook.RunInfo("lab", null, Instant.now()));
        assertEquals(goodTranscript, Files.readString(dir.resolve("out/last-good/transcript.md")),
                "a second failure keeps the same last good run");
        files.save(good, new Notebook.RunInfo("lab", null, Instant.now()));
        assertFalse(Files.exists(dir.resolve("out/last-good")), "a good run is the last good run again");
        Files.delete(files.transcript());
        files.save(failed, new Notebook.RunInfo("lab", null, Instant.now()));
        assertTrue(Files.isRegularFile(dir.resolve("out/last-good/lab.ipynb")), "without its transcript, the notebook says it was good");
        files.save(good, new Notebook.RunInfo("lab", null, Instant.now()));
        try (var left = Files.list(dir.resolve("out"))) {
            assertEquals(Set.of("transcript.md", "lab.ipynb", "picture-1-chart.svg"),
                    Set.copyOf(left.map(p -> p.getFileName().toString()).toList()), "no temporary files left");
        }
    }

    @Test
    void chartsAreWellFormedSvgWithTheirTextEscaped() throws Exception {
        List<String> svgs = List.of(
                Charts.lines("Children <over> time & more", "seconds", "children", List.of(
                        new Charts.Series("running", Charts.BLUE, new double[] {0, 1.5, 3}, new double[] {0, 11, 0}),
                        new Charts.Series("failed", Charts.RED, new double[] {0, 1.5, 3}, new double[] {0, 0, 11}))),
                Charts.bars("Ten \"wettest\"", "mm", List.of("ASN00040869", "A&B"), List.of(5756.0, 1330.0)),
                Charts.histogram("Every station's maximum", "mm", new double[] {0, 0, 1.5, 37.8, 5756}, 25));
        for (String svg : svgs) {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", doc.getDocumentElement().getTagName());
        }
        assertTrue(svgs.get(0).contains("Children &lt;over&gt; time &amp; more"));
        assertTrue(svgs.get(1).contains(">A&amp;B</text>"));
        assertTrue(svgs.get(2).contains("<title>0 – 2: 3 stations</title>"), "bins of a round width up to the 99th percentile:\n" + svgs.get(2));
        assertTrue(svgs.get(2).contains("<title>36 – 38: 1 station</title>"));
        assertTrue(svgs.get(2).contains("<title>≥ 38: 1 station</title>"), "the outlier has its own last bar");
    }

    @Test
    void theHistoryColoursEachStateAsTheConsoleWould() {
        var failedMap = StateGraphs.statuses(List.of(
                entered(HistoryEventType.MAP_STATE_ENTERED, "Map"), event(HistoryEventType.MAP_RUN_STARTED),
                event(HistoryEventType.MAP_RUN_FAILED), event(HistoryEventType.EXECUTION_FAILED)));
        assertEquals(Map.of("Map", StateStatus.FAILED), failedMap);

        var caughtAndRetried = StateGraphs.statuses(List.of(
                entered(HistoryEventType.TASK_STATE_ENTERED, "Fetch"), event(HistoryEventType.TASK_SCHEDULED),
                event(HistoryEventType.TASK_FAILED), event(HistoryEventType.TASK_SCHEDULED), event(HistoryEventType.TASK_SUCCEEDED),
                exited(HistoryEventType.TASK_STATE_EXITED, "Fetch"),
                entered(HistoryEventType.TASK_STATE_ENTERED, "Store"), event(HistoryEventType.TASK_FAILED),
                exited(HistoryEventType.TASK_STATE_EXITED, "Store"),
                entered(HistoryEventType.PASS_STATE_ENTERED, "Handled"),
                entered(HistoryEventType.WAIT_STATE_ENTERED, "Later")));
        assertEquals(Map.of("Fetch", StateStatus.SUCCEEDED, "Store", StateStatus.CAUGHT, "Handled", StateStatus.IN_PROGRESS,
                "Later", StateStatus.IN_PROGRESS), caughtAndRetried, "a retried task succeeded; a caught failure moved on");
    }

    private static HistoryEvent event(HistoryEventType type) {
        return HistoryEvent.builder().type(type).build();
    }

    private static HistoryEvent entered(HistoryEventType type, String name) {
        return HistoryEvent.builder().type(type).stateEnteredEventDetails(d -> d.name(name)).build();
    }

    private static HistoryEvent exited(HistoryEventType type, String name) {
        return HistoryEvent.builder().type(type).stateExitedEventDetails(d -> d.name(name)).build();
    }

    static final String MAP_RUN_LINK = "http://127.0.0.1:4566/_console/map-runs/arn%3Aaws%3Astates%3Aus-east-1%3A000000000000"
            + "%3AmapRun%3AW%2FMap%3A1&x";

    /** A run of two cells: every kind of output, a failed check, and a cell stopped by a failure. */
    static RunLog sampleRun() {
        RunLog log = new RunLog("Lab 02 — sample", "./jbang labs/02-run-and-fail/RunAndFail.java --step", Instant.parse("2026-01-01T00:00:00Z"));
        log.notes.add("target local · http://127.0.0.1:4566 · us-east-1");
        log.startCell(1, "Read", "The first cell, with <data bucket> & co.", "book.println(\"hello\");");
        log.text("  hello <world>");
        log.output(new RunLog.Json(List.of("  {", "    \"a\" : 1", "  }")));
        log.output(new RunLog.Table(List.of("station", "count"), List.of(List.of("<b>", 1005)), List.of("  station  count", "  <b>  1,005")));
        log.output(new RunLog.Diff(List.of("-   \"x\": 1", "+   \"x\": 2")));
        log.output(new RunLog.Check("✓ it worked", true));
        log.output(new RunLog.Check("✗ it failed — because", false));
        log.output(new RunLog.Picture("Chart", Charts.bars("Chart", "mm", List.of("a"), List.of(1.0)), "picture-1-chart.svg"));
        log.output(new RunLog.ConsoleLink("the <Map Run>", "the console", MAP_RUN_LINK));
        log.endCell("0.1 s", true);
        log.startCell(2, "Stop", "", "throw book.stop(\"no\");");
        log.output(new RunLog.Failure("✗ no"));
        log.endCell("0.0 s", true);
        log.summary = "✗ 2 of 3 checks failed (0.2 s)";
        return log;
    }

    static int lineOf(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        assertTrue(m.find(), needle);
        return (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
    }
}
