package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An update's background run (AWS, "Update behaviors of stack resources"): each resource is left alone, updated in
 * place or replaced, new ones are created, removed ones deleted once the rest succeeded; a failure rolls back what the
 * run did, from a {@link Snapshot} taken before it changed anything.
 */
final class StackUpdate {
    private final ResourceActions resources;
    private final StackEvents events;
    private final Function<Stack, Intrinsics.Lookup> lookup;

    StackUpdate(ResourceActions resources, StackEvents events, Function<Stack, Intrinsics.Lookup> lookup) {
        this.resources = resources;
        this.events = events;
        this.lookup = lookup;
    }

    /** What an update changes, so it can be undone. */
    record Snapshot(String templateBody, String description, Map<String, String> parameters,
                            List<String> capabilities, Map<String, String> tags, List<Stack.Output> outputs,
                            Map<String, Stack.Resource> resources) {
    }

    static Snapshot snapshot(Stack stack) {
        synchronized (stack) {
            Map<String, Stack.Resource> copies = new LinkedHashMap<>();
            stack.resources.forEach((id, r) -> copies.put(id, ResourceActions.copy(r)));
            return new Snapshot(stack.templateBody, stack.description, Map.copyOf(stack.parameters),
                    List.copyOf(stack.capabilities), Map.copyOf(stack.tags), List.copyOf(stack.outputs), copies);
        }
    }

    private enum Done { CREATED, UPDATED, REPLACED }

    private record Action(Done kind, String logicalId, Stack.Resource before) {
    }

    void run(Stack stack, StackPlan plan, Snapshot before) {
        synchronized (stack) {
            stack.templateBody = stack.pendingTemplate;
            stack.description = plan.template().description();
            stack.parameters.clear();
            stack.parameters.putAll(plan.parameterValues());
            stack.capabilities = new ArrayList<>(stack.pendingCapabilities);
            if (stack.pendingTags != null) {
                stack.tags = new LinkedHashMap<>(stack.pendingTags);
            }
            stack.pendingTemplate = null;
        }
        Intrinsics intrinsics = plan.intrinsics(lookup.apply(stack));
        List<Action> done = new ArrayList<>();
        List<Stack.Resource> replacedOld = new ArrayList<>();
        String failure = null;
        for (String logicalId : plan.order()) {
            Stack.Resource existing = before.resources().get(logicalId);
            if (existing == null || existing.provisioned == null) {
                if (!resources.createResource(stack, plan, intrinsics, logicalId, false)) {
                    failure = "The following resource(s) failed to create: [" + logicalId + "]. ";
                    done.add(new Action(Done.CREATED, logicalId, null));
                    break;
                }
                done.add(new Action(Done.CREATED, logicalId, null));
                continue;
            }
            Optional<Action> action;
            try {
                action = updateResource(stack, plan, intrinsics, logicalId, existing, replacedOld);
            } catch (RuntimeException e) {
                failure = "The following resource(s) failed to update: [" + logicalId + "]. ";
                done.add(new Action(Done.UPDATED, logicalId, existing));
                break;
            }
            action.ifPresent(done::add);
        }
        if (failure == null) {
            try {
                List<Stack.Output> outputs = plan.outputs(intrinsics);
                synchronized (stack) {
                    stack.outputs = outputs;
                }
            } catch (RuntimeException e) {
                failure = "Outputs: " + StackEvents.reason(e) + ". ";
            }
        }
        if (failure == null) {
            synchronized (stack) {
                events.status(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null);
            }
            for (Stack.Resource old : replacedOld) {
                if (plan.template().resources().get(old.logicalId).updateReplacePolicy().equals("Retain")) {
                    synchronized (stack) {
                        events.event(stack, old, "DELETE_SKIPPED", null); // UpdateReplacePolicy: Retain keeps the old one
                    }
                } else {
                    resources.deleteOne(stack, old, false);
                }
            }
            List<String> removed = new ArrayList<>(before.resources().keySet());
            removed.removeAll(plan.dependencies().keySet());
            resources.deleteResources(stack, Set.of(), false, removed);
            synchronized (stack) {
                // Removed resources leave the stack even when kept (DeletionPolicy: Retain) or their deletion failed.
                removed.forEach(stack.resources::remove);
                events.status(stack, "UPDATE_COMPLETE", null);
            }
            return;
        }
        rollBack(stack, failure, done, before);
    }

    /** Brings one existing resource to its new properties: nothing, in place, or by replacement. */
    private Optional<Action> updateResource(Stack stack, StackPlan plan, Intrinsics intrinsics, String logicalId,
                                            Stack.Resource existing, List<Stack.Resource> replacedOld) {
        Template.Resource declared = plan.template().resources().get(logicalId);
        Stack.Resource current;
        synchronized (stack) {
            current = stack.resources.get(logicalId);
            current.deletionPolicy = declared.deletionPolicy();
            current.dependsOn = new ArrayList<>(plan.dependencies().get(logicalId));
            current.metadata = declared.metadata().map(Json::write).orElse(null);
        }
        ResourceType type;
        ObjectNode properties;
        try {
            type = resources.type(declared.type());
            properties = ResourceActions.properties(intrinsics, declared, type);
        } catch (RuntimeException e) {
            events.failResource(stack, current, "UPDATE_FAILED", e);
            throw e;
        }
        boolean sameType = declared.type().equals(existing.type);
        if (sameType && properties.equals(existing.properties)) {
            return Optional.empty();
        }
        boolean replace = !sameType || type.replacingProperties().stream()
                .anyMatch(p -> !Objects.equals(properties.get(p), existing.properties.get(p)));
        if (replace) {
            Optional<String> nameProperty = type.nameProperty();
            if (sameType && nameProperty.isPresent() && properties.has(nameProperty.get())
                    && properties.get(nameProperty.get()).equals(existing.properties.get(nameProperty.get()))) {
                RuntimeException e = new ResourceFailure("CloudFormation cannot update a stack when a custom-named resource"
                        + " requires replacing. Rename " + properties.get(nameProperty.get()).asText()
                        + " and update the stack again.");
                events.failResource(stack, current, "UPDATE_FAILED", e);
                throw e;
            }
            if (!resources.createResource(stack, plan, intrinsics, logicalId, true)) {
                throw new ResourceFailure("replacement failed");
            }
            replacedOld.add(existing);
            return Optional.of(new Action(Done.REPLACED, logicalId, existing));
        }
        synchronized (stack) {
            current.status = "UPDATE_IN_PROGRESS";
            events.event(stack, current, "UPDATE_IN_PROGRESS", null);
        }
        try {
            Provisioned provisioned = type.update(resources.context(stack, logicalId), existing.provisioned, existing.properties, properties);
            synchronized (stack) {
                current.provisioned = provisioned;
                current.physicalId = provisioned.physicalId();
                current.properties = properties;
                current.status = "UPDATE_COMPLETE";
                current.reason = null;
                events.event(stack, current, "UPDATE_COMPLETE", null);
            }
        } catch (RuntimeException e) {
            events.failResource(stack, current, "UPDATE_FAILED", e);
            throw e;
        }
        return Optional.of(new Action(Done.UPDATED, logicalId, existing));
    }

    private void rollBack(Stack stack, String failure, List<Action> done, Snapshot before) {
        synchronized (stack) {
            events.status(stack, "UPDATE_ROLLBACK_IN_PROGRESS", failure);
        }
        List<Stack.Resource> newPhysicals = new ArrayList<>();
        List<String> failedToRestore = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            Action action = done.get(i);
            Stack.Resource current;
            synchronized (stack) {
                current = stack.resources.get(action.logicalId());
            }
            switch (action.kind()) {
                case CREATED -> {
                    if (!resources.deleteOne(stack, current, true)) {
                        failedToRestore.add(action.logicalId());
                    } else {
                        synchronized (stack) {
                            stack.resources.remove(action.logicalId());
                        }
                    }
                }
                case REPLACED -> {
                    if (current.provisioned != null && current.provisioned != action.before().provisioned) {
                        newPhysicals.add(ResourceActions.copy(current));
                    }
                    restore(stack, action.before());
                }
                case UPDATED -> {
                    if (current.provisioned != action.before().provisioned && current.provisioned != null) {
                        try {
                            synchronized (stack) {
                                events.event(stack, current, "UPDATE_IN_PROGRESS", null);
                            }
                            resources.type(current.type).update(resources.context(stack, current.logicalId), current.provisioned,
                                    current.properties, action.before().properties);
                        } catch (RuntimeException e) {
                            events.failResource(stack, current, "UPDATE_FAILED", e);
                            failedToRestore.add(action.logicalId());
                            continue;
                        }
                    }
                    restore(stack, action.before());
                }
            }
        }
        synchronized (stack) {
            stack.templateBody = before.templateBody();
            stack.description = before.description();
            stack.parameters = new LinkedHashMap<>(before.parameters());
            stack.capabilities = new ArrayList<>(before.capabilities());
            stack.tags = new LinkedHashMap<>(before.tags());
            stack.outputs = new ArrayList<>(before.outputs());
            if (!failedToRestore.isEmpty()) {
                events.status(stack, "UPDATE_ROLLBACK_FAILED", "The following resource(s) failed to update: " + failedToRestore + ". ");
                return;
            }
            events.status(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", null);
        }
        for (Stack.Resource replacement : newPhysicals) {
            resources.deleteOne(stack, replacement, false);
        }
        synchronized (stack) {
            events.status(stack, "UPDATE_ROLLBACK_COMPLETE", null);
        }
    }

    private void restore(Stack stack, Stack.Resource before) {
        synchronized (stack) {
            Stack.Resource restored = ResourceActions.copy(before);
            restored.status = "UPDATE_COMPLETE";
            restored.reason = null;
            stack.resources.put(before.logicalId, restored);
            events.event(stack, restored, "UPDATE_COMPLETE", null);
        }
    }
}
