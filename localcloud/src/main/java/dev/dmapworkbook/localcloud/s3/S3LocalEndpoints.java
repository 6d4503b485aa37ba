package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;

/**
 * The local cloud's own S3 endpoints, which AWS does not have (JSON, unsigned, for the labs and the CLI):
 * {@code POST /_localcloud/s3-inventory?bucket=B&id=ID[&rowsPerFile=N]} publishes an inventory report now
 * (S3 publishes daily or weekly), {@code GET /_localcloud/s3-requests} counts the in-process S3 calls.
 */
final class S3LocalEndpoints {
    static final String INVENTORY_PATH = "/_localcloud/s3-inventory";
    static final String REQUESTS_PATH = "/_localcloud/s3-requests";

    private final ObjectStore store;
    private final InventoryReport reports;

    S3LocalEndpoints(ObjectStore store, InventoryReport reports) {
        this.store = store;
        this.reports = reports;
    }

    static boolean owns(String path) {
        return path.equals(INVENTORY_PATH) || path.equals(REQUESTS_PATH);
    }

    EdgeResponse handle(EdgeRequest r) {
        if (r.path().equals(REQUESTS_PATH) && r.method().equals("GET")) {
            return EdgeResponse.json(200, Json.object("inProcess", store.inProcessCalls.snapshot()));
        }
        if (r.path().equals(INVENTORY_PATH) && r.method().equals("POST")) {
            String bucket = required(r, "bucket");
            String id = required(r, "id");
            int rows = r.query("rowsPerFile").map(S3LocalEndpoints::positive).orElse(InventoryReport.DEFAULT_ROWS_PER_FILE);
            InventoryReport.Published published = reports.publish(bucket, id, rows);
            ObjectNode body = Json.object("destinationBucket", published.destinationBucket(),
                    "manifestKey", published.manifestKey(), "objects", published.objects());
            body.set("manifest", published.manifest());
            return EdgeResponse.json(200, body);
        }
        throw S3Error.METHOD_NOT_ALLOWED.exception("Use POST " + INVENTORY_PATH + "?bucket=B&id=ID or GET "
                + REQUESTS_PATH).with("Method", r.method()).with("ResourceType", "LOCALCLOUD");
    }

    private static String required(EdgeRequest r, String name) {
        return r.query(name).filter(v -> !v.isEmpty()).orElseThrow(() -> S3Error.INVALID_ARGUMENT
                .exception("Missing query parameter " + name + " (" + INVENTORY_PATH + "?bucket=B&id=ID)")
                .with("ArgumentName", name));
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the error below
        }
        throw new ServiceException(400, "InvalidArgument", "rowsPerFile must be a positive integer, not " + value);
    }
}
