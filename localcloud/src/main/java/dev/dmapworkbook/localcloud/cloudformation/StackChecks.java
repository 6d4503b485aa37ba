package dev.dmapworkbook.localcloud.cloudformation;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What CloudFormation checks before an operation starts, with its messages: names, capabilities, a stack's state. */
final class StackChecks {
    private StackChecks() {
    }

    static void name(String name) {
        if (name == null || name.isEmpty()) {
            throw CfnError.VALIDATION.exception("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
        }
        if (!name.matches("[a-zA-Z][-a-zA-Z0-9]*") || name.length() > 128) {
            throw CfnError.VALIDATION.exception("1 validation error detected: Value '" + name + "' at 'stackName' failed to"
                    + " satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
        }
    }

    static void capabilities(Template template, List<String> given) {
        Optional<String> required = template.requiredCapability();
        if (required.isEmpty()) {
            return;
        }
        boolean ok = given.contains("CAPABILITY_NAMED_IAM") || given.contains(required.get());
        if (!ok) {
            throw CfnError.INSUFFICIENT_CAPABILITIES.exception("Requires capabilities : [" + required.get() + "]");
        }
    }

    static void updatable(Stack stack) {
        Set<String> updatable = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE",
                "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");
        if (!updatable.contains(stack.status)) {
            throw CfnError.VALIDATION.exception("Stack:" + stack.id + " is in " + stack.status + " state and can not be updated.");
        }
    }

    /** CreateChangeSet's names and type, for the live stack of that name ({@code stack}, null when there is none). */
    static void changeSet(Stack stack, String stackName, String changeSetName, String changeSetType) {
        name(stackName);
        if (!changeSetName.matches("[a-zA-Z][-a-zA-Z0-9]*") || changeSetName.length() > 128) {
            throw CfnError.VALIDATION.exception("1 validation error detected: Value '" + changeSetName
                    + "' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        }
        boolean create = changeSetType.equals("CREATE");
        if (!create && !changeSetType.equals("UPDATE")) {
            throw CfnError.VALIDATION.exception("ChangeSetType " + changeSetType + " is not implemented by the local cloud (CREATE, UPDATE)");
        }
        if (create && stack != null && !stack.status.equals("REVIEW_IN_PROGRESS")) {
            throw CfnError.VALIDATION.exception("Stack [" + stackName + "] already exists and cannot be created again with the changeSet [" + changeSetName + "].");
        }
        if (!create && (stack == null || stack.status.equals("REVIEW_IN_PROGRESS"))) {
            throw CfnError.VALIDATION.exception("Stack [" + stackName + "] does not exist");
        }
    }
}
