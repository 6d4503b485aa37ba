package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code AWS::DynamoDB::Table} (AWS, "AWS::DynamoDB::Table") through DynamoDB's own CreateTable/UpdateTable/
 * DeleteTable, in-process: Ref is the table name; attributes Arn and StreamArn as DynamoDB reports them.
 * {@code StreamSpecification.StreamViewType} becomes the API's {@code StreamEnabled}+{@code StreamViewType};
 * capacity numbers given as strings are converted, as CloudFormation does.
 */
final class DynamoDbTable implements ResourceType {
    private static final Set<String> IN_PLACE = Set.of("BillingMode", "ProvisionedThroughput", "StreamSpecification",
            "DeletionProtectionEnabled", "TableClass");

    private final Neighbours neighbours;

    DynamoDbTable(Neighbours neighbours) {
        this.neighbours = neighbours;
    }

    public String type() {
        return "AWS::DynamoDB::Table";
    }

    public Set<String> properties() {
        return Set.of("TableName", "AttributeDefinitions", "KeySchema", "BillingMode", "ProvisionedThroughput",
                "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "StreamSpecification", "SSESpecification",
                "DeletionProtectionEnabled", "TableClass", "Tags");
    }

    public Set<String> requiredProperties() {
        return Set.of("KeySchema");
    }

    public Set<String> replacingProperties() {
        return Set.of("TableName", "KeySchema", "LocalSecondaryIndexes");
    }

    public Optional<String> nameProperty() {
        return Optional.of("TableName");
    }

    public Set<String> attributes() {
        return Set.of("Arn", "StreamArn");
    }

    public Provisioned create(ResourceContext context, JsonNode properties) {
        String name = properties.hasNonNull("TableName") ? Properties.text(properties, "TableName") : context.generatedName(255, false);
        ObjectNode request = Json.object("TableName", name);
        request.set("AttributeDefinitions", properties.path("AttributeDefinitions"));
        request.set("KeySchema", properties.get("KeySchema"));
        String billing = Properties.text(properties, "BillingMode");
        if (billing != null) {
            request.put("BillingMode", billing);
        }
        if (properties.has("ProvisionedThroughput")) {
            request.set("ProvisionedThroughput", throughput(properties.get("ProvisionedThroughput")));
        }
        for (String indexes : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            if (properties.has(indexes)) {
                ArrayNode list = request.putArray(indexes);
                for (JsonNode index : properties.get(indexes)) {
                    ObjectNode copy = index.deepCopy();
                    if (copy.has("ProvisionedThroughput")) {
                        copy.set("ProvisionedThroughput", throughput(copy.get("ProvisionedThroughput")));
                    }
                    list.add(copy);
                }
            }
        }
        if (properties.has("StreamSpecification")) {
            request.set("StreamSpecification", stream(properties.get("StreamSpecification")));
        }
        for (String passThrough : List.of("SSESpecification", "DeletionProtectionEnabled", "TableClass", "Tags")) {
            if (properties.has(passThrough)) {
                request.set(passThrough, properties.get(passThrough));
            }
        }
        JsonNode table = neighbours.dynamodb().call("CreateTable", request, context.region()).path("TableDescription");
        return provisioned(name, table);
    }

    public Provisioned update(ResourceContext context, Provisioned current, JsonNode oldProperties, JsonNode newProperties) {
        Set<String> changed = new TreeSet<>();
        for (String p : properties()) {
            if (!Objects.equals(oldProperties.get(p), newProperties.get(p))) {
                changed.add(p);
            }
        }
        changed.remove("AttributeDefinitions"); // only meaningful with a key or index change, handled there
        Set<String> unsupported = new TreeSet<>(changed);
        unsupported.removeAll(IN_PLACE);
        if (!unsupported.isEmpty()) {
            throw new ResourceFailure("Updating " + unsupported + " of an AWS::DynamoDB::Table in place is not implemented by the local cloud");
        }
        ObjectNode request = Json.object("TableName", current.physicalId());
        if (changed.contains("BillingMode") || changed.contains("ProvisionedThroughput")) {
            String billing = Optional.ofNullable(Properties.text(newProperties, "BillingMode")).orElse("PROVISIONED");
            request.put("BillingMode", billing);
            if (billing.equals("PROVISIONED")) {
                request.set("ProvisionedThroughput", throughput(newProperties.path("ProvisionedThroughput")));
            }
        }
        if (changed.contains("StreamSpecification")) {
            request.set("StreamSpecification", newProperties.has("StreamSpecification")
                    ? stream(newProperties.get("StreamSpecification")) : Json.object("StreamEnabled", false));
        }
        if (changed.contains("DeletionProtectionEnabled")) {
            request.put("DeletionProtectionEnabled", newProperties.path("DeletionProtectionEnabled").asBoolean());
        }
        if (changed.contains("TableClass")) {
            request.put("TableClass", Optional.ofNullable(Properties.text(newProperties, "TableClass")).orElse("STANDARD"));
        }
        if (request.size() == 1) {
            return current;
        }
        JsonNode table = neighbours.dynamodb().call("UpdateTable", request, context.region()).path("TableDescription");
        return provisioned(current.physicalId(), table);
    }

    public void delete(ResourceContext context, Provisioned current, JsonNode properties) {
        try {
            neighbours.dynamodb().call("DeleteTable", Json.object("TableName", current.physicalId()), context.region());
        } catch (ResourceFailure e) {
            if (!e.is("ResourceNotFoundException")) {
                throw e;
            }
        }
    }

    private static ObjectNode throughput(JsonNode given) {
        return Json.object("ReadCapacityUnits", Long.parseLong(Properties.text(given, "ReadCapacityUnits")),
                "WriteCapacityUnits", Long.parseLong(Properties.text(given, "WriteCapacityUnits")));
    }

    private static ObjectNode stream(JsonNode specification) {
        return Json.object("StreamEnabled", true, "StreamViewType", Properties.text(specification, "StreamViewType"));
    }

    private static Provisioned provisioned(String name, JsonNode table) {
        ObjectNode attributes = Json.object("Arn", table.path("TableArn").asText());
        if (table.hasNonNull("LatestStreamArn")) {
            attributes.put("StreamArn", table.get("LatestStreamArn").asText());
        }
        return new Provisioned(name, name, attributes);
    }
}
