package dev.dmapworkbook.localcloud.cloudformation;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stacks CloudFormation knows: live ones by name, every one (deleted ones too) by id, as DescribeStacks finds
 * them; exports and change sets are found through them.
 */
final class Stacks {
    private final Map<String, Stack> live = new ConcurrentHashMap<>();
    private final Map<String, Stack> byId = new ConcurrentHashMap<>();

    void add(Stack stack) {
        live.put(stack.name, stack);
        byId.put(stack.id, stack);
    }

    /** The live stack of that name, or null. */
    Stack live(String name) {
        return live.get(name);
    }

    /** A deleted stack: no longer found by name, still by id. */
    void deleted(Stack stack) {
        live.remove(stack.name, stack);
    }


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
            Stack stack = findOrNull(stackName);
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

    Optional<String> exportValue(String exportName) {
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

    Stack findOrNull(String nameOrId) {
        return nameOrId.startsWith("arn:") ? byId.get(nameOrId) : live.get(nameOrId);
    }
}
