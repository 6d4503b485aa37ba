///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//DEPS software.amazon.awssdk:sfn software.amazon.awssdk:cloudformation
//SOURCES ../common/Workbook.java ../common/Stack.java ../common/Executions.java ../common/Workflow.java ../common/StateGraphs.java
//SOURCES BatchInputPatch.java
//MAIN FixBatchInput
//DESCRIPTION Lab 03 — pass the bucket to every batch with ItemBatcher.BatchInput, and rerun.

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class FixBatchInput {
    /** What lab 02 deployed: the workflow's ARN and its definition as DescribeStateMachine returns it. */
    record Found(Stack stack, String workflowArn, String deployed) {
    }

    // the notebook: its numbered cells in order, as in the README (long, and read top to bottom; each cell is short)
    public static void main(String[] args) throws Exception {
        var book = Workbook.open(args, "03-fix-batchinput", "Lab 03 — Fix it with ItemBatcher.BatchInput",
                "under $0.05 (one Standard execution with 11 children, ~11 Lambda invocations, ~1,000 DynamoDB writes)",
                Workflow.QUERY_LANGUAGE);
        var cfn = book.client(CloudFormationClient.builder());
        var sfn = book.client(SfnClient.builder());

        var found = book.cell(1, "Find the workflow", "Lab 02 created FindHighPrecipitationWorkflow; its "
                + "children got only S3 listing entries, so the Lambda did not know the bucket. DescribeStateMachine "
                + "returns the definition as it is deployed, whatever was edited before lab 02 ran.", () -> {
            var deployedStack = Stack.require(book, cfn, "lab 01");
            String arn = Workflow.require(book, sfn);
            book.println("  " + arn);
            String definition = sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition();
            var map = BatchInputPatch.distributedMap(Workbook.JSON.readTree(definition));
            book.require(map.isPresent(), "the deployed " + Workflow.NAME + " has no Distributed Map state with an "
                    + "ItemBatcher: run lab 02 again");
            book.json(Workbook.ordered("Map state", map.get().name(), "ItemBatcher", map.get().state().get("ItemBatcher")), 12);
            if (map.get().state().path("ItemBatcher").has("BatchInput")) {
                book.println("  its ItemBatcher already has a BatchInput (lab 03 ran before): the patch sets it again");
            }
            book.check("the deployed definition has a Distributed Map state (" + map.get().name() + ") with an ItemBatcher",
                    map.get().state().path("ItemBatcher").isObject());
            return new Found(deployedStack, arn, definition);
        });
        var stack = found.stack();
        String workflowArn = found.workflowArn();

        String fixed = book.cell(2, "The patch", "One field: ItemBatcher.BatchInput = {\"Bucket.$\": \"$.bucket\"}, added "
                + "to the deployed definition. Every child then receives {\"BatchInput\": {\"Bucket\": …}, \"Items\": […]}; "
                + "everything else stays as lab 02 deployed it.", () -> {
            JsonNode deployed = Workbook.JSON.readTree(found.deployed());
            JsonNode patched = BatchInputPatch.addBatchInput(deployed);
            book.diff(BatchInputPatch.pretty(deployed), BatchInputPatch.pretty(patched));
            book.check("the patch changes only ItemBatcher.BatchInput", BatchInputPatch.withoutBatchInput(patched).equals(BatchInputPatch.withoutBatchInput(deployed)));
            String reference = Workflow.definition(book, Workflow.file(book, book.labDir(), "workflow-fixed"), stack.outputs());
            book.println(Workbook.JSON.readTree(reference).equals(patched)
                    ? "  the same as workflow-fixed.asl.json (the workshop's fixed definition)"
                    : "  not the same as workflow-fixed.asl.json: lab 02 deployed an edited definition, and the patch keeps those edits");
            return Workbook.JSON.writeValueAsString(patched);
        });

        book.cell(3, "Update the state machine", "UpdateStateMachine replaces the definition; new executions use it. "
                + "DescribeStateMachine then shows what is deployed.", () -> {
            sfn.updateStateMachine(r -> r.stateMachineArn(workflowArn).definition(fixed));
            JsonNode now = Workbook.JSON.readTree(sfn.describeStateMachine(r -> r.stateMachineArn(workflowArn)).definition());
            var map = BatchInputPatch.distributedMap(now).orElseThrow(() -> book.stop("the updated definition has no Distributed Map state"));
            book.json(Workbook.ordered("ItemBatcher", map.state().get("ItemBatcher")), 12);
            book.check("the deployed definition is exactly the patched one", now.equals(Workbook.JSON.readTree(fixed)));
            book.link(Workflow.NAME, book.console().stateMachine(workflowArn));
        });

        var execution = book.cell(4, "Run it again", "Same input as in lab 02.", () -> {
            String bucket = stack.output(book, Stack.DATA_BUCKET, "lab 01");
            String input = Workbook.compact(Workbook.ordered("bucket", bucket, "prefix", Workflow.PREFIX));
            book.println("  input " + input);
            String arn = sfn.startExecution(r -> r.stateMachineArn(workflowArn).input(input)).executionArn();
            book.println("  " + arn);
            book.link("the execution", book.console().execution(arn));
            var finished = Executions.await(book, sfn, arn, Duration.ofMinutes(10));
            StateGraphs.show(book, sfn, arn, "FindHighPrecipitationWorkflow, coloured by the fixed run");
            book.check("the execution SUCCEEDED", finished.status() == ExecutionStatus.SUCCEEDED,
                    finished.status() == ExecutionStatus.SUCCEEDED ? null : finished.error() + ": " + finished.cause());
            return finished;
        });

        book.cell(5, "Every child succeeded", "The Map Run's counters, and each child listed by ListExecutions(mapRunArn).", () -> {
            var item = Executions.firstMapRun(sfn, execution.executionArn()).orElseThrow(() -> book.stop("no Map Run"));
            var run = sfn.describeMapRun(r -> r.mapRunArn(item.mapRunArn()));
            Executions.showMapRun(book, run);
            book.link("the Map Run", book.console().mapRun(run.mapRunArn(), run.executionArn()));
            List<ExecutionListItem> children = new ArrayList<>();
            sfn.listExecutionsPaginator(r -> r.mapRunArn(item.mapRunArn())).executions().forEach(children::add);
            long succeeded = children.stream().filter(c -> c.status() == ExecutionStatus.SUCCEEDED).count();
            book.check("the Map Run SUCCEEDED", "SUCCEEDED".equals(run.statusAsString()));
            book.check("all " + children.size() + " child executions SUCCEEDED",
                    !children.isEmpty() && succeeded == children.size() && run.executionCounts().succeeded() == children.size());

            ExecutionListItem first = children.stream().max(java.util.Comparator.comparing(
                    c -> c.itemCount() == null ? 0 : c.itemCount())).orElseThrow();
            var described = sfn.describeExecution(r -> r.executionArn(first.executionArn()));
            JsonNode input = Workbook.JSON.readTree(described.input());
            book.println("  one child's input now begins with:");
            book.json(Workbook.ordered("BatchInput", input.get("BatchInput"), "Items", "[… " + input.path("Items").size() + " listing entries …]"), 10);
            book.println("  and its output (the Lambda's summary):");
            book.json(described.output(), 15);
            book.check("the child's input carries BatchInput.Bucket", input.at("/BatchInput/Bucket").isTextual());
            book.link("the child " + first.name(), book.console().execution(first.executionArn()));
        });

        System.exit(book.finish());
    }
}
