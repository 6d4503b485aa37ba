package dev.dmapworkbook.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * Issue 15: the console's pages for a Distributed Map of 10,000 STANDARD children, fetched over HTTP as a browser
 * does (server render time plus transfer, on the loopback): the parent's execution page, the Map Run page, its
 * FAILED filter and its second page of children, and the live JSON a running page polls. Goal: each under 1 s.
 */
final class ConsolePages implements Benchmark {
    static final String DEFINITION = """
            {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1000,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
              "ResultSelector": {"count.$": "States.ArrayLength($)"}, "End": true}}}""";

    @Override
    public void run(Suite suite) throws Exception {
        int children = suite.options().size(10_000, 1_000);
        String input = IntStream.range(0, children).mapToObj(Integer::toString).collect(Collectors.joining(",", "{\"items\":[", "]}"));
        try (CloudProcess cloud = CloudProcess.start(suite.project());
             SfnClient sfn = Clients.local(SfnClient.builder(), cloud.endpoint())) {
            String arn = sfn.createStateMachine(r -> r.name("BenchConsole").type(StateMachineType.STANDARD).definition(DEFINITION)
                    .roleArn("arn:aws:iam::000000000000:role/bench")).stateMachineArn();
            long t0 = System.nanoTime();
            String execution = sfn.startExecution(r -> r.stateMachineArn(arn).input(input)).executionArn();
            DescribeExecutionResponse done = Executions.await(sfn, execution, Duration.ofMinutes(20));
            if (done.status() != ExecutionStatus.SUCCEEDED) {
                throw new NotMeasured("the Map of " + children + " children ended " + done.status() + ": " + done.cause());
            }
            System.out.printf("  %,d STANDARD children ran in %.1f s (not measured)%n", children, (System.nanoTime() - t0) / 1e9);
            String mapRun = sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns().get(0).mapRunArn();
            String base = cloud.endpoint() + "/_console/";
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("consoleExecution", base + "executions/" + segment(execution));
            pages.put("consoleMapRun", base + "map-runs/" + segment(mapRun));
            pages.put("consoleMapRunFailed", base + "map-runs/" + segment(mapRun) + "?status=FAILED");
            pages.put("consoleMapRunPage2", base + "map-runs/" + segment(mapRun) + "?page=" + nextPage(get(pages.get("consoleMapRun"))));
            pages.put("consoleLive", base + "live/executions/" + segment(execution));
            for (Map.Entry<String, String> page : pages.entrySet()) {
                measure(suite, page.getKey(), page.getValue(), children);
            }
        }
    }

    private static void measure(Suite suite, String key, String url, int children) throws Exception {
        String what = key.replace("console", "").replaceAll("([A-Z0-9])", " $1").trim().toLowerCase();
        Figure figure = suite.report().figure(key, String.format("console %s page, %,d children", what, children), "ms",
                Goal.atMost(1000, "ms"));
        get(url); // warm-up, not counted
        for (int run = 0; run < Math.max(3, suite.options().runs()); run++) {
            long t = System.nanoTime();
            int bytes = get(url).length();
            double ms = (System.nanoTime() - t) / 1e6;
            figure.add(ms);
            System.out.printf("  %s: %.0f ms (%,d characters)%n", what, ms, bytes);
        }
        suite.report().show(key);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new NotMeasured(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The Map Run page's "Next page" token, as its link carries it. */
    private static String nextPage(String html) throws NotMeasured {
        Matcher m = Pattern.compile("[?&]amp;page=([^\"&]+)|[?&]page=([^\"&]+)").matcher(html);
        if (!m.find()) {
            throw new NotMeasured("the Map Run page has no next page");
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static String segment(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }
}
