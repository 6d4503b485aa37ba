package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.iam.IamRoles;
import dev.dmapworkbook.localcloud.iam.Role;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code AWS::IAM::Role} (AWS, "AWS::IAM::Role"): Ref is the role name; attributes Arn and RoleId. Inline
 * {@code Policies} and {@code ManagedPolicyArns} are put and attached after the role, and removed before it is
 * deleted, as CloudFormation does. The local IAM store records roles; it does not enforce them.
 */
final class IamRole implements ResourceType {
    private final Neighbours neighbours;

    IamRole(Neighbours neighbours) {
        this.neighbours = neighbours;
    }

    public String type() {
        return "AWS::IAM::Role";
    }

    public Set<String> properties() {
        return Set.of("AssumeRolePolicyDocument", "Description", "ManagedPolicyArns", "MaxSessionDuration", "Path",
                "PermissionsBoundary", "Policies", "RoleName", "Tags");
    }

    public Set<String> requiredProperties() {
        return Set.of("AssumeRolePolicyDocument");
    }

    public Set<String> replacingProperties() {
        return Set.of("RoleName", "Path");
    }

    public Optional<String> nameProperty() {
        return Optional.of("RoleName");
    }

    public Set<String> attributes() {
        return Set.of("Arn", "RoleId");
    }

    public Provisioned create(ResourceContext context, JsonNode properties) {
        String name = properties.hasNonNull("RoleName") ? Properties.text(properties, "RoleName") : context.generatedName(64, false);
        IamRoles iam = neighbours.iam();
        try {
            Role role = createRole(iam, name, properties);
            return provisioned(role);
        } catch (ServiceException e) {
            throw ResourceFailure.of("Iam", e);
        }
    }

    private static Role createRole(IamRoles iam, String name, JsonNode properties) {
        Integer maxSession = Properties.integer(properties, "MaxSessionDuration");
        Role role = iam.createRole(name, Properties.text(properties, "Path"),
                Properties.document(properties.get("AssumeRolePolicyDocument")), Properties.text(properties, "Description"),
                maxSession == null ? 3600 : maxSession, Properties.text(properties, "PermissionsBoundary"),
                Properties.tags(properties));
        for (var policy : policies(properties).entrySet()) {
            role = iam.putRolePolicy(name, policy.getKey(), policy.getValue());
        }
        for (JsonNode arn : properties.path("ManagedPolicyArns")) {
            role = iam.attachRolePolicy(name, arn.asText());
        }
        return role;
    }

    public Provisioned update(ResourceContext context, Provisioned current, JsonNode oldProperties, JsonNode newProperties) {
        IamRoles iam = neighbours.iam();
        String name = current.physicalId();
        try {
            boolean roleItself = false;
            for (String p : List.of("AssumeRolePolicyDocument", "Description", "MaxSessionDuration", "PermissionsBoundary", "Tags")) {
                roleItself |= !Objects.equals(oldProperties.get(p), newProperties.get(p));
            }
            if (roleItself) {
                // The local IAM store has no UpdateAssumeRolePolicy/UpdateRole: recreate the role under the same name.
                removePolicies(iam, name);
                iam.deleteRole(name);
                return provisioned(createRole(iam, name, newProperties));
            }
            updateInlinePolicies(iam, name, policies(oldProperties), policies(newProperties));
            updateManagedPolicies(iam, name, arns(oldProperties), arns(newProperties));
            return provisioned(iam.getRole(name));
        } catch (ServiceException e) {
            throw ResourceFailure.of("Iam", e);
        }
    }

    private static void updateInlinePolicies(IamRoles iam, String name, Map<String, String> before, Map<String, String> after) {
        for (String policy : before.keySet()) {
            if (!after.containsKey(policy)) {
                iam.deleteRolePolicy(name, policy);
            }
        }
        after.forEach((policy, document) -> {
            if (!document.equals(before.get(policy))) {
                iam.putRolePolicy(name, policy, document);
            }
        });
    }

    private static void updateManagedPolicies(IamRoles iam, String name, Set<String> oldArns, Set<String> newArns) {
        for (String arn : oldArns) {
            if (!newArns.contains(arn)) {
                iam.detachRolePolicy(name, arn);
            }
        }
        for (String arn : newArns) {
            if (!oldArns.contains(arn)) {
                iam.attachRolePolicy(name, arn);
            }
        }
    }

    public void delete(ResourceContext context, Provisioned current, JsonNode properties) {
        IamRoles iam = neighbours.iam();
        try {
            removePolicies(iam, current.physicalId());
            iam.deleteRole(current.physicalId());
        } catch (ServiceException e) {
            if (!e.code().equals("NoSuchEntity")) {
                throw ResourceFailure.of("Iam", e);
            }
        }
    }

    /** Inline policies and attached managed policies go first: IAM refuses to delete a role that has them. */
    private static void removePolicies(IamRoles iam, String name) {
        Role role = iam.getRole(name);
        for (String policy : role.inlinePolicies().keySet()) {
            iam.deleteRolePolicy(name, policy);
        }
        for (String arn : role.attachedPolicyArns()) {
            iam.detachRolePolicy(name, arn);
        }
    }

    private static Map<String, String> policies(JsonNode properties) {
        Map<String, String> policies = new LinkedHashMap<>();
        for (JsonNode policy : properties.path("Policies")) {
            if (!policy.hasNonNull("PolicyName") || !policy.hasNonNull("PolicyDocument")) {
                throw new ResourceFailure("Properties validation failed: each of Policies needs PolicyName and PolicyDocument");
            }
            policies.put(policy.get("PolicyName").asText(), Properties.document(policy.get("PolicyDocument")));
        }
        return policies;
    }

    private static Set<String> arns(JsonNode properties) {
        Set<String> arns = new HashSet<>();
        properties.path("ManagedPolicyArns").forEach(a -> arns.add(a.asText()));
        return arns;
    }

    private static Provisioned provisioned(Role role) {
        return new Provisioned(role.name(), role.name(), Json.object("Arn", role.arn(), "RoleId", role.roleId()));
    }
}
