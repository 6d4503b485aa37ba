package dev.dmapworkbook.localcloud.cloudformation;

import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a stack operation leaves behind: the stack's status, its events and its resources' events, each saved at once
 * ({@link StackStore}), and the reason CloudFormation shows for a failure (AWS, "Stack status codes").
 */
final class StackEvents {
    private static final Logger LOG = Logger.getLogger(StackEvents.class.getName());

    private final StackStore store;

    StackEvents(StackStore store) {
        this.store = store;
    }

    /** The text CloudFormation shows for a failure; an unexpected exception is logged and summarised. */
    static String reason(RuntimeException e) {
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
    void status(Stack stack, String status, String reason) {
        stack.status = status;
        stack.statusReason = reason;
        Instant at = now();
        stack.events.add(new Stack.Event(UUID.randomUUID().toString(), stack.name, stack.id, StackEngine.STACK_TYPE, at, status, reason, null));
        if (!status.equals("DELETE_COMPLETE")) {
            store.save(stack);
        }
    }

    /** A resource event. Call with the stack's lock held. */
    void event(Stack stack, Stack.Resource resource, String status, String reason) {
        Instant at = now();
        resource.timestamp = at;
        String properties = resource.properties == null ? null : Json.write(resource.properties);
        stack.events.add(new Stack.Event(resource.logicalId + "-" + status + "-" + at, resource.logicalId,
                resource.physicalId == null ? "" : resource.physicalId, resource.type, at, status, reason,
                status.endsWith("IN_PROGRESS") ? properties : null));
        store.save(stack);
    }

    void failResource(Stack stack, Stack.Resource resource, String status, RuntimeException e) {
        synchronized (stack) {
            resource.status = status;
            resource.reason = reason(e);
            resource.timestamp = now();
            event(stack, resource, status, resource.reason);
        }
    }

    void guarded(Stack stack, Runnable operation) {
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

    void recoverInterrupted(Stack stack) {
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

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
