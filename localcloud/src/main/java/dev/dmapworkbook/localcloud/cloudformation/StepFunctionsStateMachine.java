package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code AWS::StepFunctions::StateMachine} (AWS, "AWS::StepFunctions::StateMachine") through Step Functions'
 * CreateStateMachine/UpdateStateMachine/DeleteStateMachine, in-process. The definition comes from exactly one
 * of {@code Definition} (an object), {@code DefinitionString} or {@code DefinitionS3Location}; each
 * {@code ${Name}} of {@code DefinitionSubstitutions} is then replaced in its text. Ref is the ARN.
 */
final class StepFunctionsStateMachine implements ResourceType {
    private final Neighbours neighbours;

    StepFunctionsStateMachine(Neighbours neighbours) {
        this.neighbours = neighbours;
    }

    public String type() {
        return "AWS::StepFunctions::StateMachine";
    }

    public Set<String> properties() {
        return Set.of("StateMachineName", "StateMachineType", "RoleArn", "Definition", "DefinitionString",
                "DefinitionS3Location", "DefinitionSubstitutions", "LoggingConfiguration", "TracingConfiguration", "Tags");
    }

    public Set<String> requiredProperties() {
        return Set.of("RoleArn");
    }

    public Set<String> replacingProperties() {
        return Set.of("StateMachineName", "StateMachineType");
    }

    public Optional<String> nameProperty() {
        return Optional.of("StateMachineName");
    }

    public Set<String> attributes() {
        return Set.of("Arn", "Name", "StateMachineRevisionId");
    }

    public Provisioned create(ResourceContext context, JsonNode properties) {
        String name = properties.hasNonNull("StateMachineName") ? Properties.text(properties, "StateMachineName")
                : context.logicalId() + "-" + ResourceContext.random(12, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
        ObjectNode request = Json.object("name", name, "definition", definition(properties),
                "roleArn", Properties.text(properties, "RoleArn"),
                "type", Optional.ofNullable(Properties.text(properties, "StateMachineType")).orElse("STANDARD"));
        configuration(properties, request);
        if (properties.has("Tags")) {
            request.set("tags", Casing.lowerTags(Properties.tags(properties)));
        }
        JsonNode created = neighbours.stepFunctions().call("CreateStateMachine", request, context.region());
        return provisioned(context, name, created.path("stateMachineArn").asText(), created);
    }

    public Provisioned update(ResourceContext context, Provisioned current, JsonNode oldProperties, JsonNode newProperties) {
        if (!Objects.equals(oldProperties.get("Tags"), newProperties.get("Tags"))) {
            throw new ResourceFailure("Updating Tags of an AWS::StepFunctions::StateMachine is not implemented by the local cloud");
        }
        ObjectNode request = Json.object("stateMachineArn", current.ref(), "definition", definition(newProperties),
                "roleArn", Properties.text(newProperties, "RoleArn"));
        configuration(newProperties, request);
        JsonNode updated = neighbours.stepFunctions().call("UpdateStateMachine", request, context.region());
        return provisioned(context, current.physicalId().substring(current.physicalId().lastIndexOf(':') + 1),
                current.ref(), updated);
    }

    public void delete(ResourceContext context, Provisioned current, JsonNode properties) {
        try {
            neighbours.stepFunctions().call("DeleteStateMachine",
                    Json.object("stateMachineArn", current.ref()), context.region());
        } catch (ResourceFailure e) {
            if (!e.is("StateMachineDoesNotExist")) {
                throw e;
            }
        }
    }

    private String definition(JsonNode properties) {
        List<String> given = properties().stream().filter(p -> p.startsWith("Definition") && !p.equals("DefinitionSubstitutions")
                && properties.has(p)).sorted().toList();
        if (given.size() != 1) {
            throw new ResourceFailure("Properties validation failed: exactly one of Definition, DefinitionS3Location or"
                    + " DefinitionString is required (got " + given + ")");
        }
        String text = switch (given.get(0)) {
            case "Definition" -> Json.write(properties.get("Definition"));
            case "DefinitionString" -> Properties.text(properties, "DefinitionString");
            default -> fromS3(properties.get("DefinitionS3Location"));
        };
        JsonNode substitutions = properties.get("DefinitionSubstitutions");
        if (substitutions != null) {
            for (var it = substitutions.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode value = e.getValue();
                text = text.replace("${" + e.getKey() + "}", value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText());
            }
        }
        return text;
    }

    private String fromS3(JsonNode location) {
        if (location.has("Version")) {
            throw new ResourceFailure("DefinitionS3Location.Version is not implemented by the local cloud");
        }
        try (InputStream in = neighbours.s3().getObject(location.path("Bucket").asText(), location.path("Key").asText())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (ServiceException e) {
            throw ResourceFailure.of("Amazon S3", e);
        } catch (IOException e) {
            throw new ResourceFailure("cannot read DefinitionS3Location: " + e.getMessage());
        }
    }

    private static void configuration(JsonNode properties, ObjectNode request) {
        if (properties.has("LoggingConfiguration")) {
            request.set("loggingConfiguration", Casing.camel(properties.get("LoggingConfiguration")));
        }
        if (properties.has("TracingConfiguration")) {
            request.set("tracingConfiguration", Casing.camel(properties.get("TracingConfiguration")));
        }
    }

    private static Provisioned provisioned(ResourceContext context, String name, String arn, JsonNode response) {
        String revision = response.path("revisionId").asText("");
        return new Provisioned(arn, arn, Json.object("Arn", arn, "Name", name,
                "StateMachineRevisionId", revision.isEmpty() ? "INITIAL" : revision));
    }
}
