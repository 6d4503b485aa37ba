package dev.dmapworkbook.localcloud.lambda;

import dev.dmapworkbook.localcloud.logs.LogStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A worker's log stream in the function's log group: the process's output (stdout and stderr, one file in the order
 * written) line by line, each invocation framed by START, END and REPORT as Lambda frames it in CloudWatch Logs;
 * the last lines are kept for {@code LogType: Tail}.
 */
final class WorkerLog {
    private final FunctionConfig fn;
    private final LogStore logs;
    private final Path output;
    final String stream;
    private final StringBuilder recent = new StringBuilder();
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private long outputPosition;
    private boolean reportedInit;

    WorkerLog(FunctionConfig fn, LogStore logs, Path output) {
        this.fn = fn;
        this.logs = logs;
        this.output = output;
        this.stream = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace('-', '/')
                + "/[" + fn.version() + "]" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Where the process writes its output. */
    Path output() {
        return output;
    }

    void line(String line) {
        logs.append(fn.region(), fn.logGroup(), stream,
                List.of(new LogStore.Event(System.currentTimeMillis(), line, System.currentTimeMillis())));
        synchronized (recent) {
            recent.append(line).append('\n');
            if (recent.length() > 65_536) {
                recent.delete(0, recent.length() - 8192);
            }
        }
    }

    /** Forgets the lines so far: the tail an invocation returns starts with it. */
    void startTail() {
        synchronized (recent) {
            recent.setLength(0);
        }
    }

    /** The last 4 KB logged since {@link #startTail()}. */
    String tail() {
        synchronized (recent) {
            return recent.length() <= 4096 ? recent.toString() : recent.substring(recent.length() - 4096);
        }
    }

    /** Turns the output the process has written since the last call into log lines; {@code ended}: its last line too. */
    synchronized void readOutput(boolean ended) {
        try (FileChannel channel = FileChannel.open(output, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > outputPosition) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - outputPosition, 1 << 20));
                while (outputPosition < size) {
                    buffer.clear();
                    int n = channel.read(buffer, outputPosition);
                    if (n <= 0) {
                        break;
                    }
                    outputPosition += n;
                    split(buffer.array(), n);
                }
            }
        } catch (IOException e) {
            // the file is gone with the worker
        }
        if (ended && partialLine.size() > 0) {
            emitLine();
        }
    }

    private void split(byte[] bytes, int n) {
        for (int i = 0; i < n; i++) {
            if (bytes[i] == '\n') {
                emitLine();
            } else {
                partialLine.write(bytes[i]);
            }
        }
    }

    private void emitLine() {
        String text = partialLine.toString(StandardCharsets.UTF_8);
        partialLine.reset();
        line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    /**
     * The lines that end an invocation: its failure (timeout, exit), END and REPORT, with Init Duration on the
     * worker's first REPORT ({@code initDurationMs} null while the runtime has not started).
     */
    void end(String requestId, Outcome outcome, double durationMs, long maxMemoryUsedMb, Double initDurationMs) {
        switch (outcome.kind()) {
            case TIMEOUT -> line(Instant.now() + " " + requestId + " Task timed out after " + outcome.detail() + " seconds");
            case EXITED -> {
                line("RequestId: " + requestId + " Error: Runtime exited with error: " + outcome.detail());
                line("Runtime.ExitError");
            }
            default -> {
            }
        }
        line("END RequestId: " + requestId);
        StringBuilder report = new StringBuilder("REPORT RequestId: ").append(requestId)
                .append("\tDuration: ").append(String.format(Locale.ROOT, "%.2f", durationMs)).append(" ms")
                .append("\tBilled Duration: ").append((long) Math.ceil(durationMs)).append(" ms")
                .append("\tMemory Size: ").append(fn.memorySize()).append(" MB")
                .append("\tMax Memory Used: ").append(maxMemoryUsedMb).append(" MB");
        if (initDurationMs != null && !reportedInit) {
            reportedInit = true;
            report.append("\tInit Duration: ").append(String.format(Locale.ROOT, "%.2f", initDurationMs)).append(" ms");
        }
        if (outcome.kind() == Outcome.Kind.TIMEOUT) {
            report.append("\tStatus: timeout");
        } else if (outcome.kind() == Outcome.Kind.EXITED || outcome.kind() == Outcome.Kind.INIT_ERROR) {
            report.append("\tStatus: error\tError Type: Runtime.ExitError");
        }
        line(report.toString());
    }
}
