package dev.dmapworkbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 9 items 1 and 2. The workbook: labs 01 → 04 through {@code ./jbang}, as a learner runs them, on a fresh
 * local cloud each run (the real noah.zip via {@code --dataset-zip} when ../shared has it, else the generated
 * dataset); JBang compiles each lab first ({@code --help}, not counted), so that its cache is warm. The orchestration overhead:
 * lab 03's fixed workflow (its execution's own duration) ÷ the same handler called directly in one fresh JVM over
 * the same keys in batches of 100, against the same local S3 and DynamoDB, right after lab 04.
 */
final class Workbook implements Benchmark {
    static final String[][] LABS = {
            {"01", "labs/01-deploy/Deploy.java"},
            {"02", "labs/02-run-and-fail/RunAndFail.java"},
            {"03", "labs/03-fix-batchinput/FixBatchInput.java"},
            {"04", "labs/04-verify/Verify.java"}};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void run(Suite suite) throws Exception {
        Options o = suite.options();
        Dataset chosen = dataset(suite);
        List<String> dataset = chosen.args();
        String source = chosen.source();
        Report report = suite.report();
        Figure total = report.figure("workbook", "workbook labs 01→04, " + source, "s", Goal.atMost(45, "s"));
        Map<String, Figure> perLab = new HashMap<>();
        for (String[] lab : LABS) {
            perLab.put(lab[0], report.figure("lab" + lab[0], "  lab " + lab[0], "s", null));
        }
        Figure workflow = report.figure("workflow", "lab 03's workflow execution", "s", null);
        Figure direct = report.figure("direct", "the handler called directly, same keys, batches of 100", "s", null);
        Figure overhead = report.figure("overhead", "orchestration overhead (workflow ÷ direct)", "×", Goal.atMost(1.2, "×"));
        System.out.println("  dataset: " + source + "; local cloud: " + CloudProcess.launcherNote(suite.project()));
        for (int run = 0; run < o.runs(); run++) {
            try (CloudProcess cloud = CloudProcess.start(suite.project())) {
                if (run == 0) {
                    for (String[] lab : LABS) {
                        Labs.compile(suite, cloud, lab[1]);
                    }
                }
                List<Double> times = new ArrayList<>();
                for (String[] lab : LABS) {
                    times.add(Labs.run(suite, cloud, lab[1], lab[0].equals("01") ? dataset : List.of()));
                }
                double sum = times.stream().mapToDouble(Double::doubleValue).sum();
                total.add(sum);
                for (int i = 0; i < LABS.length; i++) {
                    perLab.get(LABS[i][0]).add(times.get(i));
                }
                double workflowSeconds = workflowSeconds(cloud);
                double directSeconds = directSeconds(suite, cloud);
                workflow.add(workflowSeconds);
                direct.add(directSeconds);
                overhead.add(workflowSeconds / directSeconds);
                System.out.printf("  run %d: %.1f s (01 %.1f, 02 %.1f, 03 %.1f, 04 %.1f); workflow %.2f s, direct %.2f s → %.2f×%n",
                        run + 1, sum, times.get(0), times.get(1), times.get(2), times.get(3), workflowSeconds, directSeconds,
                        workflowSeconds / directSeconds);
            }
        }
        for (String key : List.of("workbook", "lab01", "lab02", "lab03", "lab04", "workflow", "direct", "overhead")) {
            report.show(key);
        }
    }

    /** Lab 01's dataset options, and what they give. */
    private record Dataset(List<String> args, String source) {
    }

    private static Dataset dataset(Suite suite) {
        if (suite.options().quick()) {
            return new Dataset(List.of("--offline", "--stations", "100"), "100 generated stations");
        }
        if (suite.project().noahZip().isPresent()) {
            return new Dataset(List.of("--dataset-zip", suite.project().noahZip().get().toString()), "the real noah.zip");
        }
        return new Dataset(List.of("--offline"), "the generated dataset (no noah.zip here)");
    }

    private static double workflowSeconds(CloudProcess cloud) throws Exception {
        try (SfnClient sfn = Clients.local(SfnClient.builder(), cloud.endpoint())) {
            var newest = Executions.newest(sfn, "FindHighPrecipitationWorkflow", false, ExecutionStatus.SUCCEEDED)
                    .orElseThrow(() -> new NotMeasured("lab 03 left no SUCCEEDED FindHighPrecipitationWorkflow execution"));
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(newest.executionArn()));
            return Executions.seconds(d);
        }
    }

    private static double directSeconds(Suite suite, CloudProcess cloud) throws Exception {
        Map<String, String> outputs = new HashMap<>();
        try (CloudFormationClient cfn = Clients.local(CloudFormationClient.builder(), cloud.endpoint())) {
            cfn.describeStacks(r -> r.stackName("dmap-workbook")).stacks().get(0).outputs()
                    .forEach(out -> outputs.put(out.outputKey(), out.outputValue()));
        }
        String bucket = outputs.get("DataBucketName");
        String table = outputs.get("ResultsTableName");
        if (bucket == null || table == null) {
            throw new NotMeasured("the dmap-workbook stack has no DataBucketName/ResultsTableName outputs");
        }
        Process p = new ProcessBuilder(Project.java(), "-cp", suite.project().benchJar().toString(), DirectHandler.class.getName(),
                cloud.endpoint(), bucket, "csv/by_station/", table).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new NotMeasured("the direct handler run failed: " + out.substring(Math.max(0, out.length() - 300)));
        }
        JsonNode result = JSON.readTree(out.substring(out.lastIndexOf('{')));
        return result.path("ms").asDouble() / 1000;
    }
}
