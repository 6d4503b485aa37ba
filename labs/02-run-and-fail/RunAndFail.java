///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//DEPS software.amazon.awssdk:sfn software.amazon.awssdk:s3 software.amazon.awssdk:cloudformation software.amazon.awssdk:lambda
//SOURCES ../common/Workbook.java ../common/Stack.java ../common/Executions.java ../common/Workflow.java ../common/StateGraphs.java
//SOURCES Failures.java WrongPrefix.java BadStation.java LambdaTimeout.java
//MAIN RunAndFail
//DESCRIPTION Lab 02 — run the Distributed Map without BatchInput and find out why it fails.

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.graph.StateStatus;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

class RunAndFail {
    // the notebook: its numbered cells in order, as in the README (long, and read top to bottom; each cell is short)
    public static void main(String[] args) throws Exception {
        var book = Workbook.open(args, "02-run-and-fail", "Lab 02 — Run the workflow and watch it fail",
                "under $0.05 (one Standard execution with 11 children, ~11 Lambda invocations; a --failure up to three)",
                Workbook.option("--failure", "NAME", "the failure to show: " + String.join(", ", Failures.NAMES)
                        + " (default batch-input, the workshop's; README \"Failures on demand\")"), Workflow.QUERY_LANGUAGE);
        String failure = Failures.named(book);
        var cfn = book.client(CloudFormationClient.builder());
        var sfn = book.client(SfnClient.builder());
        var s3 = book.client(S3Client.builder());
        var lambda = book.client(LambdaClient.builder());
        if (!failure.equals("batch-input")) {
            book.note("--failure " + failure + ": labs/02-run-and-fail/README.md, \"" + failure + "\"");
        }

        var stack = book.cell(1, "Read the stack's outputs", "Lab 01 deployed the function, the buckets and the role "
                + "Step Functions uses; the station files are under csv/by_station/.", () -> {
            var found = Stack.require(book, cfn, "lab 01");
            String bucket = found.output(book, Stack.DATA_BUCKET, "lab 01");
            found.output(book, Stack.FUNCTION_ARN, "lab 01");
            found.output(book, Stack.WORKFLOW_ROLE_ARN, "lab 00");
            book.fields(found.outputs());
            var page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(Workflow.PREFIX + "/").maxKeys(1000)).contents();
            book.require(!page.isEmpty(), "s3://" + bucket + "/" + Workflow.PREFIX + "/ is empty: run lab 01 first");
            long csv = page.stream().filter(o -> o.key().endsWith(".csv")).count();
            book.check("the station files are in s3://" + bucket + "/" + Workflow.PREFIX + "/ (" + csv
                    + (page.size() == 1000 ? "+" : "") + " .csv objects)", csv == page.size(),
                    (page.size() - csv) + " objects there are not .csv files");
            return found;
        });
        String bucket = stack.outputs().get(Stack.DATA_BUCKET);
        if (!failure.equals("batch-input")) {
            Failures.run(failure, new Failures.Lab(book, sfn, s3, lambda, stack));
            System.exit(book.finish());
        }

        String workflowArn = book.cell(2, "Create FindHighPrecipitationWorkflow", "From workflow.asl.json: an ItemReader "
                + "that lists the prefix, batches of 100 keys, one Lambda call per batch, results written to S3. "
                + "Note what the ItemBatcher does not say.", () -> {
            String definition = Workflow.definition(book, Workflow.file(book, book.labDir(), "workflow"), stack.outputs());
            JsonNode map = Workbook.JSON.readTree(definition).at("/States/Map");
            book.json(Workbook.ordered("ItemReader", map.get("ItemReader"), "ItemBatcher", map.get("ItemBatcher"),
                    "MaxConcurrency", map.get("MaxConcurrency")), 30);
            String arn = Workflow.createOrUpdate(book, sfn, definition, stack.outputs().get(Stack.WORKFLOW_ROLE_ARN));
            book.check("the ItemBatcher has no BatchInput", !map.path("ItemBatcher").has("BatchInput"));
            book.link(Workflow.NAME, book.console().stateMachine(arn));
            return arn;
        });

        var failed = book.cell(3, "Start it", "Input {\"bucket\": <data bucket>, \"prefix\": \"csv/by_station\"}, as the "
                + "workshop's learner types it in the console.", () -> {
            String input = Workbook.compact(Workbook.ordered("bucket", bucket, "prefix", Workflow.PREFIX));
            book.println("  input " + input);
            String arn = sfn.startExecution(r -> r.stateMachineArn(workflowArn).input(input)).executionArn();
            book.println("  " + arn);
            book.link("the execution", book.console().execution(arn));
            var finished = Executions.await(book, sfn, arn, Duration.ofMinutes(10));
            book.check("the execution FAILED, as the workshop says it will", finished.status() == ExecutionStatus.FAILED,
                    "it ended " + finished.statusAsString());
            return finished;
        });

        book.cell(4, "Why did the execution fail?", "The console's execution page shows the error and cause of the "
                + "failed Map state.", () -> {
            book.fields(Workbook.ordered("status", failed.statusAsString(), "error", failed.error(), "cause", failed.cause()));
            book.check("the error is States.ExceedToleratedFailureThreshold: too many batches failed",
                    "States.ExceedToleratedFailureThreshold".equals(failed.error()));
            var states = StateGraphs.show(book, sfn, failed.executionArn(), "FindHighPrecipitationWorkflow, coloured by the failed run");
            book.check("the execution's history shows the Map state FAILED", states.get("Map") == StateStatus.FAILED,
                    "it shows " + states);
        });

        var mapRunArn = book.cell(5, "The Map Run", "Its counters tell how many items and child executions failed.", () -> {
            var item = Executions.firstMapRun(sfn, failed.executionArn()).orElseThrow(() -> book.stop("the execution has no Map Run"));
            var run = sfn.describeMapRun(r -> r.mapRunArn(item.mapRunArn()));
            Executions.showMapRun(book, run);
            var c = run.executionCounts();
            book.link("the Map Run", book.console().mapRun(run.mapRunArn(), run.executionArn()));
            book.check("the Map Run FAILED", "FAILED".equals(run.statusAsString()));
            book.check("no child execution succeeded; " + c.failed() + " failed", c.succeeded() == 0 && c.failed() > 0);
            book.check("the counters add up (pending + running + succeeded + failed + timed out + aborted = total)",
                    c.pending() + c.running() + c.succeeded() + c.failed() + c.timedOut() + c.aborted() == c.total());
            return item.mapRunArn();
        });

        var child = book.cell(6, "The failed child executions", "Each child is a Standard execution of the Map's item "
                + "processor with one batch of keys.", () -> {
            List<ExecutionListItem> children = new ArrayList<>();
            sfn.listExecutionsPaginator(r -> r.mapRunArn(mapRunArn).statusFilter(ExecutionStatus.FAILED))
                    .executions().forEach(children::add);
            List<List<?>> rows = new ArrayList<>();
            for (ExecutionListItem e : children.subList(0, Math.min(12, children.size()))) {
                rows.add(List.of(e.name(), e.statusAsString(), e.itemCount() == null ? "" : e.itemCount(),
                        Workbook.seconds(Duration.between(e.startDate(), e.stopDate()).toNanos())));
            }
            book.table(List.of("child execution", "status", "items", "took"), rows);
            book.check(children.size() + (children.size() == 1 ? " failed child is" : " failed children are")
                    + " listed by ListExecutions(mapRunArn)", !children.isEmpty());
            var shown = children.stream().max(java.util.Comparator.comparing(c -> c.itemCount() == null ? 0 : c.itemCount())).orElseThrow();
            book.link("the failed child " + shown.name(), book.console().execution(shown.executionArn()));
            return shown;
        });

        var childInput = book.cell(7, "One child's input", "What the Lambda received: the batch of S3 listing entries. "
                + "Look for the bucket.", () -> {
            var described = sfn.describeExecution(r -> r.executionArn(child.executionArn()));
            JsonNode input = Workbook.JSON.readTree(described.input());
            var shown = input.deepCopy();
            if (shown.path("Items").size() > 2) {
                var items = (com.fasterxml.jackson.databind.node.ArrayNode) shown.get("Items");
                while (items.size() > 2) {
                    items.remove(2);
                }
            }
            book.json(shown, 30);
            book.println(Workbook.shorten("  … " + input.path("Items").size() + " items in all", 80));
            book.check("the input holds only Items (listing entries with Key, Size, Etag …)",
                    input.has("Items") && input.size() == 1 && input.path("Items").path(0).has("Key"));
            book.check("there is no BatchInput and no bucket anywhere in it",
                    !input.has("BatchInput") && !described.input().toLowerCase().contains("\"bucket"));
            return described.input();
        });

        book.cell(8, "The Lambda's error and its log", "The child's history holds the task failure; its cause is the "
                + "function's error. The console's log link shows CloudWatch Logs; here we replay the same input with "
                + "LogType=Tail, which returns the end of the invocation's log.", () -> {
            var taskFailure = Failures.taskFailure(sfn, child.executionArn());
            book.require(taskFailure.error() != null, "the child's history has no TaskFailed event");
            String message = taskFailure.message();
            try {
                JsonNode parsed = Workbook.JSON.readTree(taskFailure.cause());
                book.fields(Workbook.ordered("error", taskFailure.error(), "errorType", parsed.path("errorType").asText(),
                        "errorMessage", message));
            } catch (Exception notJson) {
                book.fields(Workbook.ordered("error", taskFailure.error(), "cause", taskFailure.cause()));
            }
            book.check("the Lambda says what is missing: BatchInput.Bucket", message != null && message.contains("BatchInput.Bucket"));

            String function = stack.outputs().get(Stack.FUNCTION_ARN);
            var replay = lambda.invoke(r -> r.functionName(function).logType(LogType.TAIL)
                    .payload(SdkBytes.fromString(childInput, StandardCharsets.UTF_8)));
            book.println("  Invoke (replay) → status " + replay.statusCode() + ", FunctionError " + replay.functionError());
            if (replay.logResult() != null) {
                String log = new String(Base64.getDecoder().decode(replay.logResult()), StandardCharsets.UTF_8);
                for (String line : log.strip().split("\n")) {
                    book.println("  │ " + Workbook.shorten(line.stripTrailing(), 150));
                }
            }
            book.check("the replay fails the same way (FunctionError " + replay.functionError() + ")",
                    replay.functionError() != null && replay.payload().asUtf8String().contains("BatchInput.Bucket"));
            book.link("the function and its log", book.console().function(function));
        });

        System.exit(book.finish());
    }
}
