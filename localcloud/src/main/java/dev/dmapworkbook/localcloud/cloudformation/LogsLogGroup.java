package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code AWS::Logs::LogGroup} (AWS, "AWS::Logs::LogGroup") through CloudWatch Logs' CreateLogGroup,
 * PutRetentionPolicy/DeleteRetentionPolicy and DeleteLogGroup, in-process. Ref is the name; attribute Arn
 * ({@code arn:aws:logs:<region>:<account>:log-group:<name>:*}).
 */
final class LogsLogGroup implements ResourceType {
    private final Neighbours neighbours;

    LogsLogGroup(Neighbours neighbours) {
        this.neighbours = neighbours;
    }

    public String type() {
        return "AWS::Logs::LogGroup";
    }

    public Set<String> properties() {
        return Set.of("LogGroupName", "RetentionInDays", "Tags");
    }

    public Set<String> requiredProperties() {
        return Set.of();
    }

    public Set<String> replacingProperties() {
        return Set.of("LogGroupName");
    }

    public Optional<String> nameProperty() {
        return Optional.of("LogGroupName");
    }

    public Set<String> attributes() {
        return Set.of("Arn");
    }

    public Provisioned create(ResourceContext context, JsonNode properties) {
        String name = properties.hasNonNull("LogGroupName") ? Properties.text(properties, "LogGroupName") : context.generatedName(512, false);
        Neighbours.JsonApi logs = neighbours.logs();
        ObjectNode request = Json.object("logGroupName", name);
        if (properties.has("Tags")) {
            request.set("tags", Json.MAPPER.valueToTree(Properties.tags(properties)));
        }
        logs.call("CreateLogGroup", request, context.region());
        if (properties.has("RetentionInDays")) {
            retention(logs, name, properties, context.region());
        }
        return new Provisioned(name, name, Json.object("Arn", context.arn("logs", "log-group:" + name + ":*")));
    }

    public Provisioned update(ResourceContext context, Provisioned current, JsonNode oldProperties, JsonNode newProperties) {
        if (!Objects.equals(oldProperties.get("Tags"), newProperties.get("Tags"))) {
            throw new ResourceFailure("Updating Tags of an AWS::Logs::LogGroup is not implemented by the local cloud");
        }
        retention(neighbours.logs(), current.physicalId(), newProperties, context.region());
        return current;
    }

    public void delete(ResourceContext context, Provisioned current, JsonNode properties) {
        try {
            neighbours.logs().call("DeleteLogGroup", Json.object("logGroupName", current.physicalId()), context.region());
        } catch (ResourceFailure e) {
            if (!e.is("ResourceNotFoundException")) {
                throw e;
            }
        }
    }

    private static void retention(Neighbours.JsonApi logs, String name, JsonNode properties, String region) {
        Integer days = Properties.integer(properties, "RetentionInDays");
        if (days != null) {
            logs.call("PutRetentionPolicy", Json.object("logGroupName", name, "retentionInDays", days), region);
        } else {
            logs.call("DeleteRetentionPolicy", Json.object("logGroupName", name), region);
        }
    }
}
