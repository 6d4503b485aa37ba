package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.AwsProtocol;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.edge.Service;

import java.nio.file.Path;
import java.time.Clock;

/**
 * S3 behind the edge (REST-XML, path-style and virtual-host-style addressing) over an {@link ObjectStore}
 * in {@code <dataDir>/s3}. Other services use the same store in-process through {@link #objects()}.
 */
public final class S3Service implements Service {
    private final ObjectStore store;
    private final S3Api api;
    private final InventoryReport inventoryReports;
    private final S3LocalEndpoints localEndpoints;

    /** Opens (or creates) the store under {@code root}, normally {@code <dataDir>/s3}. Cheap: bucket indexes load on first use. */
    public S3Service(Path root) {
        this.store = new ObjectStore(root);
        InventoryConfigurations inventory = new InventoryConfigurations(store);
        this.api = new S3Api(store, inventory);
        this.inventoryReports = new InventoryReport(store, inventory, Clock.systemUTC());
        this.localEndpoints = new S3LocalEndpoints(store, inventoryReports);
    }

    /** Publishes the inventory report of configuration {@code id} on {@code bucket} now (see {@link InventoryReport}). */
    public InventoryReport.Published publishInventory(String bucket, String id, int rowsPerFile) {
        return inventoryReports.publish(bucket, id, rowsPerFile);
    }

    /** The buckets' names in ListBuckets order (the console's list). */
    public java.util.List<String> bucketNames() {
        return store.buckets().stream().map(Bucket::name).sorted().toList();
    }

    /** In-process S3 for the other services: same store, same errors as the wire API. */
    public S3Objects objects() {
        return store;
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public AwsProtocol protocol() {
        return AwsProtocol.REST_XML;
    }

    @Override
    public boolean ownsPath(String path) {
        return S3LocalEndpoints.owns(path);
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) throws Exception {
        if (S3LocalEndpoints.owns(request.path())) {
            return localEndpoints.handle(request);
        }
        return api.handle(request);
    }

    @Override
    public void close() {
        store.close();
    }
}
