package dev.dmapworkbook.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a learner would check in a lab's executed notebook ({@code NN-name.ipynb} in its folder, {@link LearnerPathTest#outDir}). */
final class NotebookChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern README_CELL = Pattern.compile("(?m)^(\\d+)\\. \\*\\*");
    private static final Pattern NOTEBOOK_CELL = Pattern.compile("^## (\\d+)\\. ");

    private NotebookChecks() {
    }

    static Path notebook(String lab) {
        return notebook(LearnerPathTest.outDir(lab), lab);
    }

    /** {@code NN-name.ipynb} in {@code outDir}, the lab's folder under a local cloud's {@code workbook/}. */
    static Path notebook(Path outDir, String lab) {
        Path file = outDir.resolve(lab + ".ipynb");
        assertTrue(Files.isRegularFile(file), "no notebook at " + file);
        return file;
    }

    /** Valid against the nbformat 4 schema (python3-nbformat), then converted by {@code jupyter nbconvert --to html}. */
    static void validAndConverts(Path notebook, Path htmlDir) throws Exception {
        Optional<String> python = Jupyter.python();
        Assumptions.assumeTrue(python.isPresent(), Jupyter.NO_NBFORMAT);
        Jupyter.validate(python.get(), notebook);
        Assumptions.assumeTrue(Jupyter.nbconvert(), Jupyter.NO_NBCONVERT);
        String html = Files.readString(Jupyter.toHtml(notebook, htmlDir));
        assertTrue(html.contains("jp-Notebook"), "nbconvert wrote a notebook page");
    }

    /**
     * The code cells hold text that really is in the lab's source, in execution order, and the markdown cells'
     * numbers are the README's.
     */
    static void sourcesAndNumbers(String lab) throws Exception {
        sourcesAndNumbers(lab, notebook(lab));
    }

    /** {@link #sourcesAndNumbers(String)} of lab {@code lab}'s notebook at {@code file}. */
    static void sourcesAndNumbers(String lab, Path file) throws Exception {
        JsonNode nb = JSON.readTree(file.toFile());
        Path dir = Paths.root().resolve("labs").resolve(lab);
        String source = labSource(dir);
        List<Integer> numbers = new ArrayList<>();
        int execution = 0;
        for (JsonNode cell : nb.get("cells")) {
            String text = cell.get("source").asText();
            if (cell.get("cell_type").asText().equals("markdown")) {
                Matcher m = NOTEBOOK_CELL.matcher(text);
                if (m.find()) {
                    numbers.add(Integer.parseInt(m.group(1)));
                }
                continue;
            }
            assertEquals(++execution, cell.get("execution_count").asInt(), lab + ": execution counts in order");
            assertFalse(text.isBlank(), lab + ": code cell " + execution + " holds its source");
            for (String line : text.split("\n")) {
                assertTrue(source.contains(line.strip()), lab + ": code cell " + execution + "'s line is not in the lab's source: " + line);
            }
        }
        List<Integer> readme = new ArrayList<>();
        Matcher m = README_CELL.matcher(Files.readString(dir.resolve("README.md")));
        // The README's cell list is its first numbered list; later lists (lab 02's failures on demand) number their own steps.
        while (m.find()) {
            int number = Integer.parseInt(m.group(1));
            if (!readme.isEmpty() && number <= readme.get(readme.size() - 1)) {
                break;
            }
            readme.add(number);
        }
        assertEquals(readme, numbers, lab + ": the notebook's cell numbers are the README's");
        assertEquals("java", nb.at("/metadata/kernelspec/language").asText());
        assertEquals("local", nb.at("/metadata/dmap_workbook/target").asText());
        assertTrue(nb.at("/metadata/dmap_workbook/command").asText().startsWith("./jbang labs/" + lab + "/"));
    }

    /** The state graph picture (an SVG output) in which {@code state} has {@code status}; fails when there is none. */
    static String graphWith(String lab, String state, String status) throws Exception {
        JsonNode nb = JSON.readTree(notebook(lab).toFile());
        TreeSet<String> seen = new TreeSet<>();
        for (JsonNode svg : nb.findValues("image/svg+xml")) {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.asText().getBytes(StandardCharsets.UTF_8)));
            NodeList groups = doc.getElementsByTagName("g");
            for (int i = 0; i < groups.getLength(); i++) {
                Element g = (Element) groups.item(i);
                if (g.getAttribute("data-state").equals(state)) {
                    seen.add(g.getAttribute("data-status"));
                    if (g.getAttribute("data-status").equals(status)) {
                        return svg.asText();
                    }
                }
            }
        }
        throw new AssertionError(lab + "'s notebook has no state graph with " + state + " " + status + " (seen: " + seen + ")");
    }

    private static String labSource(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                if (text.contains("Workbook.open(")) {
                    return text;
                }
            }
        }
        throw new AssertionError("no lab script in " + dir);
    }
}
