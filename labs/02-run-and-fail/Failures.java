import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Failures on demand (labs/02-run-and-fail/README.md, "Failures on demand"): besides the workshop's own
 * (batch-input), a prefix with nothing under it, one corrupt station file, a Lambda timeout that a Retry cannot
 * fix. Each ends by putting back what lab 03 needs: the workshop's definition, the station files, the function's
 * timeout.
 */
final class Failures {
    static final List<String> NAMES = List.of("batch-input", "wrong-prefix", "bad-station", "lambda-timeout");
    /** The workshop's prefix with a hyphen for the underscore: a typo a learner makes. */
    static final String WRONG_PREFIX = "csv/by-station";
    /** Sorts after every NOAA station id, so it lands in the last (smallest) batch. */
    static final String BAD_KEY = Workflow.PREFIX + "/ZZZ00000000.csv";

    /** What every failure works with: the notebook, the clients and lab 01's stack. */
    record Lab(Workbook book, SfnClient sfn, S3Client s3, LambdaClient lambda, Stack stack) {
        String bucket() {
            return stack.outputs().get(Stack.DATA_BUCKET);
        }
    }

    /** A child's last task failure, from its history: the error and the cause (the function's errorMessage when JSON). */
    record TaskFailure(String error, String cause, String message, long attempts) {
    }

    private Failures() {
    }

    /** The failure's name, or a stop naming the ones there are. */
    static String named(Workbook book) {
        String name = book.value("--failure").orElse("batch-input").toLowerCase(Locale.ROOT);
        book.require(NAMES.contains(name), "--failure must be one of " + String.join(", ", NAMES) + ", not '" + name + "'");
        return name;
    }

    static void run(String name, Lab lab) throws Exception {
        switch (name) {
            case "wrong-prefix" -> WrongPrefix.run(lab);
            case "bad-station" -> BadStation.run(lab);
            case "lambda-timeout" -> LambdaTimeout.run(lab);
            default -> throw new IllegalArgumentException(name);
        }
    }

    // ---------------------------------------------------------------- what the failures share

    /** The workshop's definition file (lab 02's, without BatchInput) with the stack's outputs. */
    static String workshopDefinition(Lab lab) throws IOException {
        return Workflow.definition(lab.book(), lab.book().labDir().resolve("workflow.asl.json"), lab.stack().outputs());
    }

    /** The workshop's fixed definition (lab 03's file, with BatchInput) with {@code edit} applied to its Map state. */
    static String fixedWith(Lab lab, Consumer<ObjectNode> edit) throws IOException {
        String text = Workflow.definition(lab.book(), lab.book().root().resolve("labs/03-fix-batchinput/workflow-fixed.asl.json"),
                lab.stack().outputs());
        JsonNode definition = Workbook.JSON.readTree(text);
        edit.accept((ObjectNode) definition.at("/States/Map"));
        return Workbook.JSON.writeValueAsString(definition);
    }

    static String deploy(Lab lab, String definition) {
        return Workflow.createOrUpdate(lab.book(), lab.sfn(), definition, lab.stack().outputs().get(Stack.WORKFLOW_ROLE_ARN));
    }

    /** Starts the workflow with {"bucket", "prefix"} and follows it live until it stops. */
    static DescribeExecutionResponse start(Lab lab, String workflowArn, String prefix) {
        String input = Workbook.compact(Workbook.ordered("bucket", lab.bucket(), "prefix", prefix));
        lab.book().println("  input " + input);
        String arn = lab.sfn().startExecution(r -> r.stateMachineArn(workflowArn).input(input)).executionArn();
        lab.book().println("  " + arn);
        lab.book().link("the execution", lab.book().console().execution(arn));
        return Executions.await(lab.book(), lab.sfn(), arn, Duration.ofMinutes(10));
    }

    /** The execution's Map Run, shown as the console's Map Run page shows it. */
    static DescribeMapRunResponse mapRun(Lab lab, DescribeExecutionResponse execution) {
        var item = Executions.firstMapRun(lab.sfn(), execution.executionArn())
                .orElseThrow(() -> lab.book().stop("the execution has no Map Run"));
        var run = lab.sfn().describeMapRun(r -> r.mapRunArn(item.mapRunArn()));
        Executions.showMapRun(lab.book(), run);
        lab.book().link("the Map Run", lab.book().console().mapRun(run.mapRunArn(), run.executionArn()));
        return run;
    }

    /** The Map Run's failed children, as ListExecutions(mapRunArn, FAILED) lists them. */
    static List<ExecutionListItem> failedChildren(Lab lab, String mapRunArn) {
        List<ExecutionListItem> children = new ArrayList<>();
        lab.sfn().listExecutionsPaginator(r -> r.mapRunArn(mapRunArn).statusFilter(ExecutionStatus.FAILED))
                .executions().forEach(children::add);
        return children;
    }

    /** The child's last TaskFailed (or LambdaFunctionFailed) event and how many times the task was scheduled. */
    static TaskFailure taskFailure(SfnClient sfn, String childArn) {
        List<HistoryEvent> history = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(childArn)).events().forEach(history::add);
        String error = null;
        String cause = null;
        long attempts = 0;
        for (HistoryEvent e : history) {
            if (e.taskScheduledEventDetails() != null || e.lambdaFunctionScheduledEventDetails() != null) {
                attempts++;
            }
            if (e.taskFailedEventDetails() != null) {
                error = e.taskFailedEventDetails().error();
                cause = e.taskFailedEventDetails().cause();
            } else if (e.lambdaFunctionFailedEventDetails() != null) {
                error = e.lambdaFunctionFailedEventDetails().error();
                cause = e.lambdaFunctionFailedEventDetails().cause();
            }
        }
        String message = cause;
        try {
            JsonNode parsed = cause == null ? null : Workbook.JSON.readTree(cause);
            if (parsed != null && parsed.isObject()) {
                message = parsed.path("errorMessage").asText(cause);
            }
        } catch (IOException notJson) {
            // the cause is plain text
        }
        return new TaskFailure(error, cause, message, attempts);
    }

    /** Shows one failed child: its name, items, and the task's error as its history holds it. */
    static TaskFailure showFailedChild(Lab lab, ExecutionListItem child) {
        TaskFailure failure = taskFailure(lab.sfn(), child.executionArn());
        lab.book().fields(Workbook.ordered("child execution", child.name(), "items", child.itemCount() == null ? "" : child.itemCount(),
                "attempts", failure.attempts(), "error", failure.error(), "message", Workbook.shorten(String.valueOf(failure.message()), 300)));
        return failure;
    }

    /** Uploads a station file whose header line is lost: the Lambda refuses it, naming its key. */
    static void uploadBadStation(Lab lab) {
        String corrupt = "ZZZ00000000,20200101,PRCP,12,,,a,\nZZZ00000000,20200102,PRCP,0,,,a,\n";
        lab.s3().putObject(r -> r.bucket(lab.bucket()).key(BAD_KEY).contentType("text/csv"),
                RequestBody.fromString(corrupt, StandardCharsets.UTF_8));
        lab.book().println("  PutObject s3://" + lab.bucket() + "/" + BAD_KEY + " (" + corrupt.length() + " bytes, no header line)");
    }

    /**
     * The last cell of every failure: what lab 03 needs is back. The workshop's definition (workflow.asl.json),
     * no corrupt station file; the failure's own {@code restore} (the function's timeout) runs first.
     */
    static void putBack(Lab lab, int number, Runnable restore) {
        lab.book().cell(number, "Put back what lab 03 needs", "The workshop's definition (workflow.asl.json, without "
                + "BatchInput), the station files as lab 01 uploaded them, the function as the stack deployed it.", () -> {
            restore.run();
            lab.s3().deleteObject(r -> r.bucket(lab.bucket()).key(BAD_KEY));
            String workshop = workshopDefinition(lab);
            String arn = deploy(lab, workshop);
            JsonNode deployed = Workbook.JSON.readTree(lab.sfn().describeStateMachine(r -> r.stateMachineArn(arn)).definition());
            boolean noBadKey = lab.s3().listObjectsV2(r -> r.bucket(lab.bucket()).prefix(BAD_KEY)).keyCount() == 0;
            lab.book().check("the deployed definition is workflow.asl.json's again and no corrupt station file is left",
                    deployed.equals(Workbook.JSON.readTree(workshop)) && noBadKey);
        });
    }
}
