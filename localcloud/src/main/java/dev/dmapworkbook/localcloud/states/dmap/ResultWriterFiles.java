package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.OutputType;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.Transformation;
import dev.dmapworkbook.localcloud.states.dmap.MapRunCounters.Outcome;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The ResultWriter's export (spec 9.7): {@code SUCCEEDED_0.json}, {@code FAILED_0.json} (failed, timed-out and
 * aborted children) and {@code PENDING_0.json} (never started) under {@code <Prefix>/<mapRunId>/}, records in
 * child-index order, a file only when it has records, then {@code manifest.json} listing them. Each file is
 * streamed from the spools, never assembled in memory.
 */
final class ResultWriterFiles {
    /** Where the export went: the Map state's output is {@code {"MapRunArn", "ResultWriterDetails":{Bucket, Key}}}. */
    record Written(String bucket, String manifestKey) {
    }

    private final S3Objects s3;
    private final OutputType outputType;
    private final Transformation transformation;

    ResultWriterFiles(S3Objects s3, OutputType outputType, Transformation transformation) {
        this.s3 = s3;
        this.outputType = outputType;
        this.transformation = transformation;
    }

    /** {@code <Prefix>/<mapRunId>/}: a slash is added after a prefix that lacks one; no prefix ⇒ {@code <mapRunId>/}. */
    static String directory(String prefix, String mapRunId) {
        if (prefix == null || prefix.isEmpty()) {
            return mapRunId + "/";
        }
        return (prefix.endsWith("/") ? prefix : prefix + "/") + mapRunId + "/";
    }

    /**
     * What a finished child contributes, formatted for the file or state output: with COMPACT a success is its
     * output; with FLATTEN an array output is spliced in (its elements, separated); with NONE, and always for
     * failures, the NONE record. Empty when a FLATTEN output is an empty array.
     */
    byte[] entry(ChildResult result) {
        if (result.status() != Outcome.SUCCEEDED || transformation == Transformation.NONE) {
            return Json.writeBytes(result.record());
        }
        if (transformation == Transformation.FLATTEN) {
            JsonNode output = Json.parse(result.output());
            if (output.isArray()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode element : output) {
                    if (joined.length() > 0) {
                        joined.append(separator());
                    }
                    joined.append(Json.write(element));
                }
                return joined.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        return result.output().getBytes(StandardCharsets.UTF_8);
    }

    private char separator() {
        return outputType == OutputType.JSONL ? '\n' : ',';
    }

    /**
     * Writes the result files and the manifest. {@code children} children were formed; those without a result
     * in {@code results} never started and go to PENDING. {@code resultFileWritten} hears of SUCCEEDED_0.json
     * (SUCCEEDED) and FAILED_0.json (FAILED) once S3 has them.
     *
     * @throws ResultWriterException when S3 refuses a write
     */
    Written write(String bucket, String prefix, String mapRunId, String mapRunArn, int children, ResultSpool results,
                  ChildInputSpool inputs, Consumer<Outcome> resultFileWritten) {
        String directory = directory(prefix, mapRunId);
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", mapRunArn);
        ObjectNode files = manifest.putObject("ResultFiles");
        ArrayNode failed = files.putArray("FAILED");
        ArrayNode pending = files.putArray("PENDING");
        ArrayNode succeeded = files.putArray("SUCCEEDED");
        group(bucket, directory + "SUCCEEDED_0.json", succeeded, children,
                i -> results.status(i) == Outcome.SUCCEEDED, results::read);
        resultFileWritten.accept(Outcome.SUCCEEDED);
        group(bucket, directory + "FAILED_0.json", failed, children,
                i -> results.status(i) != null && results.status(i) != Outcome.SUCCEEDED, results::read);
        resultFileWritten.accept(Outcome.FAILED);
        group(bucket, directory + "PENDING_0.json", pending, children, i -> results.status(i) == null,
                i -> Json.write(ChildResult.pendingRecord(new String(inputs.read(i), StandardCharsets.UTF_8)))
                        .getBytes(StandardCharsets.UTF_8));
        String manifestKey = directory + "manifest.json";
        put(bucket, manifestKey, new ByteArrayInputStream(Json.writeBytes(manifest)));
        return new Written(bucket, manifestKey);
    }

    /** Builds the Map's output without an export: every child in index order, transformed (spec 9.8). */
    static JsonNode stateOutput(byte[][] entries, int children, OutputType type) {
        StringBuilder json = new StringBuilder("[");
        boolean first = true;
        for (int i = 0; i < children; i++) {
            byte[] entry = entries[i];
            if (entry == null || entry.length == 0) {
                continue;
            }
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append(new String(entry, StandardCharsets.UTF_8));
        }
        return Json.parse(json.append(']').toString());
    }

    private interface Entries {
        byte[] get(int child);
    }

    /** Writes the file of the children {@code member} selects, and lists it; no file when there are none. */
    private void group(String bucket, String key, ArrayNode listing, int children, IntPredicate member, Entries entries) {
        if (IntStream.range(0, children).noneMatch(member)) {
            return;
        }
        S3Objects.ObjectSummary summary = put(bucket, key, new EntryStream(children, member, entries));
        listing.addObject().put("Key", key).put("Size", summary.size());
    }

    private S3Objects.ObjectSummary put(String bucket, String key, InputStream content) {
        try {
            return s3.putObject(bucket, key, content, "application/json", Map.of());
        } catch (ServiceException e) {
            throw new ResultWriterException(S3Reads.cause(e));
        }
    }

    /** The file's bytes, produced entry by entry: {@code [e0,e1,…]} for JSON, one line per entry for JSONL. */
    private final class EntryStream extends InputStream {
        private final int children;
        private final IntPredicate member;
        private final Entries entries;
        private int next;
        private boolean started;
        private boolean finished;
        private boolean any;
        private byte[] current = new byte[0];
        private int position;

        EntryStream(int children, IntPredicate member, Entries entries) {
            this.children = children;
            this.member = member;
            this.entries = entries;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (!advance()) {
                    return -1;
                }
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }

        private boolean advance() {
            position = 0;
            boolean json = outputType == OutputType.JSON;
            if (!started) {
                started = true;
                current = json ? new byte[]{'['} : new byte[0];
                return true;
            }
            while (next < children) {
                int child = next++;
                if (!member.test(child)) {
                    continue;
                }
                byte[] entry = entries.get(child);
                if (entry.length == 0) {
                    continue;
                }
                byte[] framed = new byte[entry.length + 1];
                if (json) {
                    framed = any ? framed : new byte[entry.length];
                    if (any) {
                        framed[0] = ',';
                    }
                    System.arraycopy(entry, 0, framed, any ? 1 : 0, entry.length);
                } else {
                    System.arraycopy(entry, 0, framed, 0, entry.length);
                    framed[entry.length] = '\n';
                }
                any = true;
                current = framed;
                return true;
            }
            if (!finished) {
                finished = true;
                current = json ? new byte[]{']'} : new byte[0];
                return current.length > 0 || advance();
            }
            return false;
        }
    }
}
