package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs stack operations the way CloudFormation does (AWS, "Stack status codes", "Resource status codes",
 * "Troubleshooting"): the API call checks the template and parameters and returns at once; the operation then
 * runs in the background, resource by resource in dependency order, recording events; a failure rolls back what
 * the operation did. Knows nothing of HTTP.
 */
final class StackEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StackEngine.class.getName());
    static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    /** What CreateStack, UpdateStack and CreateChangeSet carry. */
    record Request(String stackName, String region, String templateBody, Map<String, StackPlan.Given> parameters,
                   List<String> capabilities, Map<String, String> tags, boolean disableRollback) {
    }

    /** An operation that has started: the stack's id and the background work, for callers that want to wait. */
    record Started(String stackId, Future<?> done) {
    }

    private final StackStore store;
    private final ResourceTypes types;
    private final String accountId;
    private final Map<String, Stack> live = new ConcurrentHashMap<>();
    private final Map<String, Stack> byId = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "cloudformation");
        thread.setDaemon(true);
        return thread;
    });

    StackEngine(StackStore store, ResourceTypes types, String accountId) {
        this.store = store;
        this.types = types;
        this.accountId = accountId;
        for (Stack stack : store.load()) {
            recoverInterrupted(stack);
            live.put(stack.name, stack);
            byId.put(stack.id, stack);
        }
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    /** The stack by name (live stacks only) or by id (deleted ones too), as DescribeStacks finds them. */
    Stack find(String nameOrId) {
        Stack stack = nameOrId.startsWith("arn:") ? byId.get(nameOrId) : live.get(nameOrId);
        if (stack == null) {
            throw CfnError.VALIDATION.exception("Stack with id " + nameOrId + " does not exist");
        }
        return stack;
    }

    Collection<Stack> liveStacks() {
        return live.values().stream().sorted((a, b) -> a.created.compareTo(b.created)).toList();
    }

    Collection<Stack> allStacks() {
        return byId.values().stream().sorted((a, b) -> a.created.compareTo(b.created)).toList();
    }

    <T> T read(Stack stack, Function<Stack, T> reader) {
        synchronized (stack) {
            return reader.apply(stack);
        }
    }

    ResourceTypes types() {
        return types;
    }

    // ---- create -----------------------------------------------------------------------------------------------

    Started create(Request request) {
        checkName(request.stackName());
        Template template = Template.parse(request.templateBody());
        checkCapabilities(template, request.capabilities());
        Stack existing = live.get(request.stackName());
        if (existing != null) {
            throw CfnError.ALREADY_EXISTS.exception("Stack [" + request.stackName() + "] already exists");
        }
        String stackId = stackId(request.region(), request.stackName());
        StackPlan plan = StackPlan.of(template, request.parameters(), Map.of(), request.stackName(), stackId,
                request.region(), accountId, types);
        Stack stack = newStack(request, stackId, template, plan);
        synchronized (stack) {
            status(stack, "CREATE_IN_PROGRESS", "User Initiated");
        }
        return new Started(stackId, worker.submit(() -> guarded(stack, () -> runCreate(stack, plan))));
    }

    private Stack newStack(Request request, String stackId, Template template, StackPlan plan) {
        Stack stack = new Stack();
        stack.name = request.stackName();
        stack.id = stackId;
        stack.region = request.region();
        stack.created = now();
        stack.templateBody = request.templateBody();
        stack.description = template.description();
        stack.parameters.putAll(plan.parameterValues());
        stack.capabilities.addAll(request.capabilities());
        stack.tags.putAll(request.tags());
        stack.disableRollback = request.disableRollback();
        live.put(stack.name, stack);
        byId.put(stack.id, stack);
        return stack;
    }

    private void runCreate(Stack stack, StackPlan plan) {
        Intrinsics intrinsics = plan.intrinsics(lookup(stack));
        String failed = null;
        for (String logicalId : plan.order()) {
            if (!createResource(stack, plan, intrinsics, logicalId, false)) {
                failed = logicalId;
                break;
            }
        }
        if (failed == null) {
            try {
                List<Stack.Output> outputs = plan.outputs(intrinsics);
                synchronized (stack) {
                    stack.outputs = outputs;
                    status(stack, "CREATE_COMPLETE", null);
                }
                return;
            } catch (RuntimeException e) {
                failed = "Outputs: " + reason(e);
            }
        }
        String reason = failed.startsWith("Outputs: ") ? failed + ". " : "The following resource(s) failed to create: [" + failed + "]. ";
        synchronized (stack) {
            if (stack.disableRollback) {
                status(stack, "CREATE_FAILED", reason);
                return;
            }
            status(stack, "ROLLBACK_IN_PROGRESS", reason + "Rollback requested by user.");
        }
        List<String> notDeleted = deleteResources(stack, Set.of(), true);
        synchronized (stack) {
            if (notDeleted.isEmpty()) {
                status(stack, "ROLLBACK_COMPLETE", null);
            } else {
                status(stack, "ROLLBACK_FAILED", "The following resource(s) failed to delete: " + notDeleted + ". ");
            }
        }
    }

    /** Creates one resource (or, with {@code replacing}, its replacement); false when it failed. */
    private boolean createResource(Stack stack, StackPlan plan, Intrinsics intrinsics, String logicalId, boolean replacing) {
        Template.Resource declared = plan.template().resources().get(logicalId);
        Stack.Resource resource = new Stack.Resource();
        resource.logicalId = logicalId;
        resource.type = declared.type();
        resource.deletionPolicy = declared.deletionPolicy();
        resource.dependsOn = new ArrayList<>(plan.dependencies().get(logicalId));
        resource.metadata = declared.metadata().map(Json::write).orElse(null);
        String inProgress = replacing ? "UPDATE_IN_PROGRESS" : "CREATE_IN_PROGRESS";
        synchronized (stack) {
            resource.status = inProgress;
            resource.timestamp = now();
            stack.resources.put(logicalId, resource);
            event(stack, resource, inProgress, replacing
                    ? "Requested update requires the creation of a new physical resource; hence creating one." : null);
        }
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
                    event(stack, resource, "CREATE_IN_PROGRESS", "Resource creation Initiated");
                }
                resource.status = replacing ? "UPDATE_COMPLETE" : "CREATE_COMPLETE";
                resource.reason = null;
                event(stack, resource, resource.status, null);
            }
            return true;
        } catch (RuntimeException e) {
            synchronized (stack) {
                resource.status = replacing ? "UPDATE_FAILED" : "CREATE_FAILED";
                resource.reason = reason(e);
                event(stack, resource, resource.status, resource.reason);
            }
            return false;
        }
    }

    // ---- update -----------------------------------------------------------------------------------------------

    Started update(Request request, boolean usePreviousTemplate) {
        Stack stack = find(request.stackName());
        String body;
        Map<String, String> previous;
        synchronized (stack) {
            body = usePreviousTemplate ? stack.templateBody : request.templateBody();
            previous = Map.copyOf(stack.parameters);
        }
        Template template = Template.parse(body);
        checkCapabilities(template, request.capabilities());
        StackPlan plan = StackPlan.of(template, request.parameters(), previous, stack.name, stack.id, stack.region,
                accountId, types);
        synchronized (stack) {
            checkUpdatable(stack);
            if (StackDiff.noChanges(stack, plan, lookup(stack), StackDiff.changes(stack, plan, types, lookup(stack)))) {
                throw CfnError.VALIDATION.exception("No updates are to be performed.");
            }
            startUpdate(stack, request, body);
        }
        return new Started(stack.id, worker.submit(() -> guarded(stack, () -> runUpdate(stack, plan, snapshot(stack)))));
    }

    private void checkUpdatable(Stack stack) {
        Set<String> updatable = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE",
                "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");
        if (!updatable.contains(stack.status)) {
            throw CfnError.VALIDATION.exception("Stack:" + stack.id + " is in " + stack.status + " state and can not be updated.");
        }
    }

    private void startUpdate(Stack stack, Request request, String body) {
        stack.lastUpdated = now();
        status(stack, "UPDATE_IN_PROGRESS", "User Initiated");
        // The snapshot for rollback is taken by the worker before anything changes; these fields are restored from it.
        stack.pendingTemplate = body;
        stack.pendingCapabilities = List.copyOf(request.capabilities());
        stack.pendingTags = request.tags().isEmpty() ? null : Map.copyOf(request.tags());
    }

    /** What an update changes, so it can be undone. */
    private record Snapshot(String templateBody, String description, Map<String, String> parameters,
                            List<String> capabilities, Map<String, String> tags, List<Stack.Output> outputs,
                            Map<String, Stack.Resource> resources) {
    }

    private Snapshot snapshot(Stack stack) {
        synchronized (stack) {
            Map<String, Stack.Resource> copies = new LinkedHashMap<>();
            stack.resources.forEach((id, r) -> copies.put(id, copy(r)));
            return new Snapshot(stack.templateBody, stack.description, Map.copyOf(stack.parameters),
                    List.copyOf(stack.capabilities), Map.copyOf(stack.tags), List.copyOf(stack.outputs), copies);
        }
    }

    private enum Done { CREATED, UPDATED, REPLACED }

    private record Action(Done kind, String logicalId, Stack.Resource before) {
    }

    private void runUpdate(Stack stack, StackPlan plan, Snapshot before) {
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
        Intrinsics intrinsics = plan.intrinsics(lookup(stack));
        List<Action> done = new ArrayList<>();
        List<Stack.Resource> replacedOld = new ArrayList<>();
        String failure = null;
        for (String logicalId : plan.order()) {
            Stack.Resource existing = before.resources().get(logicalId);
            if (existing == null || existing.provisioned == null) {
                if (!createResource(stack, plan, intrinsics, logicalId, false)) {
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
                failure = "Outputs: " + reason(e) + ". ";
            }
        }
        if (failure == null) {
            synchronized (stack) {
                status(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null);
            }
            for (Stack.Resource old : replacedOld) {
                if (plan.template().resources().get(old.logicalId).updateReplacePolicy().equals("Retain")) {
                    synchronized (stack) {
                        event(stack, old, "DELETE_SKIPPED", null); // UpdateReplacePolicy: Retain keeps the old one
                    }
                } else {
                    deleteOne(stack, old, false);
                }
            }
            List<String> removed = new ArrayList<>(before.resources().keySet());
            removed.removeAll(plan.dependencies().keySet());
            deleteResources(stack, Set.of(), false, removed);
            synchronized (stack) {
                // Removed resources leave the stack even when kept (DeletionPolicy: Retain) or their deletion failed.
                removed.forEach(stack.resources::remove);
                status(stack, "UPDATE_COMPLETE", null);
            }
            return;
        }
        rollBackUpdate(stack, failure, done, before);
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
            type = type(declared.type());
            properties = properties(intrinsics, declared, type);
        } catch (RuntimeException e) {
            failResource(stack, current, "UPDATE_FAILED", e);
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
                failResource(stack, current, "UPDATE_FAILED", e);
                throw e;
            }
            if (!createResource(stack, plan, intrinsics, logicalId, true)) {
                throw new ResourceFailure("replacement failed");
            }
            replacedOld.add(existing);
            return Optional.of(new Action(Done.REPLACED, logicalId, existing));
        }
        synchronized (stack) {
            current.status = "UPDATE_IN_PROGRESS";
            event(stack, current, "UPDATE_IN_PROGRESS", null);
        }
        try {
            Provisioned provisioned = type.update(context(stack, logicalId), existing.provisioned, existing.properties, properties);
            synchronized (stack) {
                current.provisioned = provisioned;
                current.physicalId = provisioned.physicalId();
                current.properties = properties;
                current.status = "UPDATE_COMPLETE";
                current.reason = null;
                event(stack, current, "UPDATE_COMPLETE", null);
            }
        } catch (RuntimeException e) {
            failResource(stack, current, "UPDATE_FAILED", e);
            throw e;
        }
        return Optional.of(new Action(Done.UPDATED, logicalId, existing));
    }

    private void rollBackUpdate(Stack stack, String failure, List<Action> done, Snapshot before) {
        synchronized (stack) {
            status(stack, "UPDATE_ROLLBACK_IN_PROGRESS", failure);
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
                    if (!deleteOne(stack, current, true)) {
                        failedToRestore.add(action.logicalId());
                    } else {
                        synchronized (stack) {
                            stack.resources.remove(action.logicalId());
                        }
                    }
                }
                case REPLACED -> {
                    if (current.provisioned != null && current.provisioned != action.before().provisioned) {
                        newPhysicals.add(copy(current));
                    }
                    restore(stack, action.before());
                }
                case UPDATED -> {
                    if (current.provisioned != action.before().provisioned && current.provisioned != null) {
                        try {
                            synchronized (stack) {
                                event(stack, current, "UPDATE_IN_PROGRESS", null);
                            }
                            type(current.type).update(context(stack, current.logicalId), current.provisioned,
                                    current.properties, action.before().properties);
                        } catch (RuntimeException e) {
                            failResource(stack, current, "UPDATE_FAILED", e);
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
                status(stack, "UPDATE_ROLLBACK_FAILED", "The following resource(s) failed to update: " + failedToRestore + ". ");
                return;
            }
            status(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", null);
        }
        for (Stack.Resource replacement : newPhysicals) {
            deleteOne(stack, replacement, false);
        }
        synchronized (stack) {
            status(stack, "UPDATE_ROLLBACK_COMPLETE", null);
        }
    }

    private void restore(Stack stack, Stack.Resource before) {
        synchronized (stack) {
            Stack.Resource restored = copy(before);
            restored.status = "UPDATE_COMPLETE";
            restored.reason = null;
            stack.resources.put(before.logicalId, restored);
            event(stack, restored, "UPDATE_COMPLETE", null);
        }
    }

    // ---- delete -----------------------------------------------------------------------------------------------

    Started delete(String nameOrId, List<String> retain) {
        Stack stack;
        try {
            stack = find(nameOrId);
        } catch (ServiceException e) {
            return new Started(null, java.util.concurrent.CompletableFuture.completedFuture(null)); // AWS: deleting a missing stack succeeds
        }
        synchronized (stack) {
            if (stack.status.equals("DELETE_COMPLETE")) {
                return new Started(stack.id, java.util.concurrent.CompletableFuture.completedFuture(null));
            }
            if (!retain.isEmpty() && !stack.status.equals("DELETE_FAILED")) {
                throw CfnError.VALIDATION.exception("Invalid operation on stack [" + stack.id + "]. RetainResources can only"
                        + " be specified when stack is in DELETE_FAILED state");
            }
            for (String id : retain) {
                if (!stack.resources.containsKey(id)) {
                    throw CfnError.VALIDATION.exception("The specified resources [" + id + "] do not exist in the stack");
                }
            }
            if (stack.status.equals("DELETE_IN_PROGRESS")) {
                return new Started(stack.id, java.util.concurrent.CompletableFuture.completedFuture(null));
            }
        }
        return new Started(stack.id, worker.submit(() -> guarded(stack, () -> runDelete(stack, Set.copyOf(retain)))));
    }

    private void runDelete(Stack stack, Set<String> retain) {
        synchronized (stack) {
            if (stack.status.equals("DELETE_COMPLETE")) {
                return;
            }
            status(stack, "DELETE_IN_PROGRESS", "User Initiated");
        }
        List<String> failed = deleteResources(stack, retain, false);
        synchronized (stack) {
            if (!failed.isEmpty()) {
                status(stack, "DELETE_FAILED", "The following resource(s) failed to delete: " + failed + ". ");
                return;
            }
            stack.deleted = now();
            status(stack, "DELETE_COMPLETE", null);
            stack.changeSets.clear();
            live.remove(stack.name, stack);
            store.remove(stack);
        }
    }

    private List<String> deleteResources(Stack stack, Set<String> retain, boolean rollback) {
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
    private List<String> deleteResources(Stack stack, Set<String> retain, boolean rollback, List<String> which) {
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
                    resource.timestamp = now();
                    event(stack, resource, "DELETE_SKIPPED", null);
                }
                continue;
            }
            if (deleteOne(stack, resource, rollback)) {
                if (!rollback) {
                    synchronized (stack) {
                        if (!stack.status.startsWith("DELETE")) {
                            stack.resources.remove(logicalId);
                        }
                    }
                }
            } else {
                failed.add(logicalId);
                keepDependencies(stack, resource, kept);
            }
        }
        failed.sort(null);
        return failed;
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
    private boolean deleteOne(Stack stack, Stack.Resource resource, boolean rollback) {
        if (resource.provisioned == null) {
            synchronized (stack) {
                resource.status = "DELETE_COMPLETE";
                resource.timestamp = now();
                event(stack, resource, "DELETE_COMPLETE", null);
            }
            return true;
        }
        synchronized (stack) {
            resource.status = "DELETE_IN_PROGRESS";
            resource.timestamp = now();
            event(stack, resource, "DELETE_IN_PROGRESS", null);
        }
        try {
            type(resource.type).delete(context(stack, resource.logicalId), resource.provisioned, resource.properties);
            synchronized (stack) {
                resource.status = "DELETE_COMPLETE";
                resource.reason = null;
                resource.timestamp = now();
                event(stack, resource, "DELETE_COMPLETE", null);
            }
            return true;
        } catch (RuntimeException e) {
            failResource(stack, resource, "DELETE_FAILED", e);
            return false;
        }
    }

    // ---- change sets ------------------------------------------------------------------------------------------

    /** CreateChangeSet: checks and computes the changes now; CREATE change sets make a REVIEW_IN_PROGRESS stack. */
    Stack.ChangeSet createChangeSet(Request request, String changeSetName, String changeSetType, String description,
                                    boolean usePreviousTemplate) {
        checkName(request.stackName());
        if (!changeSetName.matches("[a-zA-Z][-a-zA-Z0-9]*") || changeSetName.length() > 128) {
            throw CfnError.VALIDATION.exception("1 validation error detected: Value '" + changeSetName
                    + "' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        }
        Stack stack = live.get(request.stackName());
        boolean create = changeSetType.equals("CREATE");
        if (!create && !changeSetType.equals("UPDATE")) {
            throw CfnError.VALIDATION.exception("ChangeSetType " + changeSetType + " is not implemented by the local cloud (CREATE, UPDATE)");
        }
        if (create && stack != null && !stack.status.equals("REVIEW_IN_PROGRESS")) {
            throw CfnError.VALIDATION.exception("Stack [" + request.stackName() + "] already exists and cannot be created again with the changeSet [" + changeSetName + "].");
        }
        if (!create && (stack == null || stack.status.equals("REVIEW_IN_PROGRESS"))) {
            throw CfnError.VALIDATION.exception("Stack [" + request.stackName() + "] does not exist");
        }
        String body = request.templateBody();
        Map<String, String> previous = Map.of();
        if (stack != null) {
            synchronized (stack) {
                if (usePreviousTemplate) {
                    body = stack.templateBody;
                }
                previous = Map.copyOf(stack.parameters);
                if (stack.changeSets.containsKey(changeSetName)) {
                    throw CfnError.ALREADY_EXISTS.exception("ChangeSet [" + changeSetName + "] already exists");
                }
            }
        }
        Template template = Template.parse(body);
        checkCapabilities(template, request.capabilities());
        String stackId = stack != null ? stack.id : stackId(request.region(), request.stackName());
        StackPlan plan = StackPlan.of(template, request.parameters(), previous, request.stackName(), stackId,
                request.region(), accountId, types);
        if (stack == null) {
            stack = newStack(request, stackId, template, plan);
            stack.templateBody = null;
            synchronized (stack) {
                status(stack, "REVIEW_IN_PROGRESS", "User Initiated");
            }
        }
        Stack.ChangeSet changeSet = new Stack.ChangeSet();
        changeSet.name = changeSetName;
        changeSet.id = "arn:aws:cloudformation:" + request.region() + ":" + accountId + ":changeSet/" + changeSetName + "/" + UUID.randomUUID();
        changeSet.type = changeSetType;
        changeSet.description = description;
        changeSet.created = now();
        changeSet.templateBody = body;
        changeSet.parameters.putAll(plan.parameterValues());
        changeSet.capabilities.addAll(request.capabilities());
        changeSet.tags.putAll(request.tags());
        synchronized (stack) {
            changeSet.changes = StackDiff.changes(create ? null : stack, plan, types, lookup(stack));
            if (!create && StackDiff.noChanges(stack, plan, lookup(stack), changeSet.changes)) {
                changeSet.status = "FAILED";
                changeSet.executionStatus = "UNAVAILABLE";
                changeSet.statusReason = "The submitted information didn't contain changes. Submit different information to create a change set.";
            } else {
                changeSet.status = "CREATE_COMPLETE";
                changeSet.executionStatus = "AVAILABLE";
            }
            stack.changeSets.put(changeSetName, changeSet);
            store.save(stack);
        }
        return changeSet;
    }

    /** The change set by ARN, or by name within the stack. */
    Stack.ChangeSet changeSet(String changeSetNameOrId, String stackName) {
        if (changeSetNameOrId.startsWith("arn:")) {
            for (Stack stack : byId.values()) {
                synchronized (stack) {
                    for (Stack.ChangeSet c : stack.changeSets.values()) {
                        if (c.id.equals(changeSetNameOrId)) {
                            return c;
                        }
                    }
                }
            }
        } else if (stackName != null) {
            Stack stack = nameOrIdOrNull(stackName);
            if (stack != null) {
                synchronized (stack) {
                    Stack.ChangeSet c = stack.changeSets.get(changeSetNameOrId);
                    if (c != null) {
                        return c;
                    }
                }
            }
        } else {
            throw CfnError.VALIDATION.exception("StackName must be specified if ChangeSetName is not specified as an ARN.");
        }
        throw CfnError.CHANGE_SET_NOT_FOUND.exception("ChangeSet [" + changeSetNameOrId + "] does not exist");
    }

    Stack stackOf(Stack.ChangeSet changeSet) {
        for (Stack stack : byId.values()) {
            synchronized (stack) {
                if (stack.changeSets.get(changeSet.name) == changeSet) {
                    return stack;
                }
            }
        }
        throw CfnError.CHANGE_SET_NOT_FOUND.exception("ChangeSet [" + changeSet.id + "] does not exist");
    }

    Started executeChangeSet(String changeSetNameOrId, String stackName, boolean disableRollback) {
        Stack.ChangeSet changeSet = changeSet(changeSetNameOrId, stackName);
        Stack stack = stackOf(changeSet);
        Map<String, StackPlan.Given> given = new LinkedHashMap<>();
        synchronized (stack) {
            if (!changeSet.executionStatus.equals("AVAILABLE")) {
                throw CfnError.INVALID_CHANGE_SET_STATUS.exception("ChangeSet [" + changeSet.id
                        + "] cannot be executed in its current status of [" + changeSet.status + "]");
            }
            changeSet.parameters.forEach((k, v) -> given.put(k, new StackPlan.Given(v, false)));
        }
        Template template = Template.parse(changeSet.templateBody);
        Request request = new Request(stack.name, stack.region, changeSet.templateBody, given, changeSet.capabilities,
                changeSet.tags, disableRollback);
        StackPlan plan = StackPlan.of(template, given, Map.of(), stack.name, stack.id, stack.region, accountId, types);
        Future<?> done;
        synchronized (stack) {
            if (changeSet.type.equals("CREATE")) {
                stack.templateBody = changeSet.templateBody;
                stack.description = template.description();
                stack.parameters.clear();
                stack.parameters.putAll(plan.parameterValues());
                stack.capabilities = new ArrayList<>(changeSet.capabilities);
                stack.tags = new LinkedHashMap<>(changeSet.tags);
                stack.disableRollback = disableRollback;
                stack.changeSets.clear();
                status(stack, "CREATE_IN_PROGRESS", "User Initiated");
                done = worker.submit(() -> guarded(stack, () -> runCreate(stack, plan)));
            } else {
                checkUpdatable(stack);
                stack.changeSets.clear();
                startUpdate(stack, request, changeSet.templateBody);
                done = worker.submit(() -> guarded(stack, () -> runUpdate(stack, plan, snapshot(stack))));
            }
            changeSet.executionStatus = "EXECUTE_COMPLETE";
        }
        return new Started(stack.id, done);
    }

    void deleteChangeSet(String changeSetNameOrId, String stackName) {
        Stack.ChangeSet changeSet = changeSet(changeSetNameOrId, stackName);
        Stack stack = stackOf(changeSet);
        synchronized (stack) {
            stack.changeSets.remove(changeSet.name);
            if (stack.status.equals("REVIEW_IN_PROGRESS") && stack.changeSets.isEmpty()) {
                // A stack that only ever held change sets goes when its last one does.
                stack.deleted = now();
                status(stack, "DELETE_COMPLETE", null);
                live.remove(stack.name, stack);
                store.remove(stack);
                return;
            }
            store.save(stack);
        }
    }

    // ---- shared pieces ----------------------------------------------------------------------------------------

    Template validate(String body) {
        return Template.parse(body);
    }

    private void checkCapabilities(Template template, List<String> given) {
        Optional<String> required = template.requiredCapability();
        if (required.isEmpty()) {
            return;
        }
        boolean ok = given.contains("CAPABILITY_NAMED_IAM") || given.contains(required.get());
        if (!ok) {
            throw CfnError.INSUFFICIENT_CAPABILITIES.exception("Requires capabilities : [" + required.get() + "]");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw CfnError.VALIDATION.exception("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
        }
        if (!name.matches("[a-zA-Z][-a-zA-Z0-9]*") || name.length() > 128) {
            throw CfnError.VALIDATION.exception("1 validation error detected: Value '" + name + "' at 'stackName' failed to"
                    + " satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
        }
    }

    private ResourceType type(String name) {
        return types.find(name).orElseThrow(() -> new ResourceFailure("Resource type " + name
                + " is not implemented by the local cloud (it implements " + String.join(", ", types.names()) + ")"));
    }

    /** Resolved properties, checked against what the type implements: an unknown property fails naming it. */
    private static ObjectNode properties(Intrinsics intrinsics, Template.Resource declared, ResourceType type) {
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

    private Intrinsics.Lookup lookup(Stack stack) {
        return new ProvisionedLookup(stack, this::exportValue);
    }

    private Optional<String> exportValue(String exportName) {
        for (Stack other : live.values()) {
            synchronized (other) {
                for (Stack.Output o : other.outputs) {
                    if (exportName.equals(o.exportName())) {
                        return Optional.of(o.value());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private ResourceContext context(Stack stack, String logicalId) {
        return new ResourceContext(stack.name, stack.id, logicalId, stack.region, accountId);
    }

    private String stackId(String region, String name) {
        return "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + name + "/" + UUID.randomUUID();
    }

    private void failResource(Stack stack, Stack.Resource resource, String status, RuntimeException e) {
        synchronized (stack) {
            resource.status = status;
            resource.reason = reason(e);
            resource.timestamp = now();
            event(stack, resource, status, resource.reason);
        }
    }

    /** The text CloudFormation shows for a failure; an unexpected exception is logged and summarised. */
    private static String reason(RuntimeException e) {
        if (e instanceof ResourceFailure || e instanceof TemplateError) {
            return e.getMessage();
        }
        if (e instanceof ServiceException se) {
            return ResourceFailure.of("the local cloud", se).getMessage();
        }
        if (e instanceof ProvisionedLookup.NotYetProvisioned) {
            return "Resource " + e.getMessage() + " is not available";
        }
        LOG.log(Level.SEVERE, "CloudFormation resource operation failed", e);
        return "Internal Failure: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Stack status change: one event for the stack itself; saved at once. Call with the stack's lock held. */
    private void status(Stack stack, String status, String reason) {
        stack.status = status;
        stack.statusReason = reason;
        Instant at = now();
        stack.events.add(new Stack.Event(UUID.randomUUID().toString(), stack.name, stack.id, STACK_TYPE, at, status, reason, null));
        if (!status.equals("DELETE_COMPLETE")) {
            store.save(stack);
        }
    }

    /** A resource event. Call with the stack's lock held. */
    private void event(Stack stack, Stack.Resource resource, String status, String reason) {
        Instant at = now();
        resource.timestamp = at;
        String properties = resource.properties == null ? null : Json.write(resource.properties);
        stack.events.add(new Stack.Event(resource.logicalId + "-" + status + "-" + at, resource.logicalId,
                resource.physicalId == null ? "" : resource.physicalId, resource.type, at, status, reason,
                status.endsWith("IN_PROGRESS") ? properties : null));
        store.save(stack);
    }

    private void guarded(Stack stack, Runnable operation) {
        try {
            operation.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "stack operation on " + stack.name + " failed", e);
            synchronized (stack) {
                String failed = switch (stack.status) {
                    case "CREATE_IN_PROGRESS" -> "CREATE_FAILED";
                    case "ROLLBACK_IN_PROGRESS" -> "ROLLBACK_FAILED";
                    case "DELETE_IN_PROGRESS" -> "DELETE_FAILED";
                    default -> "UPDATE_ROLLBACK_FAILED";
                };
                status(stack, failed, "Internal Failure: " + e.getMessage());
            }
        }
    }

    private void recoverInterrupted(Stack stack) {
        String interrupted = switch (stack.status) {
            case "CREATE_IN_PROGRESS" -> "CREATE_FAILED";
            case "ROLLBACK_IN_PROGRESS" -> "ROLLBACK_FAILED";
            case "DELETE_IN_PROGRESS" -> "DELETE_FAILED";
            case "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS",
                 "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS" -> "UPDATE_ROLLBACK_FAILED";
            default -> null;
        };
        if (interrupted != null) {
            status(stack, interrupted, "The local cloud stopped while this operation was in progress");
        }
    }

    private Stack nameOrIdOrNull(String nameOrId) {
        return nameOrId.startsWith("arn:") ? byId.get(nameOrId) : live.get(nameOrId);
    }

    private static Stack.Resource copy(Stack.Resource r) {
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

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
