package dev.dmapworkbook.localcloud.cloudformation;

import dev.dmapworkbook.localcloud.core.ServiceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs stack operations the way CloudFormation does (AWS, "Stack status codes", "Resource status codes",
 * "Troubleshooting"): the API call checks the template and parameters and returns at once; the operation then
 * runs in the background, resource by resource in dependency order, recording events; a failure rolls back what
 * the operation did. Knows nothing of HTTP.
 */
final class StackEngine implements AutoCloseable {
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
    private final Stacks stacks = new Stacks();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "cloudformation");
        thread.setDaemon(true);
        return thread;
    });
    private final StackEvents events;
    private final ResourceActions resources;
    private final StackUpdate updates;

    StackEngine(StackStore store, ResourceTypes types, String accountId) {
        this.store = store;
        this.types = types;
        this.accountId = accountId;
        this.events = new StackEvents(store);
        this.resources = new ResourceActions(types, accountId, events);
        this.updates = new StackUpdate(resources, events, this::lookup);
        for (Stack stack : store.load()) {
            events.recoverInterrupted(stack);
            stacks.add(stack);
        }
    }

    <T> T read(Stack stack, Function<Stack, T> reader) {
        synchronized (stack) {
            return reader.apply(stack);
        }
    }

    /** The stacks, by name and by id. */
    Stacks stacks() {
        return stacks;
    }

    ResourceTypes types() {
        return types;
    }

    // ---- create -----------------------------------------------------------------------------------------------

    Started create(Request request) {
        StackChecks.name(request.stackName());
        Template template = Template.parse(request.templateBody());
        StackChecks.capabilities(template, request.capabilities());
        Stack existing = stacks.live(request.stackName());
        if (existing != null) {
            throw CfnError.ALREADY_EXISTS.exception("Stack [" + request.stackName() + "] already exists");
        }
        String stackId = stackId(request.region(), request.stackName());
        StackPlan plan = StackPlan.of(template, request.parameters(), Map.of(), request.stackName(), stackId,
                request.region(), accountId, types);
        Stack stack = newStack(request, stackId, template, plan);
        synchronized (stack) {
            events.status(stack, "CREATE_IN_PROGRESS", "User Initiated");
        }
        return new Started(stackId, worker.submit(() -> events.guarded(stack, () -> runCreate(stack, plan))));
    }

    private Stack newStack(Request request, String stackId, Template template, StackPlan plan) {
        Stack stack = new Stack();
        stack.name = request.stackName();
        stack.id = stackId;
        stack.region = request.region();
        stack.created = StackEvents.now();
        stack.templateBody = request.templateBody();
        stack.description = template.description();
        stack.parameters.putAll(plan.parameterValues());
        stack.capabilities.addAll(request.capabilities());
        stack.tags.putAll(request.tags());
        stack.disableRollback = request.disableRollback();
        stacks.add(stack);
        return stack;
    }

    private void runCreate(Stack stack, StackPlan plan) {
        Intrinsics intrinsics = plan.intrinsics(lookup(stack));
        String failed = null;
        for (String logicalId : plan.order()) {
            if (!resources.createResource(stack, plan, intrinsics, logicalId, false)) {
                failed = logicalId;
                break;
            }
        }
        if (failed == null) {
            try {
                List<Stack.Output> outputs = plan.outputs(intrinsics);
                synchronized (stack) {
                    stack.outputs = outputs;
                    events.status(stack, "CREATE_COMPLETE", null);
                }
                return;
            } catch (RuntimeException e) {
                failed = "Outputs: " + StackEvents.reason(e);
            }
        }
        String reason = failed.startsWith("Outputs: ") ? failed + ". " : "The following resource(s) failed to create: [" + failed + "]. ";
        synchronized (stack) {
            if (stack.disableRollback) {
                events.status(stack, "CREATE_FAILED", reason);
                return;
            }
            events.status(stack, "ROLLBACK_IN_PROGRESS", reason + "Rollback requested by user.");
        }
        List<String> notDeleted = resources.deleteResources(stack, Set.of(), true);
        synchronized (stack) {
            if (notDeleted.isEmpty()) {
                events.status(stack, "ROLLBACK_COMPLETE", null);
            } else {
                events.status(stack, "ROLLBACK_FAILED", "The following resource(s) failed to delete: " + notDeleted + ". ");
            }
        }
    }

    // ---- update -----------------------------------------------------------------------------------------------

    Started update(Request request, boolean usePreviousTemplate) {
        Stack stack = stacks.find(request.stackName());
        String body;
        Map<String, String> previous;
        synchronized (stack) {
            body = usePreviousTemplate ? stack.templateBody : request.templateBody();
            previous = Map.copyOf(stack.parameters);
        }
        Template template = Template.parse(body);
        StackChecks.capabilities(template, request.capabilities());
        StackPlan plan = StackPlan.of(template, request.parameters(), previous, stack.name, stack.id, stack.region,
                accountId, types);
        synchronized (stack) {
            StackChecks.updatable(stack);
            if (StackDiff.noChanges(stack, plan, lookup(stack), StackDiff.changes(stack, plan, types, lookup(stack)))) {
                throw CfnError.VALIDATION.exception("No updates are to be performed.");
            }
            startUpdate(stack, request, body);
        }
        return new Started(stack.id, worker.submit(() -> events.guarded(stack, () -> updates.run(stack, plan, StackUpdate.snapshot(stack)))));
    }

    private void startUpdate(Stack stack, Request request, String body) {
        stack.lastUpdated = StackEvents.now();
        events.status(stack, "UPDATE_IN_PROGRESS", "User Initiated");
        // The snapshot for rollback is taken by the worker before anything changes; these fields are restored from it.
        stack.pendingTemplate = body;
        stack.pendingCapabilities = List.copyOf(request.capabilities());
        stack.pendingTags = request.tags().isEmpty() ? null : Map.copyOf(request.tags());
    }

    // ---- delete -----------------------------------------------------------------------------------------------

    Started delete(String nameOrId, List<String> retain) {
        Stack stack;
        try {
            stack = stacks.find(nameOrId);
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
        return new Started(stack.id, worker.submit(() -> events.guarded(stack, () -> runDelete(stack, Set.copyOf(retain)))));
    }

    private void runDelete(Stack stack, Set<String> retain) {
        synchronized (stack) {
            if (stack.status.equals("DELETE_COMPLETE")) {
                return;
            }
            events.status(stack, "DELETE_IN_PROGRESS", "User Initiated");
        }
        List<String> failed = resources.deleteResources(stack, retain, false);
        synchronized (stack) {
            if (!failed.isEmpty()) {
                events.status(stack, "DELETE_FAILED", "The following resource(s) failed to delete: " + failed + ". ");
                return;
            }
            stack.deleted = StackEvents.now();
            events.status(stack, "DELETE_COMPLETE", null);
            stack.changeSets.clear();
            stacks.deleted(stack);
            store.remove(stack);
        }
    }

    // ---- change sets ------------------------------------------------------------------------------------------

    /** CreateChangeSet: checks and computes the changes now; CREATE change sets make a REVIEW_IN_PROGRESS stack. */
    Stack.ChangeSet createChangeSet(Request request, String changeSetName, String changeSetType, String description,
                                    boolean usePreviousTemplate) {
        Stack stack = stacks.live(request.stackName());
        StackChecks.changeSet(stack, request.stackName(), changeSetName, changeSetType);
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
        StackChecks.capabilities(template, request.capabilities());
        String stackId = stack != null ? stack.id : stackId(request.region(), request.stackName());
        StackPlan plan = StackPlan.of(template, request.parameters(), previous, request.stackName(), stackId,
                request.region(), accountId, types);
        if (stack == null) {
            stack = newStack(request, stackId, template, plan);
            stack.templateBody = null;
            synchronized (stack) {
                events.status(stack, "REVIEW_IN_PROGRESS", "User Initiated");
            }
        }
        Stack.ChangeSet changeSet = newChangeSet(request, changeSetName, changeSetType, description, body, plan);
        synchronized (stack) {
            computeChanges(stack, changeSet, plan, changeSetType.equals("CREATE"));
            stack.changeSets.put(changeSetName, changeSet);
            store.save(stack);
        }
        return changeSet;
    }

    private Stack.ChangeSet newChangeSet(Request request, String changeSetName, String changeSetType, String description,
                                         String body, StackPlan plan) {
        Stack.ChangeSet changeSet = new Stack.ChangeSet();
        changeSet.name = changeSetName;
        changeSet.id = "arn:aws:cloudformation:" + request.region() + ":" + accountId + ":changeSet/" + changeSetName + "/" + UUID.randomUUID();
        changeSet.type = changeSetType;
        changeSet.description = description;
        changeSet.created = StackEvents.now();
        changeSet.templateBody = body;
        changeSet.parameters.putAll(plan.parameterValues());
        changeSet.capabilities.addAll(request.capabilities());
        changeSet.tags.putAll(request.tags());
        return changeSet;
    }

    /** The change set's changes; an UPDATE that changes nothing is FAILED, as on AWS. Call with the stack's lock held. */
    private void computeChanges(Stack stack, Stack.ChangeSet changeSet, StackPlan plan, boolean create) {
        changeSet.changes = StackDiff.changes(create ? null : stack, plan, types, lookup(stack));
        if (!create && StackDiff.noChanges(stack, plan, lookup(stack), changeSet.changes)) {
            changeSet.status = "FAILED";
            changeSet.executionStatus = "UNAVAILABLE";
            changeSet.statusReason = "The submitted information didn't contain changes. Submit different information to create a change set.";
        } else {
            changeSet.status = "CREATE_COMPLETE";
            changeSet.executionStatus = "AVAILABLE";
        }
    }

    Started executeChangeSet(String changeSetNameOrId, String stackName, boolean disableRollback) {
        Stack.ChangeSet changeSet = stacks.changeSet(changeSetNameOrId, stackName);
        Stack stack = stacks.stackOf(changeSet);
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
                events.status(stack, "CREATE_IN_PROGRESS", "User Initiated");
                done = worker.submit(() -> events.guarded(stack, () -> runCreate(stack, plan)));
            } else {
                StackChecks.updatable(stack);
                stack.changeSets.clear();
                startUpdate(stack, request, changeSet.templateBody);
                done = worker.submit(() -> events.guarded(stack, () -> updates.run(stack, plan, StackUpdate.snapshot(stack))));
            }
            changeSet.executionStatus = "EXECUTE_COMPLETE";
        }
        return new Started(stack.id, done);
    }

    void deleteChangeSet(String changeSetNameOrId, String stackName) {
        Stack.ChangeSet changeSet = stacks.changeSet(changeSetNameOrId, stackName);
        Stack stack = stacks.stackOf(changeSet);
        synchronized (stack) {
            stack.changeSets.remove(changeSet.name);
            if (stack.status.equals("REVIEW_IN_PROGRESS") && stack.changeSets.isEmpty()) {
                // A stack that only ever held change sets goes when its last one does.
                stack.deleted = StackEvents.now();
                events.status(stack, "DELETE_COMPLETE", null);
                stacks.deleted(stack);
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

    private Intrinsics.Lookup lookup(Stack stack) {
        return new ProvisionedLookup(stack, stacks::exportValue);
    }

    private String stackId(String region, String name) {
        return "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + name + "/" + UUID.randomUUID();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
