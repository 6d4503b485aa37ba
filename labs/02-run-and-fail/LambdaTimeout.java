import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --failure lambda-timeout}: the function's timeout (1 s) is below what a batch of 1,000 station files needs.
 * A child fails with the timeout; a Retry on that error runs the same batch in the same second again, and fails
 * the same way: a timeout is not transient. The function's timeout is put back even when the lab stops early.
 */
final class LambdaTimeout {
    static final int TIMEOUT_SECONDS = 1;
    static final int BATCH = 1000;
    static final String TIMEOUT_ERROR = "Sandbox.Timedout";

    private LambdaTimeout() {
    }

    // this failure's cells in order, as in the README (long, and read top to bottom; each cell is short)
    static void run(Failures.Lab lab) throws Exception {
        var book = lab.book();
        String function = lab.stack().outputs().get(Stack.FUNCTION_NAME);
        int original = lab.lambda().getFunctionConfiguration(r -> r.functionName(function)).timeout();
        AtomicBoolean restored = new AtomicBoolean(original == TIMEOUT_SECONDS);
        // Stopped, failed or Ctrl-C: the function must not keep a 1 s timeout (lab 03 would time out too).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!restored.get()) {
                setTimeout(lab, function, original);
            }
        }));

        book.cell(2, "Lower the function's timeout to " + TIMEOUT_SECONDS + " s", "UpdateFunctionConfiguration: the stack "
                + "deployed it with " + original + " s. Reading 1,000 station files from S3 and writing their results "
                + "takes longer than a second.", () -> {
            restored.set(false);
            setTimeout(lab, function, TIMEOUT_SECONDS);
            int now = lab.lambda().getFunctionConfiguration(r -> r.functionName(function)).timeout();
            book.check("the function's timeout is " + TIMEOUT_SECONDS + " s", now == TIMEOUT_SECONDS, "it is " + now + " s");
        });

        String workflowArn = book.cell(3, "Run the fixed workflow with batches of " + BATCH, "The workshop's fixed definition "
                + "(with BatchInput) and MaxItemsPerBatch " + BATCH + ": one child gets 1,000 files and one second.", () -> {
            String arn = Failures.deploy(lab, Failures.fixedWith(lab, map -> ((ObjectNode) map.get("ItemBatcher")).put("MaxItemsPerBatch", BATCH)));
            var finished = Failures.start(lab, arn, Workflow.PREFIX);
            book.check("the execution FAILED", finished.status() == ExecutionStatus.FAILED, "it ended " + finished.statusAsString());
            timedOutChild(lab, finished, 1);
            return arn;
        });

        book.cell(4, "Retry on the timeout", "A Retry on " + TIMEOUT_ERROR + " (2 more attempts, 1 s apart). Retries are "
                + "for transient errors (a throttle, a network blip); this batch needs more than a second every time.", () -> {
            Failures.deploy(lab, Failures.fixedWith(lab, map -> {
                ((ObjectNode) map.get("ItemBatcher")).put("MaxItemsPerBatch", BATCH);
                var retry = (com.fasterxml.jackson.databind.node.ArrayNode) map.at("/ItemProcessor/States/Lambda Invoke/Retry");
                retry.addObject().<ObjectNode>set("ErrorEquals", Workbook.JSON.createArrayNode().add(TIMEOUT_ERROR))
                        .put("IntervalSeconds", 1).put("MaxAttempts", 2).put("BackoffRate", 1);
            }));
            var finished = Failures.start(lab, workflowArn, Workflow.PREFIX);
            book.check("the execution FAILED again", finished.status() == ExecutionStatus.FAILED, "it ended " + finished.statusAsString());
            int items = timedOutChild(lab, finished, 3);
            book.println("  why: each attempt runs the same batch of " + items + " files, on a fresh worker (a timed-out one is "
                    + "replaced, so each attempt starts cold), within the same " + TIMEOUT_SECONDS + " s. A timeout is not "
                    + "transient: the fix is the function's timeout (the stack's " + original + " s) or smaller batches "
                    + "(MaxItemsPerBatch), not a Retry.");
        });

        Failures.putBack(lab, 5, () -> {
            setTimeout(lab, function, original);
            restored.set(true);
            int now = lab.lambda().getFunctionConfiguration(r -> r.functionName(function)).timeout();
            book.check("the function's timeout is " + original + " s again", now == original, "it is " + now + " s");
        });
    }

    /** The failed child: it timed out, after {@code attempts} attempts; returns its number of items. */
    private static int timedOutChild(Failures.Lab lab, software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse execution,
                                      long attempts) {
        var run = Failures.mapRun(lab, execution);
        var failed = Failures.failedChildren(lab, run.mapRunArn());
        lab.book().require(!failed.isEmpty(), "ListExecutions(mapRunArn, FAILED) lists no failed child");
        var child = failed.stream().max(java.util.Comparator.comparing(c -> c.itemCount() == null ? 0 : c.itemCount())).orElseThrow();
        var failure = Failures.showFailedChild(lab, child);
        lab.book().check("the child's task timed out (" + TIMEOUT_ERROR + "), after " + attempts + (attempts == 1 ? " attempt" : " attempts"),
                TIMEOUT_ERROR.equals(failure.error()) && failure.attempts() == attempts,
                failure.error() + " after " + failure.attempts());
        return child.itemCount() == null ? 0 : child.itemCount();
    }

    /** UpdateFunctionConfiguration, then wait until the update is done (LastUpdateStatus Successful). */
    static void setTimeout(Failures.Lab lab, String function, int seconds) {
        lab.lambda().updateFunctionConfiguration(r -> r.functionName(function).timeout(seconds));
        for (int i = 0; i < 300; i++) {
            var status = lab.lambda().getFunctionConfiguration(r -> r.functionName(function)).lastUpdateStatus();
            if (status == null || status == LastUpdateStatus.SUCCESSFUL) {
                return;
            }
            if (status == LastUpdateStatus.FAILED) {
                throw lab.book().stop("UpdateFunctionConfiguration failed for " + function);
            }
            Workbook.sleep(lab.book().local() ? 100 : 1000);
        }
    }
}
