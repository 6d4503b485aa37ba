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
        adopt(stack, plan);
        Intrinsics intrinsics = plan.intrinsics(lookup.apply(stack));
        List<Action> done = new ArrayList<>();
        List<Stack.Resource> replacedOld = new ArrayList<>();
        String failure = changeResources(stack, plan, intrinsics, before, done, replacedOld);
        if (failure == null) {
            failure = outputs(stack, plan, intrinsics);
        }
        if (failure == null) {
            cleanUp(stack, plan, before, replacedOld);
        } else {
            rollBack(stack, failure, done, before);
        }
    }

    /** The stack takes the update's template, parameters, capabilities and tags (the snapshot keeps the old ones). */
    private static void adopt(Stack stack, StackPlan plan) {
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
    }

    /** Creates, updates or replaces each resource in order, noting what it did; the failure's reason, or null. */
    private String changeResources(Stack stack, StackPlan plan, Intrinsics intrinsics, Snapshot before, List<Action> done,
                                   List<Stack.Resource> replacedOld) {
        for (String logicalId : plan.order()) {
            Stack.Resource existing = before.resources().get(logicalId);
            if (existing == null || existing.provisioned == null) {
                done.add(new Action(Done.CREATED, logicalId, null));
                if (!resources.createResource(stack, plan, intrinsics, logicalId, false)) {
                    return "The following resource(s) failed to create: [" + logicalId + "]. ";
                }
                continue;
            }
            try {
                updateResource(stack, plan, intrinsics, logicalId, existing, replacedOld).ifPresent(done::add);
            } catch (RuntimeException e) {
                done.add(new Action(Done.UPDATED, logicalId, existing));
                return "The following resource(s) failed to update: [" + logicalId + "]. ";
            }
        }
        return null;
    }

    private static String outputs(Stack stack, StackPlan plan, Intrinsics intrinsics) {
        try {
            List<Stack.Output> outputs = plan.outputs(intrinsics);
            synchronized (stack) {
                stack.outputs = outputs;
            }
            return null;
        } catch (RuntimeException e) {
            return "Outputs: " + StackEvents.reason(e) + ". ";
        }
    }

    /** After a successful update: the replaced physical resources and the removed resources go. */
    private void cleanUp(Stack stack, StackPlan plan, Snapshot before, List<Stack.Resource> replacedOld) {
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
            checkReplaceable(stack, current, type, sameType, properties, existing);
            if (!resources.createResource(stack, plan, intrinsics, logicalId, true)) {
                throw new ResourceFailure("replacement failed");
            }
            replacedOld.add(existing);
            return Optional.of(new Action(Done.REPLACED, logicalId, existing));
        }
        updateInPlace(stack, current, type, existing, properties);
        return Optional.of(new Action(Done.UPDATED, logicalId, existing));
    }

    /** A custom-named resource cannot be replaced under the same name (AWS: "Rename … and update the stack again"). */
    private void checkReplaceable(Stack stack, Stack.Resource current, ResourceType type, boolean sameType,
                                  ObjectNode properties, Stack.Resource existing) {
        Optional<String> nameProperty = type.nameProperty();
        if (sameType && nameProperty.isPresent() && properties.has(nameProperty.get())
                && properties.get(nameProperty.get()).equals(existing.properties.get(nameProperty.get()))) {
            RuntimeException e = new ResourceFailure("CloudFormation cannot update a stack when a custom-named resource"
                    + " requires replacing. Rename " + properties.get(nameProperty.get()).asText()
                    + " and update the stack again.");
            events.failResource(stack, current, "UPDATE_FAILED", e);
            throw e;
        }
    }

    private void updateInPlace(Stack stack, Stack.Resource current, ResourceType type, Stack.Resource existing,
                               ObjectNode properties) {
        synchronized (stack) {
            current.status = "UPDATE_IN_PROGRESS";
            events.event(stack, current, "UPDATE_IN_PROGRESS", null);
        }
        try {
            Provisioned provisioned = type.update(resources.context(stack, current.logicalId), existing.provisioned,
                    existing.properties, properties);
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
    }

    private void rollBack(Stack stack, String failure, List<Action> done, Snapshot before) {
        synchronized (stack) {
            events.status(stack, "UPDATE_ROLLBACK_IN_PROGRESS", failure);
        }
        List<Stack.Resource> newPhysicals = new ArrayList<>();
        List<String> failedToRestore = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            if (!undo(stack, done.get(i), newPhysicals)) {
                failedToRestore.add(done.get(i).logicalId());
            }
        }
        synchronized (stack) {
            restoreStack(stack, before);
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

    /** Undoes one action of the update; a replacement's new physical resource is left for the cleanup. False: it failed. */
    private boolean undo(Stack stack, Action action, List<Stack.Resource> newPhysicals) {
        Stack.Resource current;
        synchronized (stack) {
            current = stack.resources.get(action.logicalId());
        }
        switch (action.kind()) {
            case CREATED -> {
                if (!resources.deleteOne(stack, current, true)) {
                    return false;
                }
                synchronized (stack) {
                    stack.resources.remove(action.logicalId());
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
                        return false;
                    }
                }
                restore(stack, action.before());
            }
        }
        return true;
    }

    private static void restoreStack(Stack stack, Snapshot before) {
        stack.templateBody = before.templateBody();
        stack.description = before.description();
        stack.parameters = new LinkedHashMap<>(before.parameters());
        stack.capabilities = new ArrayList<>(before.capabilities());
        stack.tags = new LinkedHashMap<>(before.tags());
        stack.outputs = new ArrayList<>(before.outputs());
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
