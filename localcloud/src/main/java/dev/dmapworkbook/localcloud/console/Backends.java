package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.cloudformation.CloudFormationService;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.dynamodb.DynamoDbService;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.lambda.LambdaService;
import dev.dmapworkbook.localcloud.logs.LogsService;
import dev.dmapworkbook.localcloud.s3.S3Service;
import dev.dmapworkbook.localcloud.states.StatesService;
import java.util.List;

/**
 * The services the console reads, called in-process with their APIs' own inputs, outputs and errors (the same
 * engines and stores the wire uses; never HTTP to itself).
 */
final class Backends {
    static final String REGION = LocalCloudConfig.DEFAULT_REGION;

    private final List<Service> services;

    Backends(List<Service> services) {
        this.services = List.copyOf(services);
    }

    JsonNode states(String operation, Object... input) {
        return find(StatesService.class).call(operation, Json.object(input), REGION);
    }

    JsonNode lambda(String operation, Object... input) {
        return find(LambdaService.class).call(operation, Json.object(input), REGION);
    }

    JsonNode logs(String operation, Object... input) {
        return find(LogsService.class).call(operation, Json.object(input), REGION);
    }

    JsonNode dynamodb(String operation, JsonNode input) {
        return find(DynamoDbService.class).call(operation, input, REGION);
    }

    S3Service s3() {
        return find(S3Service.class);
    }

    /** DescribeStacks of every live stack. */
    JsonNode stacks() {
        return find(CloudFormationService.class).describeLiveStacks();
    }

    private <T extends Service> T find(Class<T> type) {
        return services.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("the local cloud runs no " + type.getSimpleName()));
    }
}
