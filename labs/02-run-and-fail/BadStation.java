import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code --failure bad-station}: one corrupt station file among the good ones. With the fixed definition
 * (BatchInput) only the batch holding it fails; by default that one failed child fails the Map Run, with
 * {@code ToleratedFailurePercentage} the run succeeds and counts the failed batch.
 */
final class BadStation {
    static final int TOLERATED_PERCENT = 5;

    private BadStation() {
    }

    // this failure's cells in order, as in the README (long, and read top to bottom; each cell is short)
    static void run(Failures.Lab lab) throws Exception {
        var book = lab.book();
        book.cell(2, "One corrupt station file", "A station file that lost its header line joins the others under "
                + Workflow.PREFIX + "/; it sorts last, so it lands in the last batch.", () -> {
            Failures.uploadBadStation(lab);
            int found = lab.s3().listObjectsV2(r -> r.bucket(lab.bucket()).prefix(Failures.BAD_KEY)).keyCount();
            book.check("s3://" + lab.bucket() + "/" + Failures.BAD_KEY + " is there", found == 1);
        });

        String workflowArn = book.cell(3, "Run the fixed workflow, no failure tolerated", "The workshop's fixed definition "
                + "(with BatchInput, as lab 03 makes it): every batch gets the bucket, so only the corrupt file's batch "
                + "can fail. Without ToleratedFailurePercentage one failed child fails the whole Map Run.", () -> {
            String arn = Failures.deploy(lab, Failures.fixedWith(lab, map -> { }));
            var finished = Failures.start(lab, arn, Workflow.PREFIX);
            book.check("the execution FAILED with States.ExceedToleratedFailureThreshold", finished.status() == ExecutionStatus.FAILED
                    && "States.ExceedToleratedFailureThreshold".equals(finished.error()), finished.statusAsString() + " " + finished.error());
            var run = Failures.mapRun(lab, finished);
            var c = run.executionCounts();
            book.printf("  one failed child is more than the 0 %% tolerated: the Map Run failed and aborted the %,d still running", c.aborted());
            book.check("exactly one child execution failed (the corrupt file's batch); the others succeeded or were aborted",
                    c.failed() == 1 && c.succeeded() + c.aborted() + c.failed() == c.total());
            var failed = Failures.failedChildren(lab, run.mapRunArn());
            book.require(!failed.isEmpty(), "ListExecutions(mapRunArn, FAILED) lists no failed child");
            var failure = Failures.showFailedChild(lab, failed.get(0));
            book.check("the failed child's error names the corrupt file", String.valueOf(failure.message()).contains(Failures.BAD_KEY));
            return arn;
        });

        book.cell(4, "Tolerate it: ToleratedFailurePercentage " + TOLERATED_PERCENT, "The Map state may now lose up to "
                + TOLERATED_PERCENT + " % of its items. The failed child's items count as failed items; the run succeeds "
                + "and says how much it lost.", () -> {
            Failures.deploy(lab, Failures.fixedWith(lab, map -> map.put("ToleratedFailurePercentage", TOLERATED_PERCENT)));
            var finished = Failures.start(lab, workflowArn, Workflow.PREFIX);
            book.check("the execution SUCCEEDED despite the corrupt file", finished.status() == ExecutionStatus.SUCCEEDED,
                    finished.statusAsString() + " " + finished.error());
            var run = Failures.mapRun(lab, finished);
            long failedItems = run.itemCounts().failed();
            double percent = 100.0 * failedItems / Math.max(1, run.itemCounts().total());
            book.printf("  %,d of %,d items failed (%.1f %%, tolerated up to %d %%): the batch that held the corrupt file",
                    failedItems, run.itemCounts().total(), percent, TOLERATED_PERCENT);
            book.check("the Map Run SUCCEEDED and counts 1 failed child and its items as failed",
                    "SUCCEEDED".equals(run.statusAsString()) && run.executionCounts().failed() == 1 && failedItems > 0);
            var failed = Failures.failedChildren(lab, run.mapRunArn());
            if (!failed.isEmpty()) {
                Failures.showFailedChild(lab, failed.get(0));
            }
        });

        Failures.putBack(lab, 5, () -> { });
    }
}
