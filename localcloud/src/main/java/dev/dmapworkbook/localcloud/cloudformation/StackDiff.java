package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.Objects;

/**
 * What a plan would change in a stack, in the shapes DescribeChangeSet reports (AWS, "Change", "ResourceChange"):
 * resources added, modified (with {@code Replacement} True, False or Conditional when a value depends on a
 * resource the change itself modifies) and removed. Call with the stack's lock held.
 */
final class StackDiff {
    private StackDiff() {
    }

    /** {@code stack} null for a stack that does not exist yet. */
    static ArrayNode changes(Stack stack, StackPlan plan, ResourceTypes types, Intrinsics.Lookup current) {
        ArrayNode changes = Json.MAPPER.createArrayNode();
        Intrinsics intrinsics = plan.intrinsics(current);
        for (String logicalId : plan.order()) {
            Template.Resource declared = plan.template().resources().get(logicalId);
            Stack.Resource existing = stack == null ? null : stack.resources.get(logicalId);
            if (existing == null || existing.provisioned == null) {
                changes.add(change("Add", logicalId, null, declared.type(), null));
                continue;
            }
            if (!existing.type.equals(declared.type())) {
                changes.add(change("Modify", logicalId, existing.physicalId, declared.type(), "True"));
                continue;
            }
            JsonNode properties;
            try {
                properties = intrinsics.resolve(declared.properties(), declared.pointer() + "/Properties");
            } catch (ProvisionedLookup.NotYetProvisioned e) {
                changes.add(change("Modify", logicalId, existing.physicalId, declared.type(), "Conditional"));
                continue;
            }
            if (properties.equals(existing.properties)) {
                continue;
            }
            String replacement = types.find(declared.type())
                    .map(t -> t.replacingProperties().stream().anyMatch(p -> !Objects.equals(properties.get(p), existing.properties.get(p))))
                    .map(r -> r ? "True" : "False").orElse("Conditional");
            changes.add(change("Modify", logicalId, existing.physicalId, declared.type(), replacement));
        }
        if (stack != null) {
            for (Stack.Resource r : stack.resources.values()) {
                if (!plan.dependencies().containsKey(r.logicalId) && r.provisioned != null) {
                    changes.add(change("Remove", r.logicalId, r.physicalId, r.type, null));
                }
            }
        }
        return changes;
    }

    /** No resource changes and nothing else a stack reports (parameters, outputs, description) changes. */
    static boolean noChanges(Stack stack, StackPlan plan, Intrinsics.Lookup current, ArrayNode changes) {
        if (!changes.isEmpty() || !plan.parameterValues().equals(stack.parameters)
                || !Objects.equals(plan.template().description(), stack.description)) {
            return false;
        }
        try {
            return plan.outputs(plan.intrinsics(current)).equals(stack.outputs);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ObjectNode change(String action, String logicalId, String physicalId, String type, String replacement) {
        ObjectNode resourceChange = Json.object("Action", action, "LogicalResourceId", logicalId,
                "PhysicalResourceId", physicalId, "ResourceType", type, "Replacement", replacement);
        resourceChange.putArray("Scope");
        resourceChange.putArray("Details");
        ObjectNode change = Json.object("Type", "Resource");
        change.set("ResourceChange", resourceChange);
        return change;
    }
}
