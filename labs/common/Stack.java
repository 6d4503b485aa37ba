//DEPS software.amazon.awssdk:cloudformation

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The workbook's CloudFormation stack ({@code template.yaml}): deploy it with its events streamed, read its
 * outputs, delete it. Names of the stack, its parameters and outputs: docs/stack.md, template.yaml.
 */
final class Stack {
    static final String NAME = "dmap-workbook";
    // Output keys of template.yaml (docs/stack.md).
    static final String DATA_BUCKET = "DataBucketName";
    static final String RESULTS_BUCKET = "ResultsBucketName";
    static final String RESULTS_TABLE = "ResultsTableName";
    static final String FUNCTION_ARN = "HighPrecipitationFunctionArn";
    static final String FUNCTION_NAME = "HighPrecipitationFunctionName";
    static final String WORKFLOW_ROLE_ARN = "StatesHighPrecipitationRoleArn";
    static final String ARTIFACT_BUCKET = "ArtifactBucketName";
    static final String HELLO_INPUT_BUCKET = "HelloDmapInputBucketName";
    static final String HELLO_RESULTS_BUCKET = "HelloDmapResultsBucketName";
    static final String HELLO_STATE_MACHINE_ARN = "HelloDmapStateMachineArn";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final String id;
    private final Map<String, String> outputs;
    private final String status;

    private Stack(String id, Map<String, String> outputs, String status) {
        this.id = id;
        this.outputs = outputs;
        this.status = status;
    }

    String status() {
        return status;
    }

    Map<String, String> outputs() {
        return outputs;
    }

    /**
     * An output's value; stops the lab naming the output when the stack lacks it: "run {@code labToRun} first",
     * or, when {@code labToRun} is null (this lab has just deployed it), that template.yaml does not declare it.
     */
    String output(Workbook book, String key, String labToRun) {
        String value = outputs.get(key);
        book.require(value != null && !value.isBlank(), labToRun == null
                ? "the stack " + NAME + " has no output " + key + ": template.yaml must declare it"
                : "the stack " + NAME + " has no output " + key + ": run " + labToRun + " first");
        return value;
    }

    /** The stack as it is now, or empty when it does not exist. */
    static Optional<Stack> find(CloudFormationClient cfn) {
        return find(cfn, NAME);
    }

    /** By name or by stack id (an id still finds a deleted stack, with DELETE_COMPLETE, as AWS does). */
    private static Optional<Stack> find(CloudFormationClient cfn, String nameOrId) {
        try {
            var stack = cfn.describeStacks(r -> r.stackName(nameOrId)).stacks().get(0);
            if (stack.stackStatus() == StackStatus.DELETE_COMPLETE && nameOrId.equals(NAME)) {
                return Optional.empty();
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            for (Output o : stack.outputs()) {
                outputs.put(o.outputKey(), o.outputValue());
            }
            return Optional.of(new Stack(stack.stackId(), outputs, stack.stackStatusAsString()));
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The stack, or stop the lab saying which lab deploys it. */
    static Stack require(Workbook book, CloudFormationClient cfn, String labToRun) {
        Stack stack = find(cfn).orElseThrow(() -> book.stop("the stack " + NAME + " does not exist yet: run " + labToRun + " first"));
        book.require(stack.status.endsWith("_COMPLETE") && !stack.status.contains("ROLLBACK"),
                "the stack " + NAME + " is " + stack.status + ": run " + labToRun + " again");
        return stack;
    }

    /**
     * Creates the stack, or updates it when it exists, from {@code template.yaml} at the project root, and
     * streams its events until it settles. Returns the stack afterwards.
     */
    static Stack deploy(Workbook book, CloudFormationClient cfn, Map<String, String> parameters) {
        String template;
        try {
            template = Files.readString(book.root().resolve("template.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template.yaml", e);
        }
        List<Parameter> params = new ArrayList<>();
        parameters.forEach((k, v) -> params.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
        Optional<Stack> existing = find(cfn);
        if (existing.isPresent() && existing.get().status.equals("ROLLBACK_COMPLETE")) {
            book.println("  the stack is ROLLBACK_COMPLETE from an earlier failed create: deleting it first");
            delete(book, cfn);
            existing = Optional.empty();
        }
        Instant since = Instant.now().minusSeconds(1);
        String id;
        if (existing.isEmpty()) {
            book.println("  CreateStack " + NAME);
            id = cfn.createStack(r -> r.stackName(NAME).templateBody(template).parameters(params)
                    .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM)).stackId();
        } else {
            book.println("  UpdateStack " + NAME + " (it exists: " + existing.get().status + ")");
            id = existing.get().id;
            try {
                cfn.updateStack(r -> r.stackName(NAME).templateBody(template).parameters(params)
                        .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM));
            } catch (CloudFormationException e) {
                if (e.getMessage() != null && e.getMessage().contains("No updates are to be performed")) {
                    book.println("  no changes: the stack is already up to date");
                    return find(cfn).orElseThrow();
                }
                throw e;
            }
        }
        String status = streamEvents(book, cfn, id, since, Duration.ofMinutes(20));
        book.require(status.equals("CREATE_COMPLETE") || status.equals("UPDATE_COMPLETE"),
                "the stack ended " + status + " (see the events above)");
        return find(cfn).orElseThrow();
    }

    /** Deletes the stack and waits, streaming its events. */
    static String delete(Workbook book, CloudFormationClient cfn) {
        Optional<Stack> stack = find(cfn);
        if (stack.isEmpty()) {
            book.println("  there is no stack " + NAME);
            return "DELETE_COMPLETE";
        }
        Instant since = Instant.now().minusSeconds(1);
        book.println("  DeleteStack " + NAME + " (" + stack.get().status + ")");
        cfn.deleteStack(r -> r.stackName(NAME));
        return streamEvents(book, cfn, stack.get().id, since, Duration.ofMinutes(20));
    }

    /** Prints the stack's new events, oldest first, until the stack reaches a settled status. */
    static String streamEvents(Workbook book, CloudFormationClient cfn, String stackId, Instant since, Duration timeout) {
        Set<String> seen = new HashSet<>();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<StackEvent> fresh = new ArrayList<>();
            try {
                for (StackEvent e : cfn.describeStackEvents(r -> r.stackName(stackId)).stackEvents()) {
                    if (!e.timestamp().isBefore(since) && seen.add(e.eventId())) {
                        fresh.add(e);
                    }
                }
            } catch (CloudFormationException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return "DELETE_COMPLETE";
                }
                throw e;
            }
            Collections.reverse(fresh);
            for (StackEvent e : fresh) {
                String line = String.format("  %s  %-20s %-38s %s%s", CLOCK.format(e.timestamp()), e.resourceStatusAsString(),
                        e.logicalResourceId(), e.resourceType(),
                        e.resourceStatusReason() == null ? "" : "  " + e.resourceStatusReason());
                book.println(e.resourceStatusAsString().contains("FAILED") ? book.red(line) : line);
            }
            Optional<Stack> stack = find(cfn, stackId);
            String status = stack.map(s -> s.status).orElse("DELETE_COMPLETE");
            if (status.equals("DELETE_COMPLETE")) {
                return status;
            }
            if (!status.endsWith("_IN_PROGRESS")) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                throw book.stop("the stack is still " + status + " after " + timeout.toMinutes() + " minutes");
            }
            Workbook.sleep(book.local() ? 300 : 3000);
        }
    }
}
