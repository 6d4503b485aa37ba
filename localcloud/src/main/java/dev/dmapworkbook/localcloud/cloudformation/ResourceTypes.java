package dev.dmapworkbook.localcloud.cloudformation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The resource types this local cloud provisions; any other type fails its resource naming the type. */
final class ResourceTypes {
    private final Map<String, ResourceType> byName = new LinkedHashMap<>();

    ResourceTypes(List<ResourceType> types) {
        types.forEach(t -> byName.put(t.type(), t));
    }

    static ResourceTypes standard(Neighbours neighbours) {
        return new ResourceTypes(List.of(new S3Bucket(neighbours), new IamRole(neighbours), new IamPolicy(neighbours),
                new DynamoDbTable(neighbours), new LambdaFunction(neighbours), new StepFunctionsStateMachine(neighbours),
                new LogsLogGroup(neighbours)));
    }

    Optional<ResourceType> find(String type) {
        return Optional.ofNullable(byName.get(type));
    }

    Set<String> names() {
        return byName.keySet();
    }
}
