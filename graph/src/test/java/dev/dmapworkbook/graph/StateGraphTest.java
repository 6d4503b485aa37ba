package dev.dmapworkbook.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Golden structure of the graphs of the workshop's three definitions and of nested Parallel / Map / Choice / Catch. */
class StateGraphTest {
    private static final Path REPO = Path.of("..");

    static String lab02() throws IOException {
        return Files.readString(REPO.resolve("labs/02-run-and-fail/workflow.asl.json"));
    }

    static String nested() throws IOException {
        return Files.readString(Path.of("src/test/resources/graph/nested.asl.json"));
    }

    /** Lab 00's definition, as template.yaml declares it (the YAML reader keeps short-form tags' values as text). */
    static String helloDmap() throws IOException {
        var template = new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("template.yaml").toFile());
        return template.path("Resources").path("HelloDmapStateMachine").path("Properties").path("Definition").toString();
    }

    @Test
    void lab02DrawsTheDistributedMapWithoutBatchInput() throws IOException {
        Svg svg = new Svg(StateGraph.svg(lab02()));
        assertEquals(List.of("Map", "Lambda Invoke"), svg.stateNames());
        Element map = svg.state("Map");
        assertEquals("Map", map.getAttribute("data-type"));
        assertEquals(List.of("Map", "Map \u00b7 Distributed",
                "ItemReader: s3:listObjectsV2 \u00b7 Bucket.$=$.bucket, Prefix.$=$.prefix",
                "ItemBatcher: MaxItemsPerBatch 100 \u00b7 BatchInput none",
                "MaxConcurrency: 1000",
                "Tolerated failures: none (any failed child fails the Map)",
                "ResultWriter: s3:putObject \u00b7 Bucket=${ResultsBucketName}, Prefix=results",
                "Label: Map"), Svg.ownTexts(map));
        Element task = svg.state("Lambda Invoke");
        assertEquals(List.of("Map/Child workflow (STANDARD)"), Svg.nesting(task));
        assertEquals(List.of("Lambda Invoke", "Task \u00b7 lambda:invoke"), Svg.ownTexts(task));
        assertEquals(List.of("(start) -> Map [START]", "Map -> (end) [END]"), svg.edges());
        assertEquals(1, svg.all("//g[contains(@class,'sg-marker') and contains(@class,'sg-start')]").size());
        assertEquals(1, svg.all("//g[contains(@class,'sg-marker') and contains(@class,'sg-end')]").size());
        assertTrue(svg.all("//g[@class='sg-legend']").isEmpty(), "no legend without statuses");
        assertTrue(svg.all("//*[@data-status]").isEmpty(), "no colours without statuses");
    }

    @Test
    void lab03DrawsItsBatchInput() throws IOException {
        String fixed = Files.readString(REPO.resolve("labs/03-fix-batchinput/workflow-fixed.asl.json"));
        Element map = new Svg(StateGraph.svg(fixed)).state("Map");
        assertTrue(Svg.ownTexts(map).contains("ItemBatcher: MaxItemsPerBatch 100 \u00b7 BatchInput Bucket.$=$.bucket"),
                Svg.ownTexts(map).toString());
    }

    @Test
    void helloDmapDrawsTheCsvReaderToleranceAndExpressChildren() throws IOException {
        Svg svg = new Svg(StateGraph.svg(helloDmap()));
        Element map = svg.state("Map");
        List<String> texts = Svg.ownTexts(map);
        // A note longer than the box's 80 columns continues on an indented line.
        int reader = texts.indexOf("ItemReader: s3:getObject \u00b7 ReaderConfig InputType=CSV,");
        assertTrue(reader > 0, texts.toString());
        assertEquals("  CSVHeaderLocation=FIRST_ROW \u00b7 Bucket=${HelloDmapDataBucket}, Key.$=$.key", texts.get(reader + 1));
        assertTrue(texts.contains("ItemBatcher: MaxItemsPerBatch 1000 \u00b7 BatchInput none"), texts.toString());
        assertTrue(texts.contains("Tolerated failures: 1 %"), texts.toString());
        assertTrue(texts.contains("ResultWriter: s3:putObject \u00b7 Bucket=${HelloDmapResultsBucket}, Prefix.$=$.output"),
                texts.toString());
        assertEquals(List.of("Map/Child workflow (EXPRESS)"), Svg.nesting(svg.state("Filter for highly rated reviews")));
    }

    @Test
    void choiceEdgesAreLabelledByRuleAndCatchEdgesAreDashedAndLabelledByError() throws IOException {
        Svg svg = new Svg(StateGraph.svg(nested()));
        assertEquals(List.of(
                "(start) -> Route [START]",
                "Route -> Fan out [CHOICE] $.kind == \"batch\"",
                "Route -> Give up [CHOICE] ($.count > 10) and ($.urgent is present)",
                "Route -> Fan out [DEFAULT] Default",
                "Fan out -> Call [NEXT]",
                "Fan out -> Recover [CATCH] States.TaskFailed, States.Timeout",
                "Call -> Done [NEXT]",
                "Call -> Recover [CATCH] States.ALL",
                "Recover -> Give up [NEXT]",
                "Give up -> (end) [END]",
                "Done -> (end) [END]"), svg.edges());
        for (Element edge : svg.all("//g[contains(@class,'sg-edge')]")) {
            boolean isCatch = "CATCH".equals(edge.getAttribute("data-kind"));
            assertEquals(isCatch, edge.getAttribute("class").contains("sg-catch"), edge.getAttribute("data-from"));
            assertEquals(isCatch ? "url(#sg-arrow-catch)" : "url(#sg-arrow)",
                    Svg.children(edge, "path").get(0).getAttribute("marker-end"));
        }
        String style = svg.all("//style").get(0).getTextContent();
        assertTrue(style.contains(".sg .sg-catch path{stroke:#d13212;stroke-dasharray:6 4}"), style);
    }

    @Test
    void parallelBranchesAndMapProcessorsAreNestedBoxes() throws IOException {
        Svg svg = new Svg(StateGraph.svg(nested()));
        assertEquals(List.of("Fan out/Branch 2", "Inner/Branch 1"), Svg.nesting(svg.state("Left")));
        assertEquals(List.of("Fan out/Branch 2", "Inner/Branch 2"), Svg.nesting(svg.state("Right")));
        assertEquals(List.of("Fan out/Branch 1", "Each item/Item processor"), Svg.nesting(svg.state("Double")));
        assertEquals(List.of("Each item", "Map \u00b7 Inline", "ItemsPath: $.items", "MaxConcurrency: 5"),
                Svg.ownTexts(svg.state("Each item")));
        assertEquals(List.of("Call", "Task \u00b7 lambda Worker"), Svg.ownTexts(svg.state("Call")));
        // A nested box lies inside its parent: the branch boxes' rectangles fit in the Parallel's rectangle.
        Element fanOut = svg.state("Fan out");
        double width = Double.parseDouble(Svg.children(fanOut, "rect").get(0).getAttribute("width"));
        for (Element scope : Svg.children(fanOut, "g")) {
            String[] at = scope.getAttribute("transform").replaceAll("[^0-9.,]", "").split(",");
            double right = Double.parseDouble(at[0]) + Double.parseDouble(Svg.children(scope, "rect").get(0).getAttribute("width"));
            assertTrue(right <= width, scope.getAttribute("data-scope") + " ends at " + right + " outside " + width);
        }
    }

    @Test
    void statusesColourTheStatesAndTheLegendNamesThemAll() throws IOException {
        Svg svg = new Svg(StateGraph.svg(nested(), Map.of("Route", StateStatus.SUCCEEDED, "Fan out", StateStatus.CAUGHT,
                "Left", StateStatus.FAILED, "Recover", StateStatus.IN_PROGRESS)));
        assertEquals("SUCCEEDED", svg.state("Route").getAttribute("data-status"));
        assertEquals("CAUGHT", svg.state("Fan out").getAttribute("data-status"));
        assertEquals("FAILED", svg.state("Left").getAttribute("data-status"));
        assertEquals("IN_PROGRESS", svg.state("Recover").getAttribute("data-status"));
        assertEquals("NOT_REACHED", svg.state("Done").getAttribute("data-status"));
        assertTrue(svg.state("Left").getAttribute("class").contains("sg-failed"));
        assertEquals(List.of("SUCCEEDED", "FAILED", "CAUGHT", "IN_PROGRESS", "NOT_REACHED"),
                svg.all("//g[@class='sg-legend']/g").stream().map(e -> e.getAttribute("data-legend")).toList());
        assertEquals(List.of("Succeeded", "Failed", "Caught", "In progress", "Not reached"),
                svg.all("//g[@class='sg-legend']/g/text").stream().map(Element::getTextContent).toList());
        String style = svg.all("//style").get(0).getTextContent();
        assertTrue(style.contains(".sg .sg-failed>.sg-box,.sg .sg-legend .sg-failed{fill:#fde9e7;stroke:#d13212}"), style);
        assertTrue(style.contains(".sg .sg-succeeded>.sg-box,.sg .sg-legend .sg-succeeded{fill:#e9f6ea;stroke:#1d8102}"), style);
    }

    @Test
    void stateNamesAndLabelsAreTextNeverMarkup() {
        String evil = "<img src=x onerror=alert(1)>";
        String definition = """
                {"StartAt": "%1$s", "States": {
                  "%1$s": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEquals": "</text><script>x</script>",
                    "Next": "Quote \\" & 'amp'"}], "Default": "Quote \\" & 'amp'"},
                  "Quote \\" & 'amp'": {"Type": "Succeed"}}}""".formatted(evil);
        String raw = StateGraph.svg(definition, Map.of(evil, StateStatus.FAILED));
        Svg svg = new Svg(raw);
        assertTrue(svg.all("//img").isEmpty() && svg.all("//script").isEmpty(), raw);
        assertEquals(evil, Svg.ownTexts(svg.state(evil)).get(0));
        assertEquals("FAILED", svg.state(evil).getAttribute("data-status"));
        assertEquals("Quote \" & 'amp'", Svg.ownTexts(svg.state("Quote \" & 'amp'")).get(0));
        assertTrue(svg.edges().contains(evil + " -> Quote \" & 'amp' [CHOICE] $.a == \"</text><script>x</script>\""),
                svg.edges().toString());
    }

    @Test
    void whatCannotBeDrawnIsRefusedWithItsJsonPointer() {
        var bad = assertThrows(IllegalArgumentException.class, () -> StateGraph.svg(
                "{\"StartAt\":\"A\",\"States\":{\"A/B\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"},\"A\":{\"Type\":\"Pass\",\"End\":true}}}"));
        assertEquals("Invalid state machine definition at /States/A~1B/Next: names no state of this scope: 'Nowhere'",
                bad.getMessage());
        var notJson = assertThrows(IllegalArgumentException.class, () -> StateGraph.svg("{\"StartAt\":"));
        assertTrue(notJson.getMessage().startsWith("The state machine definition is not JSON"), notJson.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> StateGraph.svg(
                "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Teleport\",\"End\":true}}}"));
        assertEquals("Invalid state machine definition at /States/A/Type: is not a state type the graph knows: 'Teleport'",
                type.getMessage());
    }

    @Test
    void everyLabelAndBoxLiesInsideTheViewBox() throws IOException {
        String choices = Files.readString(Path.of("src/test/resources/graph/choices.asl.json"));
        Map<String, Map<String, StateStatus>> colourings = Map.of("uncoloured", Map.of(),
                "coloured", Map.of("Which way", StateStatus.SUCCEEDED));
        for (var definition : Map.of("lab 02", lab02(), "lab 00", helloDmap(), "nested", nested(), "long choices", choices,
                "lab 03", Files.readString(REPO.resolve("labs/03-fix-batchinput/workflow-fixed.asl.json"))).entrySet()) {
            for (var colouring : colourings.entrySet()) {
                String drawn = colouring.getValue().isEmpty() ? StateGraph.svg(definition.getValue())
                        : StateGraph.svg(definition.getValue(), colouring.getValue());
                Svg svg = new Svg(drawn);
                double[] view = svg.viewBox();
                List<Element> boxes = svg.all("//rect");
                assertTrue(boxes.size() > 3, definition.getKey());
                for (Element rect : boxes) {
                    double[] box = svg.absoluteBox(rect);
                    String what = definition.getKey() + " (" + colouring.getKey() + "): " + svg.describe(rect) + " at "
                            + java.util.Arrays.toString(box) + ", viewBox " + java.util.Arrays.toString(view);
                    assertTrue(box[0] >= view[0] - 0.05 && box[1] >= view[1] - 0.05, what);
                    assertTrue(box[0] + box[2] <= view[0] + view[2] + 0.05 && box[1] + box[3] <= view[1] + view[3] + 0.05, what);
                }
            }
        }
    }
}
