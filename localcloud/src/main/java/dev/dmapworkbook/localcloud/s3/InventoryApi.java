package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.core.Xml;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;

import java.util.List;
import java.util.Optional;

/**
 * {@code ?inventory} on a bucket (S3 API Reference): PutBucketInventoryConfiguration,
 * GetBucketInventoryConfiguration, DeleteBucketInventoryConfiguration (each with {@code &id=}) and
 * ListBucketInventoryConfigurations (no id; 100 per page, {@code continuation-token}).
 */
final class InventoryApi {
    private static final int PAGE = 100;

    private final ObjectStore store;
    private final InventoryConfigurations configurations;

    InventoryApi(ObjectStore store, InventoryConfigurations configurations) {
        this.store = store;
        this.configurations = configurations;
    }

    EdgeResponse handle(EdgeRequest r, String bucket) {
        store.bucket(bucket);
        Optional<String> id = r.query("id").filter(s -> !s.isEmpty());
        switch (r.method()) {
            case "PUT" -> {
                byte[] body = r.bodyBytes();
                RequestContent.verify(r, body, false);
                configurations.put(bucket, InventoryConfiguration.parse(body, requireId(r, id)));
                return EdgeResponse.empty(200);
            }
            case "GET" -> {
                if (id.isEmpty()) {
                    return list(r, bucket);
                }
                Xml xml = new Xml();
                configurations.require(bucket, id.get()).writeTo(xml, "InventoryConfiguration", S3Xml.NAMESPACE);
                return EdgeResponse.xml(200, xml.toString());
            }
            case "DELETE" -> {
                configurations.delete(bucket, requireId(r, id));
                return EdgeResponse.empty(204);
            }
            default -> throw S3Error.METHOD_NOT_ALLOWED.exception().with("Method", r.method())
                    .with("ResourceType", "INVENTORY");
        }
    }

    private EdgeResponse list(EdgeRequest r, String bucket) {
        Optional<String> token = r.query("continuation-token");
        List<InventoryConfiguration> rest = configurations.list(bucket, token.map(ContinuationTokens::decode).orElse(null));
        boolean truncated = rest.size() > PAGE;
        List<InventoryConfiguration> page = truncated ? rest.subList(0, PAGE) : rest;
        Xml xml = new Xml().open("ListInventoryConfigurationsResult", S3Xml.NAMESPACE);
        page.forEach(c -> c.writeTo(xml, "InventoryConfiguration", null));
        xml.element("IsTruncated", truncated).element("ContinuationToken", token.orElse(null))
                .element("NextContinuationToken", truncated ? ContinuationTokens.encode(page.get(PAGE - 1).id()) : null)
                .close("ListInventoryConfigurationsResult");
        return EdgeResponse.xml(200, xml.toString());
    }

    /** [GUESS] the code S3 answers for a missing {@code id} is not documented; InvalidArgument names it. */
    private static String requireId(EdgeRequest r, Optional<String> id) {
        return id.orElseThrow(() -> S3Error.INVALID_ARGUMENT.exception("The " + r.method()
                + " inventory request needs the id query parameter (?inventory&id=<configuration id>)")
                .with("ArgumentName", "id").with("ArgumentValue", ""));
    }
}
