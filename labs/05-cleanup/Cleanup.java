///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//DEPS software.amazon.awssdk:sfn software.amazon.awssdk:s3 software.amazon.awssdk:cloudformation software.amazon.awssdk:iam
//SOURCES ../common/Workbook.java ../common/Stack.java ../common/Workflow.java
//MAIN Cleanup
//DESCRIPTION Lab 05 — stop everything, empty the buckets, delete the state machine and the stack.

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sts.StsClient;

import java.util.ArrayList;
import java.util.List;

class Cleanup {
    // the notebook: its numbered cells in order, as in the README (long, and read top to bottom; each cell is short)
    public static void main(String[] args) throws Exception {
        var book = Workbook.open(args, "05-cleanup", "Lab 05 — Clean up",
                "nothing: it deletes what the labs created (then the account costs $0)",
                Workbook.flag("--reset", "on the local cloud: also stop it and delete its data (local reset)"));
        var cfn = book.client(CloudFormationClient.builder());
        var sfn = book.client(SfnClient.builder());
        var s3 = book.client(S3Client.builder());

        List<String> machines = book.cell(1, "Stop running executions", "A running Distributed Map keeps starting "
                + "children; stop the workbook's executions first.", () -> {
            List<String> arns = new ArrayList<>();
            Workflow.find(sfn).ifPresent(arns::add);
            var stack = Stack.find(cfn);
            stack.map(s -> s.outputs().get(Stack.HELLO_STATE_MACHINE_ARN)).ifPresent(arns::add);
            int stopped = 0;
            for (String arn : arns) {
                try {
                    for (var e : sfn.listExecutionsPaginator(r -> r.stateMachineArn(arn).statusFilter(ExecutionStatus.RUNNING)).executions()) {
                        sfn.stopExecution(r -> r.executionArn(e.executionArn()).error("Cleanup").cause("stopped by lab 05"));
                        book.println("  stopped " + e.executionArn());
                        stopped++;
                    }
                } catch (StateMachineDoesNotExistException gone) {
                    book.println("  " + arn + " no longer exists");
                }
            }
            long still = 0;
            for (String arn : arns) {
                try {
                    still += sfn.listExecutions(r -> r.stateMachineArn(arn).statusFilter(ExecutionStatus.RUNNING)).executions().size();
                } catch (StateMachineDoesNotExistException gone) {
                    // nothing runs on a deleted state machine
                }
            }
            book.check(stopped + " running executions stopped; none of the workbook's is RUNNING now", still == 0,
                    still + " still RUNNING");
            return arns;
        });

        book.cell(2, "Empty the buckets", "CloudFormation cannot delete a bucket that holds objects; the buckets are "
                + "versioned, so every version and delete marker goes.", () -> {
            if (Stack.find(cfn).isEmpty()) {
                book.println("  there is no stack " + Stack.NAME + ": no buckets to empty");
                return;
            }
            List<String> buckets = new ArrayList<>();
            for (StackResourceSummary r : cfn.listStackResourcesPaginator(r -> r.stackName(Stack.NAME)).stackResourceSummaries()) {
                if ("AWS::S3::Bucket".equals(r.resourceType()) && r.physicalResourceId() != null) {
                    buckets.add(r.physicalResourceId());
                }
            }
            List<List<?>> rows = new ArrayList<>();
            boolean allEmpty = true;
            for (String bucket : buckets) {
                try {
                    long deleted = emptyBucket(s3, bucket);
                    boolean empty = s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(1)).versions().isEmpty()
                            && s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(1)).deleteMarkers().isEmpty();
                    allEmpty &= empty;
                    rows.add(List.of(bucket, deleted, empty ? "empty" : "NOT EMPTY"));
                } catch (NoSuchBucketException gone) {
                    rows.add(List.of(bucket, 0, "already deleted"));
                }
            }
            book.table(List.of("bucket", "versions deleted", "now"), rows);
            book.check(buckets.size() + " buckets are empty", allEmpty);
        });

        book.cell(3, "Delete the state machine", "FindHighPrecipitationWorkflow was created by lab 02, not by the stack.", () -> {
            var workflow = Workflow.find(sfn);
            if (workflow.isPresent()) {
                sfn.deleteStateMachine(r -> r.stateMachineArn(workflow.get()));
                book.println("  DeleteStateMachine " + workflow.get());
                for (int i = 0; i < 100 && Workflow.find(sfn).isPresent(); i++) {
                    Workbook.sleep(book.local() ? 100 : 2000);
                }
            }
            boolean gone = sfn.listStateMachinesPaginator(r -> r.maxResults(100)).stateMachines().stream()
                    .map(StateMachineListItem::name).noneMatch(Workflow.NAME::equals);
            book.check(Workflow.NAME + " is deleted", gone);
        });

        book.cell(4, "Delete the stack", "DeleteStack removes the function, the table, the buckets, the roles and "
                + "HelloDmapStateMachine; its events stream below.", () -> {
            String status = Stack.delete(book, cfn);
            book.check("the stack " + Stack.NAME + " is deleted", "DELETE_COMPLETE".equals(status), status);
        });

        book.cell(5, "Delete what lab 06 created", "Lab 06 made its own buckets (with their inventory configuration), "
                + "two state machines and a role, outside the stack.", () -> {
            deleteLab06(book, sfn, s3);
            book.link("what is left", book.console().home());
        });

        if (book.local()) {
            book.cell(6, "Reset the local cloud?", "Locally, `reset` stops the local cloud and deletes its data directory: "
                    + "the next lab starts from nothing.", () -> {
                if (book.flag("--reset") || book.confirm("Reset the local cloud (stop it and delete its data)?")) {
                    book.resetLocalCloud();
                    book.check("the local cloud is reset: nothing answers at " + book.endpoint().orElseThrow(),
                            !answers(book.endpoint().orElseThrow()));
                } else {
                    book.println("  kept running (pass --reset to reset it, or run: java -jar localcloud/target/localcloud.jar reset)");
                }
            });
        }
        System.exit(book.finish());
    }

    /** Lab 06's state machines (their running executions stopped first), buckets and role, where they exist. */
    static void deleteLab06(Workbook book, SfnClient sfn, S3Client s3) {
        List<List<?>> rows = deleteLab06StateMachines(sfn);
        String account;
        try (var sts = book.client(StsClient.builder())) {
            account = sts.getCallerIdentity().account();
        }
        String suffix = book.local() ? "" : "-" + account + "-" + book.region().id();
        for (String bucket : List.of("workbook-inventory-source" + suffix, "workbook-inventory-reports" + suffix)) {
            try {
                long deleted = emptyBucket(s3, bucket);
                s3.deleteBucket(r -> r.bucket(bucket));
                rows.add(List.of("bucket", bucket, String.format("%,d objects and the bucket deleted", deleted)));
            } catch (NoSuchBucketException gone) {
                // lab 06 never ran here, or its buckets are gone already
            }
        }
        try (var iam = book.client(IamClient.builder())) {
            iam.deleteRolePolicy(r -> r.roleName("WorkbookInventoryLabRole").policyName("read-the-buckets"));
            iam.deleteRole(r -> r.roleName("WorkbookInventoryLabRole"));
            rows.add(List.of("role", "WorkbookInventoryLabRole", "deleted"));
        } catch (NoSuchEntityException gone) {
            // no role: lab 06 never ran here
        }
        if (rows.isEmpty()) {
            book.println("  lab 06 left nothing here");
        } else {
            book.table(List.of("", "name", "now"), rows);
        }
        boolean left = sfn.listStateMachinesPaginator(r -> r.maxResults(100)).stateMachines().stream()
                .anyMatch(m -> m.name().startsWith("WorkbookInventoryLab"));
        book.check("nothing of lab 06 is left", !left);
    }

    /** Lab 06's state machines, their running executions stopped first: one row per state machine deleted. */
    static List<List<?>> deleteLab06StateMachines(SfnClient sfn) {
        List<List<?>> rows = new ArrayList<>();
        for (var machine : sfn.listStateMachinesPaginator(r -> r.maxResults(100)).stateMachines()) {
            if (machine.name().startsWith("WorkbookInventoryLab")) {
                for (var e : sfn.listExecutionsPaginator(r -> r.stateMachineArn(machine.stateMachineArn())
                        .statusFilter(ExecutionStatus.RUNNING)).executions()) {
                    sfn.stopExecution(r -> r.executionArn(e.executionArn()).error("Cleanup").cause("stopped by lab 05"));
                }
                sfn.deleteStateMachine(r -> r.stateMachineArn(machine.stateMachineArn()));
                rows.add(List.of("state machine", machine.name(), "deleted"));
            }
        }
        return rows;
    }

    /** True when something answers HTTP at the endpoint's health path. */
    static boolean answers(java.net.URI endpoint) {
        try {
            var http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
            http.send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/_localcloud/health"))
                    .timeout(java.time.Duration.ofSeconds(3)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (java.io.IOException refused) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Deletes every object version and delete marker, 1,000 per DeleteObjects call. Returns how many. */
    static long emptyBucket(S3Client s3, String bucket) {
        long deleted = 0;
        while (true) {
            var page = s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(1000));
            List<ObjectIdentifier> ids = new ArrayList<>();
            page.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
            if (ids.isEmpty()) {
                return deleted;
            }
            for (int i = 0; i < ids.size(); i += 1000) {
                var chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
                s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(chunk).quiet(true)));
                deleted += chunk.size();
            }
        }
    }
}
