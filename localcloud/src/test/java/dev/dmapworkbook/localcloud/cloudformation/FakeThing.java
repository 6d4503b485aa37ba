package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resource type for engine tests ({@code Test::Local::Thing}): "provisions" an entry in a map, fails on
 * request ({@code FailCreate}, {@code FailUpdate}, {@code FailDelete}), so the tests can see what exists.
 */
final class FakeThing implements ResourceType {
    static final String TYPE = "Test::Local::Thing";
    final Map<String, JsonNode> things = new ConcurrentHashMap<>();

    public String type() {
        return TYPE;
    }

    public Set<String> properties() {
        return Set.of("Name", "Shape", "Value", "FailCreate", "FailUpdate", "FailDelete");
    }

    public Set<String> requiredProperties() {
        return Set.of();
    }

    public Set<String> replacingProperties() {
        return Set.of("Name", "Shape");
    }

    public Optional<String> nameProperty() {
        return Optional.of("Name");
    }

    public Set<String> attributes() {
        return Set.of("Arn", "Value");
    }

    public Provisioned create(ResourceContext context, JsonNode properties) {
        if (properties.path("FailCreate").asBoolean()) {
            throw new ResourceFailure("Thing refused to be created");
        }
        String name = properties.hasNonNull("Name") ? properties.get("Name").asText() : context.generatedName(64, false);
        things.put(name, properties);
        return provisioned(context, name, properties);
    }

    public Provisioned update(ResourceContext context, Provisioned current, JsonNode oldProperties, JsonNode newProperties) {
        if (newProperties.path("FailUpdate").asBoolean()) {
            throw new ResourceFailure("Thing refused to be updated");
        }
        things.put(current.physicalId(), newProperties);
        return provisioned(context, current.physicalId(), newProperties);
    }

    public void delete(ResourceContext context, Provisioned current, JsonNode lastProperties) {
        JsonNode properties = things.get(current.physicalId());
        if (properties != null && properties.path("FailDelete").asBoolean()) {
            throw new ResourceFailure("Thing refused to be deleted");
        }
        things.remove(current.physicalId());
    }

    private static Provisioned provisioned(ResourceContext context, String name, JsonNode properties) {
        return new Provisioned(name, name, Json.object("Arn", context.arn("test", "thing/" + name),
                "Value", properties.path("Value").asText("")));
    }
}
