package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * DescribeMapRun's live {@code itemCounts} and {@code executionCounts} (spec 2.14): items and child executions
 * move pending → running → succeeded | failed | timedOut | aborted; {@code total} counts everything read so
 * far. A batch's items share its child's status. Thread-safe: every change is one synchronized step, so a
 * snapshot always adds up (pending + running + terminal = total).
 */
final class MapRunCounters {
    enum Outcome { SUCCEEDED, FAILED, TIMED_OUT, ABORTED }

    /** One of the two counter sets. */
    static final class Counts {
        long pending;
        long running;
        long succeeded;
        long failed;
        long timedOut;
        long aborted;
        long total;
        long resultsWritten;

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("pending", pending);
            json.put("running", running);
            json.put("succeeded", succeeded);
            json.put("failed", failed);
            json.put("timedOut", timedOut);
            json.put("aborted", aborted);
            json.put("total", total);
            json.put("resultsWritten", resultsWritten);
            json.put("failuresNotRedrivable", 0);
            json.put("pendingRedrive", 0);
            return json;
        }

        Counts copy() {
            Counts c = new Counts();
            c.pending = pending;
            c.running = running;
            c.succeeded = succeeded;
            c.failed = failed;
            c.timedOut = timedOut;
            c.aborted = aborted;
            c.total = total;
            c.resultsWritten = resultsWritten;
            return c;
        }

        static Counts fromJson(com.fasterxml.jackson.databind.JsonNode json) {
            Counts c = new Counts();
            c.pending = json.path("pending").asLong();
            c.running = json.path("running").asLong();
            c.succeeded = json.path("succeeded").asLong();
            c.failed = json.path("failed").asLong();
            c.timedOut = json.path("timedOut").asLong();
            c.aborted = json.path("aborted").asLong();
            c.total = json.path("total").asLong();
            c.resultsWritten = json.path("resultsWritten").asLong();
            return c;
        }
    }

    private final Counts items = new Counts();
    private final Counts executions = new Counts();

    /** A child has been formed from {@code itemCount} items (read, selected, batched) but not started. */
    synchronized void formed(int itemCount) {
        executions.total++;
        executions.pending++;
        items.total += itemCount;
        items.pending += itemCount;
    }

    synchronized void started(int itemCount) {
        executions.pending--;
        executions.running++;
        items.pending -= itemCount;
        items.running += itemCount;
    }

    synchronized void ended(int itemCount, Outcome outcome) {
        executions.running--;
        items.running -= itemCount;
        add(executions, outcome, 1);
        add(items, outcome, itemCount);
    }

    /** Without an export, a succeeded child's results kept for the state output: AWS was observed to count them. */
    synchronized void resultsWritten(int itemCount) {
        executions.resultsWritten++;
        items.resultsWritten += itemCount;
    }

    /**
     * With an export, "the count of items whose results were written by ResultWriter" (API reference,
     * MapRunItemCounts.resultsWritten) [AWS-doc]: a result counts once S3 has its file, SUCCEEDED_n for the succeeded
     * children, FAILED_n for the failed and timed-out ones (an aborted child's record there is the run's doing, like a
     * PENDING_n one: no result of its own [GUESS]); an export that fails counts nothing it did not write.
     */
    synchronized void resultFileWritten(Outcome file) {
        for (Counts counts : new Counts[]{items, executions}) {
            counts.resultsWritten += file == Outcome.SUCCEEDED ? counts.succeeded : counts.failed + counts.timedOut;
        }
    }

    /** FAILED plus TIMED_OUT items: what the failure threshold counts (spec 9.6). */
    synchronized long failedItems() {
        return items.failed + items.timedOut;
    }

    synchronized long totalItems() {
        return items.total;
    }

    synchronized Counts items() {
        return items.copy();
    }

    synchronized Counts executions() {
        return executions.copy();
    }

    private static void add(Counts counts, Outcome outcome, long n) {
        switch (outcome) {
            case SUCCEEDED -> counts.succeeded += n;
            case FAILED -> counts.failed += n;
            case TIMED_OUT -> counts.timedOut += n;
            case ABORTED -> counts.aborted += n;
        }
    }
}
