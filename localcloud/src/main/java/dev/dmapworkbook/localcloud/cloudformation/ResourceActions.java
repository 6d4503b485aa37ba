package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One resource at a time, with its events (AWS, "Resource status codes"): create it (or its replacement), delete it,
 * delete several dependents first. The stack-level runs ({@link StackEngine}, {@link StackUpdate}) are built on these.
 */
final class ResourceActions {
    private final ResourceTypes types;
    private final String accountId;
    private final StackEvents events;

    ResourceActions(ResourceTypes types, String accountId, StackEvents events) {
        this.types = types;
        this.accountId = accountId;
        this.events = events;
    }

    /** Creates one resource (or, with {@code replacing}, its replacement); false when it failed. */
    boolean createResource(Stack stack, StackPlan plan, Intrinsics intrinsics, String logicalId, boolean replacing) {
        Template.Resource declared = plan.template().resources().get(logicalId);
        Stack.Resource resource = begin(stack, plan, declared, replacing);
        try {
            ResourceType type = type(declared.type());
            ObjectNode properties = properties(intrinsics, declared, type);
            synchronized (stack) {
                resource.properties = properties;
            }
            Provisioned provisioned = type.create(context(stack, logicalId), properties);
            synchronized (stack) {
                resource.provisioned = provisioned;
                resource.physicalId = provisioned.physicalId();
                if (!replacing) {
                    events.event(stack, resource, "CREATE_IN_PROGRESS", "Resource creation Initiated");
                }
                resource.status = replacing ? "UPDATE_COMPLETE" : "CREATE_COMPLETE";
                resource.reason = null;
                events.event(stack, resource, resource.status, null);
            }
            return true;
        } catch (RuntimeException e) {
            synchronized (stack) {
                resource.status = replacing ? "UPDATE_FAILED" : "CREATE_FAILED";
                resource.reason = StackEvents.reason(e);
                events.event(stack, resource, resource.status, resource.reason);
            }
            return false;
        }
    }

    /** The resource's record, put in the stack as CREATE_IN_PROGRESS (UPDATE_IN_PROGRESS for a replacement). */
    private Stack.Resource begin(Stack stack, StackPlan plan, Template.Resource declared, boolean replacing) {
        Stack.Resource resource = new Stack.Resource();
        resource.logicalId = declared.logicalId();
        resource.type = declared.type();
        resource.deletionPolicy = declared.deletionPolicy();
        resource.dependsOn = new ArrayList<>(plan.dependencies().get(declared.logicalId()));
        resource.metadata = declared.metadata().map(Json::write).orElse(null);
        String inProgress = replacing ? "UPDATE_IN_PROGRESS" : "CREATE_IN_PROGRESS";
        synchronized (stack) {
            resource.status = inProgress;
            resource.timestamp = StackEvents.now();
            stack.resources.put(declared.logicalId(), resource);
            events.event(stack, resource, inProgress, replacing
                    ? "Requested update requires the creation of a new physical resource; hence creating one." : null);
        }
        return resource;
    }

    List<String> deleteResources(Stack stack, Set<String> retain, boolean rollback) {
        List<String> all;
        synchronized (stack) {
            all = new ArrayList<>(stack.resources.keySet());
        }
        return deleteResources(stack, retain, rollback, all);
    }

    /**
     * Deletes the given resources, dependents first. A resource that fails keeps the ones it depends on (they are
     * not attempted), as CloudFormation does; returns the ones that failed.
     */
    List<String> deleteResources(Stack stack, Set<String> retain, boolean rollback, List<String> which) {
        List<String> order;
        synchronized (stack) {
            order = new ArrayList<>(stack.resources.keySet());
        }
        order.retainAll(which);
        List<String> failed = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            String logicalId = order.get(i);
            Stack.Resource resource;
            synchronized (stack) {
                resource = stack.resources.get(logicalId);
            }
            if (resource == null || resource.status.equals("DELETE_COMPLETE") || resource.status.equals("DELETE_SKIPPED")) {
                continue;
            }
            if (kept.contains(logicalId)) {
                continue;
            }
            if (retain.contains(logicalId) || resource.deletionPolicy.equals("Retain")) {
                synchronized (stack) {
                    resource.status = "DELETE_SKIPPED";
                    resource.timestamp = StackEvents.now();
                    events.event(stack, resource, "DELETE_SKIPPED", null);
                }
                continue;
            }
            if (deleteOne(stack, resource, rollback)) {
                forgetDeleted(stack, logicalId, rollback);
            } else {
                failed.add(logicalId);
                keepDependencies(stack, resource, kept);
            }
        }
        failed.sort(null);
        return failed;
    }

    /** Outside a rollback and a stack's own deletion, a deleted resource leaves the stack's list of resources. */
    private static void forgetDeleted(Stack stack, String logicalId, boolean rollback) {
        if (!rollback) {
            synchronized (stack) {
                if (!stack.status.startsWith("DELETE")) {
                    stack.resources.remove(logicalId);
                }
            }
        }
    }

    private void keepDependencies(Stack stack, Stack.Resource resource, Set<String> kept) {
        for (String dependency : resource.dependsOn) {
            if (kept.add(dependency)) {
                Stack.Resource next;
                synchronized (stack) {
                    next = stack.resources.get(dependency);
                }
                if (next != null) {
                    keepDependencies(stack, next, kept);
                }
            }
        }
    }

    /** Deletes one physical resource with its events; true when it is gone. */
    boolean deleteOne(Stack stack, Stack.Resource resource, boolean rollback) {
        if (resource.provisioned == null) {
            synchronized (stack) {
                resource.status = "DELETE_COMPLETE";
                resource.timestamp = StackEvents.now();
                events.event(stack, resource, "DELETE_COMPLETE", null);
            }
            return true;
        }
        synchronized (stack) {
            resource.status = "DELETE_IN_PROGRESS";
            resource.timestamp = StackEvents.now();
            events.event(stack, resource, "DELETE_IN_PROGRESS", null);
        }
        try {
            type(resource.type).delete(context(stack, resource.logicalId), resource.provisioned, resource.properties);
            synchronized (stack) {
                resource.status = "DELETE_COMPLETE";
                resource.reason = null;
                resource.timestamp = StackEvents.now();
                events.event(stack, resource, "DELETE_COMPLETE", null);
            }
            return true;
        } catch (RuntimeException e) {
            events.failResource(stack, resource, "DELETE_FAILED", e);
            return false;
        }
    }

    ResourceType type(String name) {
        return types.find(name).orElseThrow(() -> new ResourceFailure("Resource type " + name
                + " is not implemented by the local cloud (it implements " + String.join(", ", types.names()) + ")"));
    }

    /** Resolved properties, checked against what the type implements: an unknown property fails naming it. */
    static ObjectNode properties(Intrinsics intrinsics, Template.Resource declared, ResourceType type) {
        JsonNode resolved = intrinsics.resolve(declared.properties(), declared.pointer() + "/Properties");
        ObjectNode properties = resolved.isObject() ? (ObjectNode) resolved : Json.MAPPER.createObjectNode();
        Set<String> extraneous = new TreeSet<>();
        properties.fieldNames().forEachRemaining(name -> {
            if (!type.properties().contains(name)) {
                extraneous.add(name);
            }
        });
        if (!extraneous.isEmpty()) {
            throw new ResourceFailure("Properties validation failed for resource " + declared.logicalId()
                    + " with message: #: extraneous key " + extraneous + " is not permitted (the local cloud implements "
                    + declared.type() + " properties " + new TreeSet<>(type.properties()) + ")");
        }
        for (String required : new TreeSet<>(type.requiredProperties())) {
            if (!properties.has(required)) {
                throw new ResourceFailure("Properties validation failed for resource " + declared.logicalId()
                        + " with message: #: required key [" + required + "] not found");
            }
        }
        return properties;
    }

    ResourceContext context(Stack stack, String logicalId) {
        return new ResourceContext(stack.name, stack.id, logicalId, stack.region, accountId);
    }

    static Stack.Resource copy(Stack.Resource r) {
        Stack.Resource c = new Stack.Resource();
        c.logicalId = r.logicalId;
        c.type = r.type;
        c.physicalId = r.physicalId;
        c.status = r.status;
        c.reason = r.reason;
        c.timestamp = r.timestamp;
        c.properties = r.properties;
        c.provisioned = r.provisioned;
        c.deletionPolicy = r.deletionPolicy;
        c.dependsOn = new ArrayList<>(r.dependsOn);
        c.metadata = r.metadata;
        return c;
    }
}
