package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.edge.AwsProtocol;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.edge.Service;

import java.nio.file.Path;

/**
 * S3 behind the edge (REST-XML, path-style and virtual-host-style addressing) over an {@link ObjectStore}
 * in {@code <dataDir>/s3}. Other services use the same store in-process through {@link #objects()}.
 */
public final class S3Service implements Service {
    private final ObjectStore store;
    private final S3Api api;

    /** Opens (or creates) the store under {@code root}, normally {@code <dataDir>/s3}. Cheap: bucket indexes load on first use. */
    public S3Service(Path root) {
        this.store = new ObjectStore(root);
        this.api = new S3Api(store);
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
    public EdgeResponse handle(EdgeRequest request) throws Exception {
        return api.handle(request);
    }

    @Override
    public void close() {
        store.close();
    }
}
