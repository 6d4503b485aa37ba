package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.ErrorName;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ResultWriterSpec;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What the children of one Map Run contribute, and the Map's result from it (spec 9.7, 9.8): with an export, every
 * child's record goes to a spool and the ResultWriter's files are written at the end, the result being the pointer
 * object; without one, the children's outputs are kept in memory in index order, up to 256 KiB.
 */
final class MapRunResults {
    private final ResultWriterFiles format;
    private final ResultSpool spool;
    private final String bucket;
    private final String prefix;
    private byte[][] outputs = new byte[16][];
    private long outputBytes = 2;
    private boolean tooBig;

    private MapRunResults(ResultWriterFiles format, ResultSpool spool, String bucket, String prefix) {
        this.format = format;
        this.spool = spool;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /**
     * Checks the export's evaluated {@code parameters} (Bucket, Prefix) and that its bucket exists.
     *
     * @throws ResultWriterException when the export cannot be written
     */
    static MapRunResults prepare(DistributedMap spec, MapRunHost host, JsonNode parameters) {
        if (spec.resultWriter().isEmpty()) {
            return new MapRunResults(new ResultWriterFiles(null, DistributedMap.OutputType.JSON,
                    DistributedMap.Transformation.COMPACT), null, null, null);
        }
        ResultWriterSpec writerSpec = spec.resultWriter().get();
        ResultWriterFiles format = new ResultWriterFiles(host.s3(), writerSpec.outputType(), writerSpec.transformation());
        if (!writerSpec.exports()) {
            return new MapRunResults(format, null, null, null);
        }
        JsonNode bucket = parameters.get("Bucket");
        JsonNode prefix = parameters.get("Prefix");
        if (bucket == null || !bucket.isTextual()) {
            throw new ResultWriterException("The ResultWriter parameter 'Bucket' must be a string, but was "
                    + (bucket == null ? "missing" : Json.write(bucket)) + ".");
        }
        if (prefix != null && !prefix.isNull() && !prefix.isTextual()) {
            throw new ResultWriterException("The ResultWriter parameter 'Prefix' must be a string, but was "
                    + Json.write(prefix) + ".");
        }
        if (!host.s3().bucketExists(bucket.asText())) {
            throw new ResultWriterException("The specified bucket does not exist (Service: S3, Status Code: 404, "
                    + "Error Code: NoSuchBucket)");
        }
        return new MapRunResults(format, new ResultSpool(host.spoolDirectory()), bucket.asText(),
                prefix == null || prefix.isNull() ? "" : prefix.asText());
    }

    /** Whether the results are exported to S3 (every child's record is written, spec 9.7). */
    boolean exporting() {
        return spool != null;
    }

    /** Keeps what child {@code child} contributes: in the spool when exporting, else in memory up to 256 KiB. */
    void keep(int child, ChildResult result) {
        byte[] entry = format.entry(result);
        if (spool != null) {
            spool.put(child, result.status(), entry);
            return;
        }
        synchronized (this) {
            if (tooBig) {
                return;
            }
            outputBytes += entry.length + 1;
            if (outputBytes > ChildInputs.PAYLOAD_LIMIT) {
                tooBig = true;
                outputs = null;
                return;
            }
            if (child >= outputs.length) {
                outputs = Arrays.copyOf(outputs, Math.max(child + 1, outputs.length * 2));
            }
            outputs[child] = entry;
        }
    }

    /** Without an export: whether the results array passed 256 KiB (the Map fails States.DataLimitExceeded). */
    synchronized boolean tooBig() {
        return tooBig;
    }

    /** The Map Run's end: its result (null when there is none) or its failure. */
    record Outcome(JsonNode output, String error, String cause) {
    }

    /**
     * The result of a run ending with {@code error} (null: none) or {@code aborted}: the export's pointer object (a
     * failing run that started children still writes its files, spec 9.7), else the results array; a failing export
     * fails a run that had not failed.
     */
    Outcome finish(String error, String cause, boolean aborted, String mapRunId, String mapRunArn,
                   ChildInputSpool inputs, Consumer<MapRunCounters.Outcome> resultFileWritten) {
        int children = inputs == null ? 0 : inputs.count();
        if (exporting() && (error == null || children > 0)) {
            try {
                return new Outcome(export(mapRunId, mapRunArn, children, inputs, resultFileWritten), error, cause);
            } catch (ResultWriterException e) {
                boolean failsNow = error == null && !aborted;
                return new Outcome(null, failsNow ? ErrorName.RESULT_WRITER_FAILED.text() : error,
                        failsNow ? e.getMessage() : cause);
            }
        }
        boolean output = !exporting() && error == null && !aborted && !tooBig();
        return new Outcome(output ? stateOutput(children) : null, error, cause);
    }

    /**
     * Writes the ResultWriter's files and returns the pointer object {@code {MapRunArn, ResultWriterDetails}}.
     *
     * @throws ResultWriterException when a file cannot be written
     */
    private JsonNode export(String mapRunId, String mapRunArn, int children, ChildInputSpool inputs,
                            Consumer<MapRunCounters.Outcome> resultFileWritten) {
        ResultWriterFiles.Written written = format.write(bucket, prefix, mapRunId, mapRunArn, children, spool, inputs,
                resultFileWritten);
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("MapRunArn", mapRunArn);
        details.putObject("ResultWriterDetails").put("Bucket", written.bucket()).put("Key", written.manifestKey());
        return details;
    }

    /** Without an export: the children's outputs in index order (spec 9.8). */
    private synchronized JsonNode stateOutput(int children) {
        return ResultWriterFiles.stateOutput(outputs, children, DistributedMap.OutputType.JSON);
    }

    void close() {
        if (spool != null) {
            spool.close();
        }
    }
}
