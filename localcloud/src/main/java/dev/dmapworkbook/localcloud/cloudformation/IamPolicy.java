package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.iam.IamRoles;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code AWS::IAM::Policy} (AWS, "AWS::IAM::Policy"): an inline policy put on each of its {@code Roles}; Ref is a
 * generated id. Users and groups are not modelled by the local IAM store, so {@code Users}/{@code Groups} fail
 * the resource naming them.
 */
final class IamPolicy implements ResourceType {
    private final Neighbours neighbours;

    IamPolicy(Neighbours neighbours) {
        this.neighbours = neighbours;
    }

    public String type() {
        return "AWS::IAM::Policy";
    }

    public Set<String> properties() {
        return Set.of("PolicyName", "PolicyDocument", "Roles");
    }

    public Set<String> requiredProperties() {
        return Set.of("PolicyName", "PolicyDocument");
    }

    public Set<String> replacingProperties() {
        return Set.of();
    }

    public Optional<String> nameProperty() {
        return Optional.empty();
    }

    public Set<String> attributes() {
        return Set.of("Id");
    }

    public Provisioned create(ResourceContext context, JsonNode properties) {
        put(neighbours.iam(), properties, roles(properties));
        String id = context.stackName().substring(0, Math.min(5, context.stackName().length())) + "-"
                + context.logicalId().substring(0, Math.min(5, context.logicalId().length())) + "-"
                + ResourceContext.random(12, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        return new Provisioned(id, id, Json.object("Id", id));
    }

    public Provisioned update(ResourceContext context, Provisioned current, JsonNode oldProperties, JsonNode newProperties) {
        IamRoles iam = neighbours.iam();
        Set<String> newRoles = roles(newProperties);
        Set<String> gone = roles(oldProperties);
        if (oldProperties.path("PolicyName").equals(newProperties.path("PolicyName"))) {
            gone.removeAll(newRoles);
        }
        remove(iam, oldProperties.path("PolicyName").asText(), gone);
        put(iam, newProperties, newRoles);
        return current;
    }

    public void delete(ResourceContext context, Provisioned current, JsonNode properties) {
        remove(neighbours.iam(), properties.path("PolicyName").asText(), roles(properties));
    }

    private static void put(IamRoles iam, JsonNode properties, Set<String> roles) {
        String document = Properties.document(properties.get("PolicyDocument"));
        try {
            for (String role : roles) {
                iam.putRolePolicy(role, properties.get("PolicyName").asText(), document);
            }
        } catch (ServiceException e) {
            throw ResourceFailure.of("Iam", e);
        }
    }

    private static void remove(IamRoles iam, String policyName, Set<String> roles) {
        for (String role : roles) {
            try {
                iam.deleteRolePolicy(role, policyName);
            } catch (ServiceException e) {
                if (!e.code().equals("NoSuchEntity")) {
                    throw ResourceFailure.of("Iam", e);
                }
            }
        }
    }

    private static Set<String> roles(JsonNode properties) {
        Set<String> roles = new LinkedHashSet<>();
        properties.path("Roles").forEach(r -> roles.add(r.asText()));
        if (roles.isEmpty()) {
            throw new ResourceFailure("Properties validation failed: at least one of Roles, Users or Groups is required"
                    + " (the local cloud implements Roles)");
        }
        return roles;
    }
}
