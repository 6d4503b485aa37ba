package dev.dmapworkbook.localcloud.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.dataset.NoaaDatasetGenerator;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.core.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunExecutionCounts;

/**
 * The console in a real headless browser (Debian's chromium over the DevTools protocol): a run that fails like lab
 * 02 explored as a learner would, page by page, each page's screenshot under {@code target/console-screenshots/};
 * and a state named like an XSS payload shown as text. Skips when chromium is absent.
 */
class ConsoleBrowserTest {
    static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final String BUCKET = "multi-file-data-bucket";

    @TempDir
    Path temp;

    @Test
    void aStateNamedLikeMarkupIsShownAsTextAndRunsNoScript() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(temp.resolve("cloud")));
             SfnClient sfn = SdkClients.client(SfnClient.builder(), cloud.endpoint());
             Chromium browser = Chromium.start(temp.resolve("chromium"))) {
            String sm = sfn.createStateMachine(r -> r.name("xss").definition(ConsolePagesTest.DEFINITION)
                    .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
            String execution = sfn.startExecution(r -> r.stateMachineArn(sm).input("{\"html\":\"<b onmouseover=alert(2)>hi</b>\"}"))
                    .executionArn();
            ConsolePagesTest.await(sfn, execution, java.time.Duration.ofMinutes(3)); // generous: a loaded machine
            String base = cloud.endpoint() + "/_console/";
            for (String page : List.of(Html.href("state-machines", sm), Html.href("executions", execution))) {
                browser.open(cloud.endpoint() + page);
                assertEquals(0, browser.eval("document.querySelectorAll('img, b, script:not([src])').length").asInt(),
                        "no element came from user data on " + page);
                assertTrue(browser.eval("[...document.querySelectorAll('svg g.sg-state text')].some(t => t.textContent === "
                        + "'<img src=x onerror=alert(1)>')").asBoolean(), "the state's name is drawn as text on " + page);
            }
            assertTrue(browser.text("document.body.innerText").contains("<b onmouseover=alert(2)>hi</b>"));
            assertFalse(browser.events.contains("Page.javascriptDialogOpening"), "no alert() ran");
            browser.screenshot(SHOTS.resolve("xss-execution.png"));
            browser.open(base);
            assertTrue(browser.text("document.body.innerText").contains("xss"));
        }
    }

    @Test
    void aRunThatFailsLikeLab02CanBeExploredPageByPage() throws Exception {
        Path zip = workshopZip();
        Path jar = Path.of(System.getProperty("lambda.jar", "../lambda/target/high-precipitation-lambda.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), jar + " absent (build the lambda module): skipping the lab 02 browser test");
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(temp.resolve("cloud")));
             SfnClient sfn = SdkClients.client(SfnClient.builder(), cloud.endpoint());
             Chromium browser = Chromium.start(temp.resolve("chromium"))) {
            Lab02 run = Lab02.fail(cloud, sfn, zip, jar);
            String base = cloud.endpoint().toString();

            browser.open(base + Html.href("executions", run.execution));
            String page = browser.text("document.body.innerText");
            assertTrue(page.contains("Execution status: FAILED"), page);
            assertTrue(page.contains("States.ExceedToleratedFailureThreshold"), page);
            assertEquals("FAILED", browser.text("document.querySelector('g.sg-state[data-state=\"Map\"]').getAttribute('data-status')"));
            browser.screenshot(SHOTS.resolve("1-execution.png"));

            browser.navigateBy("document.querySelector('a[href*=\"/map-runs/\"]').click()");
            MapRunExecutionCounts counts = sfn.describeMapRun(r -> r.mapRunArn(run.mapRun)).executionCounts();
            assertEquals(String.valueOf(counts.total()), counter(browser, "executionCounts.total"));
            assertEquals(String.valueOf(counts.failed()), counter(browser, "executionCounts.failed"));
            assertEquals("1005", counter(browser, "itemCounts.total"));
            assertTrue(browser.text("document.body.innerText").contains("Map Run status: FAILED"));
            assertTrue(browser.eval("[...document.querySelectorAll('table.result-files a')].some(a => a.innerText === "
                    + "'FAILED_0.json')").asBoolean(), "the failed run's FAILED_0.json is linked");
            browser.screenshot(SHOTS.resolve("2-map-run.png"));

            browser.navigateBy("document.querySelector('select[name=status]').value = 'FAILED';"
                    + " document.querySelector('form.filter').submit()");
            List<String> shown = Chromium.lines(browser.eval("[...document.querySelectorAll('table.children tr td:first-child')]"
                    + ".map(td => td.innerText)"));
            List<String> failed = sfn.listExecutions(r -> r.mapRunArn(run.mapRun).statusFilter(ExecutionStatus.FAILED))
                    .executions().stream().map(ExecutionListItem::name).toList();
            assertFalse(failed.isEmpty());
            assertEquals(failed, shown, "filtering FAILED lists the failed children");
            assertEquals(List.of("FAILED"), Chromium.lines(browser.eval("[...new Set([...document.querySelectorAll("
                    + "'table.children .status')].map(s => s.innerText))]")));
            browser.screenshot(SHOTS.resolve("3-map-run-failed-children.png"));

            browser.navigateBy("document.querySelector('table.children a').click()");
            JsonNode input = Json.parse(browser.text("document.querySelector('.io section pre').innerText"));
            assertEquals(List.of("Items"), fields(input), "the child's input holds only the listing entries, no bucket");
            assertEquals(List.of("Etag", "Key", "LastModified", "Size", "StorageClass"), fields(input.path("Items").get(0)));
            String child = browser.text("document.body.innerText");
            assertTrue(child.contains("BatchInput"), "the Lambda's error names BatchInput: " + child);
            assertTrue(child.contains("Map Run"), "the breadcrumb leads back to the Map Run");
            assertEquals("Lambda Invoke", browser.text("[...document.querySelectorAll('table.events tr')]"
                    + ".find(r => r.cells[1].innerText === 'TaskFailed').cells[2].innerText"), "the event view names the step");
            assertEquals("", browser.text("[...document.querySelectorAll('table.events tr')]"
                    + ".find(r => r.cells[1].innerText === 'ExecutionFailed').cells[2].innerText"), "the execution's own events have no step");
            browser.screenshot(SHOTS.resolve("4-failed-child.png"));

            browser.navigateBy("document.querySelector('a[href*=\"/functions/\"]').click()");
            String logs = browser.text("document.body.innerText");
            assertTrue(logs.contains("START RequestId:") && logs.contains("END RequestId:"), logs);
            assertTrue(logs.contains("RESULTS_DYNAMODB_TABLE_NAME"), "the environment's variable names: " + logs);
            browser.screenshot(SHOTS.resolve("5-function-logs.png"));
        }
    }

    /** Drawn with the browser's real fonts, no text leaves the picture, its label's background or its state's box. */
    @Test
    void everyTextOfAGraphLiesInsideThePictureAndItsBox() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(temp.resolve("cloud")));
             SfnClient sfn = SdkClients.client(SfnClient.builder(), cloud.endpoint());
             Chromium browser = Chromium.start(temp.resolve("chromium"))) {
            Path graphs = Path.of("..", "graph", "src", "test", "resources", "graph");
            for (String name : List.of("choices", "nested")) {
                String definition = Files.readString(graphs.resolve(name + ".asl.json"));
                String sm = sfn.createStateMachine(r -> r.name(name).definition(definition)
                        .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
                browser.open(cloud.endpoint() + Html.href("state-machines", sm));
                assertTrue(browser.eval("document.querySelectorAll('svg.sg text').length").asInt() > 10, name);
                List<String> outside = Chromium.lines(browser.eval(OVERFLOWING));
                assertEquals(List.of(), outside, name + ": texts outside the picture or their box");
                assertTrue(browser.eval("document.querySelector('.graph svg').getBoundingClientRect().right"
                        + " <= document.querySelector('.graph').getBoundingClientRect().right").asBoolean(),
                        name + ": the whole graph shows, however wide, nothing hidden past the page's right edge");
                browser.screenshot(SHOTS.resolve("graph-" + name + ".png"));
            }
        }
    }

    /**
     * Every text of every graph whose drawn box is not inside the SVG's box, or (an arrow's label, a state's name) not
     * inside the rect drawn behind it; each as "text: why".
     */
    private static final String OVERFLOWING = """
            [...document.querySelectorAll('svg.sg')].flatMap(svg => {
              const pic = svg.getBoundingClientRect();
              const inside = (r, b) => r.left >= b.left - 0.5 && r.right <= b.right + 0.5 && r.top >= b.top - 0.5
                  && r.bottom <= b.bottom + 0.5;
              return [...svg.querySelectorAll('text')].flatMap(t => {
                const r = t.getBoundingClientRect();
                const box = t.parentNode.querySelector(':scope > rect');
                if (!inside(r, pic)) return [t.textContent + ': outside the picture'];
                if (box && !t.closest('.sg-legend') && !inside(r, box.getBoundingClientRect()))
                  return [t.textContent + ': outside its box'];
                return [];
              });
            })""";

    private static String counter(Chromium browser, String name) {
        return browser.text("document.querySelector('[data-counter=\"" + name + "\"]').innerText");
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The workshop's noah.zip when ../shared/data has it, else the labs' offline stand-in (1,005 stations in the same
     * layout, from labs/dataset/NoaaDatasetGenerator.java as a learner without network gets it), so this test
     * never skips for want of data.
     */
    private Path workshopZip() throws Exception {
        Path shared = Path.of(System.getProperty("shared.data", "../../shared/data"), "noaa-sample", "noah.zip");
        if (Files.isRegularFile(shared)) {
            return shared;
        }
        Path out = temp.resolve("dataset");
        new NoaaDatasetGenerator().writeZip(out);
        return out.resolve("noah.zip");
    }

    /** Lab 02 as the workshop runs it, through the SDK: the stations, the function, the workflow without BatchInput. */
    record Lab02(String execution, String mapRun) {
        static Lab02 fail(LocalCloud cloud, SfnClient sfn, Path zip, Path jar) throws Exception {
            try (S3Client s3 = SdkClients.client(S3Client.builder().forcePathStyle(true), cloud.endpoint());
                 LambdaClient lambda = SdkClients.client(LambdaClient.builder(), cloud.endpoint())) {
                s3.createBucket(r -> r.bucket(BUCKET));
                s3.createBucket(r -> r.bucket("results-bucket"));
                try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
                    for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                        if (e.getName().endsWith(".csv")) {
                            String key = "csv/by_station/" + e.getName().substring(e.getName().lastIndexOf('/') + 1);
                            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(entries.readAllBytes()));
                        }
                    }
                }
                byte[] code = readAll(jar);
                String function = lambda.createFunction(r -> r.functionName("HighPrecipitationFunction").runtime(Runtime.JAVA17)
                        .role("arn:aws:iam::000000000000:role/HighPrecipitationFunctionRole")
                        .handler("dev.dmapworkbook.lambda.HighPrecipitationHandler::handleRequest").timeout(60).memorySize(1024)
                        .environment(e -> e.variables(Map.of("RESULTS_DYNAMODB_TABLE_NAME", "HighPrecipitationTable")))
                        .code(b -> b.zipFile(SdkBytes.fromByteArray(code)))).functionArn();
                String definition = Files.readString(Path.of("..", "labs", "02-run-and-fail", "workflow.asl.json"))
                        .replace("${HighPrecipitationFunctionArn}", function).replace("${ResultsBucketName}", "results-bucket");
                String sm = sfn.createStateMachine(r -> r.name("FindHighPrecipitationWorkflow").definition(definition)
                        .roleArn("arn:aws:iam::000000000000:role/StatesHighPrecipitationRole")).stateMachineArn();
                String execution = sfn.startExecution(r -> r.stateMachineArn(sm)
                        .input("{\"bucket\":\"" + BUCKET + "\",\"prefix\":\"csv/by_station\"}")).executionArn();
                ConsolePagesTest.await(sfn, execution, java.time.Duration.ofMinutes(5));
                assertEquals(ExecutionStatus.FAILED, sfn.describeExecution(r -> r.executionArn(execution)).status());
                return new Lab02(execution, sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns().get(0).mapRunArn());
            }
        }

        private static byte[] readAll(Path file) throws java.io.IOException {
            return Files.readAllBytes(file);
        }
    }
}
