package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A local cloud on a free port with real SDK clients (the project's contract-test style). */
final class SdkCloud implements AutoCloseable {
    static final String ROLE = "arn:aws:iam::000000000000:role/StatesTestRole";
    final LocalCloud cloud;
    final SfnClient sfn;
    final S3Client s3;

    SdkCloud(Path dataDir, double waitScale) {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir).withWaitScale(waitScale));
        sfn = SdkClients.client(SfnClient.builder(), cloud.endpoint());
        s3 = SdkClients.client(S3Client.builder().forcePathStyle(true), cloud.endpoint());
    }

    String createStateMachine(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)
                .type(StateMachineType.STANDARD)).stateMachineArn();
    }

    String start(String stateMachineArn, String input) {
        return sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).input(input)).executionArn();
    }

    /** The first Map Run that ListMapRuns gives for the execution (in most tests its only one). */
    String mapRunOf(String executionArn) {
        return sfn.listMapRuns(r -> r.executionArn(executionArn)).mapRuns().get(0).mapRunArn();
    }

    DescribeExecutionResponse await(String executionArn) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (execution.status() != ExecutionStatus.RUNNING || System.nanoTime() > deadline) {
                return execution;
            }
            sleep(20);
        }
    }

    /** The execution's first Map Run, once ListMapRuns shows one; fails when none started within 3 minutes. */
    String awaitMapRun(String executionArn) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos(); // generous: a loaded machine
        while (true) {
            List<MapRunListItem> runs = sfn.listMapRuns(r -> r.executionArn(executionArn)).mapRuns();
            if (!runs.isEmpty()) {
                return runs.get(0).mapRunArn();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no Map Run started for " + executionArn);
            }
            sleep(10);
        }
    }

    /** DescribeMapRun once {@code until} holds; fails, naming {@code what} was awaited, after 3 minutes. */
    DescribeMapRunResponse awaitMapRun(String mapRunArn, Predicate<DescribeMapRunResponse> until, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos(); // generous: a loaded machine
        while (true) {
            DescribeMapRunResponse run = sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
            if (until.test(run)) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the Map Run never showed " + what + ": " + run);
            }
            sleep(10);
        }
    }

    List<HistoryEvent> history(String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).forEach(page -> events.addAll(page.events()));
        return events;
    }

    List<String> types(String executionArn) {
        return history(executionArn).stream().map(HistoryEvent::typeAsString).toList();
    }

    void bucket(String name) {
        s3.createBucket(r -> r.bucket(name));
    }

    void put(String bucket, String key, String body) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    void put(String bucket, String key, Path file) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    String get(String bucket, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sfn.close();
        s3.close();
        cloud.close();
    }
}
