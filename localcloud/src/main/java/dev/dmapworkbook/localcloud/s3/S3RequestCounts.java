package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many S3 calls the other services made in-process, by S3 operation name (ListObjectsV2, GetObject, …):
 * what Step Functions' ItemReader and ResultWriter, Lambda and CloudFormation asked of S3 since start-up.
 * Labs read them at {@code GET /_localcloud/s3-requests} to show what a Map Run's reader cost.
 */
final class S3RequestCounts {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String operation) {
        counts.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    /** {@code {"ListObjectsV2": 100, "GetObject": 2, …}}, operations in name order. */
    ObjectNode snapshot() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        new TreeMap<>(counts).forEach((operation, n) -> node.put(operation, n.sum()));
        return node;
    }
}
