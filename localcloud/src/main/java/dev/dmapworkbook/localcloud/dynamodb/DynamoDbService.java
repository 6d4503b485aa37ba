package dev.dmapworkbook.localcloud.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.edge.AwsProtocol;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.core.ServiceException;

import java.nio.file.Path;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * DynamoDB (awsJson 1.0, {@code X-Amz-Target: DynamoDB_20120810.<Operation>}) and DynamoDB Streams,
 * answered by DynamoDB Local running in this JVM. Response bodies and errors are DynamoDB Local's own bytes,
 * with the {@code x-amz-crc32} header DynamoDB sends and the SDK checks. Data lives in
 * {@code <dataDir>/dynamodb/shared-local-instance.db}.
 */
public final class DynamoDbService implements Service {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final DynamoDbLocalEngine engine;

    /** Starts DynamoDB Local in the background; requests that arrive before it is ready wait for it. */
    public DynamoDbService(Path dataDir) {
        this.engine = new DynamoDbLocalEngine(dataDir.resolve("dynamodb"));
    }

    @Override
    public String signingName() {
        return "dynamodb";
    }

    @Override
    public AwsProtocol protocol() {
        return AwsProtocol.AWS_JSON_1_0;
    }

    @Override
    public Set<String> targetPrefixes() {
        return Set.of(DynamoDbLocalEngine.TARGET_PREFIX, DynamoDbLocalEngine.STREAMS_TARGET_PREFIX);
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        String target = request.header("X-Amz-Target").orElse("");
        int dot = target.indexOf('.');
        String prefix = dot < 0 ? target : target.substring(0, dot);
        String operation = dot < 0 ? "" : target.substring(dot + 1);
        DynamoDbLocalEngine.Reply reply = engine.execute(prefix, operation, request.bodyBytes(), request.region());
        CRC32 crc = new CRC32();
        crc.update(reply.body());
        return EdgeResponse.bytes(reply.status(), reply.body(), CONTENT_TYPE)
                .header("x-amz-crc32", Long.toString(crc.getValue()));
    }

    /**
     * Runs one DynamoDB operation in-process (CloudFormation tables, Step Functions' {@code dynamodb:*}
     * integrations) with exactly the wire semantics: {@code input} is the operation's JSON request, the result
     * its JSON response. A DynamoDB error is thrown as a {@link ServiceException} whose code is the short error
     * name ({@code ConditionalCheckFailedException}, {@code ResourceNotFoundException}, …), whose status is
     * DynamoDB's, and which carries the wire {@code __type} as the extra field {@code __type}.
     */
    public JsonNode call(String operation, JsonNode input, String region) {
        byte[] body = Json.write(input == null ? Json.MAPPER.createObjectNode() : input)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DynamoDbLocalEngine.Reply reply = engine.execute(DynamoDbLocalEngine.TARGET_PREFIX, operation, body, region);
        JsonNode answer = Json.parse(reply.body());
        if (reply.ok()) {
            return answer;
        }
        String type = answer.path("__type").asText("InternalFailure");
        String message = answer.has("message") ? answer.path("message").asText() : answer.path("Message").asText("");
        throw new ServiceException(reply.status(), type.substring(type.indexOf('#') + 1), message).with("__type", type);
    }

    /** Milliseconds DynamoDB Local took to open its database, or -1 while it is starting. */
    public long startMillis() {
        return engine.startMillis();
    }

    @Override
    public String state() {
        return engine.state();
    }

    @Override
    public void close() {
        engine.close();
    }
}
