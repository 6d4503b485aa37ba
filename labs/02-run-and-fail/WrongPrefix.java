import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code --failure wrong-prefix}: the input's prefix has no objects under it. The ItemReader lists nothing, no
 * child starts, the Lambda never runs, and the execution SUCCEEDS: a Map Run with nothing to read is not an error.
 */
final class WrongPrefix {
    private WrongPrefix() {
    }

    static void run(Failures.Lab lab) throws Exception {
        var book = lab.book();
        String workflowArn = book.cell(2, "Create FindHighPrecipitationWorkflow", "The workshop's definition, as in the "
                + "default run (workflow.asl.json): nothing is wrong with it this time.", () -> Failures.deploy(lab, Failures.workshopDefinition(lab)));

        var execution = book.cell(3, "Start it with a prefix that has nothing under it", "The input says \"prefix\": \""
                + Failures.WRONG_PREFIX + "\", a hyphen where the keys have an underscore (" + Workflow.PREFIX + ").", () -> {
            var finished = Failures.start(lab, workflowArn, Failures.WRONG_PREFIX);
            book.check("the execution SUCCEEDED: nothing failed, because nothing ran", finished.status() == ExecutionStatus.SUCCEEDED,
                    "it ended " + finished.statusAsString());
            return finished;
        });

        book.cell(4, "The Map Run", "The only sign is in its counters: 0 items, 0 child executions, so the Lambda "
                + "was never invoked and the table got nothing.", () -> {
            var run = Failures.mapRun(lab, execution);
            book.check("the Map Run read 0 items and started 0 child executions",
                    run.itemCounts().total() == 0 && run.executionCounts().total() == 0,
                    run.itemCounts().total() + " items, " + run.executionCounts().total() + " children");
        });

        book.cell(5, "Where the cause is", "ListObjectsV2 with the input's prefix, then with the workshop's: the "
                + "ItemReader lists exactly what ListObjectsV2 lists.", () -> {
            int wrong = lab.s3().listObjectsV2(r -> r.bucket(lab.bucket()).prefix(Failures.WRONG_PREFIX)).keyCount();
            int right = lab.s3().listObjectsV2(r -> r.bucket(lab.bucket()).prefix(Workflow.PREFIX + "/").maxKeys(1000)).keyCount();
            book.table(java.util.List.of("prefix", "objects"), java.util.List.of(
                    java.util.List.of(Failures.WRONG_PREFIX, wrong), java.util.List.of(Workflow.PREFIX + "/", right + (right == 1000 ? "+" : ""))));
            book.println("  the fix: the input's prefix as the keys are written, {\"prefix\": \"" + Workflow.PREFIX + "\"}");
            book.check("the input's prefix lists 0 objects, the workshop's lists the stations", wrong == 0 && right > 0);
        });

        Failures.putBack(lab, 6, () -> { });
    }
}
