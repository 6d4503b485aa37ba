package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.edge.AwsProtocol;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.lambda.LambdaInvoker;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMaps;

import java.time.Clock;
import java.util.Set;

/**
 * AWS Step Functions on the edge: awsJson 1.0, {@code X-Amz-Target: AWSStepFunctions.<Operation>}, signing name
 * {@code states} (spec §1). State lives under {@code <dataDir>/states/}; Wait states, retry intervals and timeouts
 * are scaled by {@link LocalCloudConfig#waitScale()}.
 */
public final class StatesService implements Service {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final ExecutionStore store;
    private final TaskIntegrations integrations = new TaskIntegrations();
    private final StatesEngine engine;
    private final StatesApi api;

    public StatesService(LocalCloudConfig config) {
        Clock clock = Clock.systemUTC();
        this.store = new ExecutionStore(config.dataDir(), clock, config.sfnSync(), ExecutionStore.COMPACT_BYTES);
        this.engine = new StatesEngine(store, integrations, clock, config.waitScale());
        this.api = new StatesApi(engine);
    }

    /** Wires Lambda for Task states ({@code LambdaService#invoker()}). */
    public StatesService useLambda(LambdaInvoker invoker) {
        integrations.useLambda(invoker);
        return this;
    }

    /** Wires DynamoDB for the optimized {@code dynamodb:getItem/putItem} integrations ({@code DynamoDbService::call}). */
    public StatesService useDynamoDb(TaskIntegrationsCall call) {
        integrations.useDynamoDb(call::call);
        return this;
    }

    /** The in-process shape of a JSON-protocol service's {@code call} method. */
    @FunctionalInterface
    public interface TaskIntegrationsCall {
        JsonNode call(String operation, JsonNode input, String region);
    }

    /** Registers the Distributed Map implementation (issue 6); until then DISTRIBUTED maps are refused. */
    public StatesService useDistributedMap(DistributedMaps support) {
        engine.useDistributedMap(support);
        api.useDistributedMap(support);
        return this;
    }

    @Override
    public String signingName() {
        return "states";
    }

    @Override
    public AwsProtocol protocol() {
        return AwsProtocol.AWS_JSON_1_0;
    }

    @Override
    public Set<String> targetPrefixes() {
        return Set.of("AWSStepFunctions");
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        String target = request.header("X-Amz-Target").orElse("");
        String operation = target.substring(target.indexOf('.') + 1);
        JsonNode input;
        try {
            input = Json.parse(request.bodyBytes());
        } catch (IllegalArgumentException e) {
            throw StatesError.SERIALIZATION.exception("The request body is not valid JSON: " + e.getMessage());
        }
        if (!input.isObject()) {
            throw StatesError.SERIALIZATION.exception("The request body must be a JSON object");
        }
        JsonNode out = call(operation, input, request.region());
        return EdgeResponse.json(200, out).header("Content-Type", CONTENT_TYPE);
    }

    /** The same operations in-process (CloudFormation), with the wire's semantics and errors. */
    public JsonNode call(String operation, JsonNode input, String region) {
        try {
            return api.call(operation, input, region);
        } finally {
            // an answer, even an error, may show a change: it goes out once the change is journaled (README)
            try {
                store.awaitDurable();
            } catch (java.io.UncheckedIOException e) {
                throw new dev.dmapworkbook.localcloud.core.ServiceException(500, "ServiceUnavailable", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
