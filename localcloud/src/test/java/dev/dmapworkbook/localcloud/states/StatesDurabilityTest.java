package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 point 2, "a 200 means it is on disk": a real local cloud process is killed with {@code kill -9} right after
 * the last of 20 confirming calls of each kind, restarted on the same data dir, and everything it confirmed is there;
 * a running execution keeps its events across kill -9 and SIGTERM and ends FAILED with the restart cause.
 */
class StatesDurabilityTest {
    private static final String ROLE = "arn:aws:iam::000000000000:role/Durable";
    private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"ok\":true},\"End\":true}}}";
    private static final String WAIT = "{\"StartAt\":\"First\",\"States\":{\"First\":{\"Type\":\"Pass\",\"Next\":\"W\"},"
            + "\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}";
    private static final int CALLS = 20;
    private static final int CHILDREN = 500;

    @TempDir
    Path work;

    @Test
    void everyConfirmedChangeSurvivesKillMinus9() throws Exception {
        Path data = work.resolve("data");
        List<String> machines = new ArrayList<>();
        try (ServerProcess first = serve(data, "1")) {
            try (SfnClient sfn = client(first.endpoint())) {
                for (int i = 0; i < CALLS; i++) {
                    int n = i;
                    machines.add(sfn.createStateMachine(r -> r.name("Durable-" + n).definition(n == 0 ? WAIT : PASS)
                            .roleArn(ROLE)).stateMachineArn());
                }
            }
            first.kill();
        }
        List<String> started = new ArrayList<>();
        try (ServerProcess second = serve(data, "2")) {
            try (SfnClient sfn = client(second.endpoint())) {
                Set<String> listed = sfn.listStateMachines(r -> r.maxResults(1000)).stateMachines().stream()
                        .map(StateMachineListItem::stateMachineArn).collect(Collectors.toSet());
                assertEquals(CALLS, machines.stream().filter(listed::contains).count(), "CreateStateMachine confirmed and kept");
                for (int i = 0; i < CALLS; i++) {
                    started.add(sfn.startExecution(r -> r.stateMachineArn(machines.get(0)).input("{}")).executionArn());
                }
            }
            second.kill();
        }
        List<String> succeeded = new ArrayList<>();
        try (ServerProcess third = serve(data, "3")) {
            try (SfnClient sfn = client(third.endpoint())) {
                for (String execution : started) {
                    DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(execution));
                    assertEquals(ExecutionStatus.FAILED, d.status(), "StartExecution confirmed and kept: " + execution);
                    assertEquals(ExecutionStore.RESTART_CAUSE, d.cause());
                    assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.PASS_STATE_ENTERED,
                            HistoryEventType.PASS_STATE_EXITED, HistoryEventType.WAIT_STATE_ENTERED,
                            HistoryEventType.EXECUTION_FAILED), types(sfn, execution), "every event up to the kill");
                }
                for (int i = 0; i < CALLS; i++) {
                    String arn = sfn.startExecution(r -> r.stateMachineArn(machines.get(1)).input("{}")).executionArn();
                    StatesContractTest.await(sfn, arn);
                    succeeded.add(arn);
                }
            }
            third.kill();
        }
        try (ServerProcess fourth = serve(data, "4"); SfnClient sfn = client(fourth.endpoint())) {
            for (String execution : succeeded) {
                DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(execution));
                assertEquals(ExecutionStatus.SUCCEEDED, d.status(), "seen SUCCEEDED before the kill, SUCCEEDED after: " + execution);
                assertEquals("{\"ok\":true}", d.output());
                assertEquals(HistoryEventType.EXECUTION_SUCCEEDED, types(sfn, execution).get(3));
            }
        }
    }

    @Test
    void aSucceededMapRunKeepsItsParentAndEveryChildAcrossKillMinus9() throws Exception {
        Path data = work.resolve("data");
        String parent;
        String expressParent;
        try (ServerProcess first = serve(data, "1")) {
            try (SfnClient sfn = client(first.endpoint())) {
                parent = runMap(sfn, "Standard", "STANDARD");
                expressParent = runMap(sfn, "Express", "EXPRESS");
            }
            first.kill();
        }
        try (ServerProcess second = serve(data, "2"); SfnClient sfn = client(second.endpoint())) {
            for (String execution : List.of(parent, expressParent)) {
                assertEquals(ExecutionStatus.SUCCEEDED, sfn.describeExecution(r -> r.executionArn(execution)).status());
                String mapRun = sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns().get(0).mapRunArn();
                DescribeMapRunResponse run = sfn.describeMapRun(r -> r.mapRunArn(mapRun));
                assertEquals(MapRunStatus.SUCCEEDED, run.status());
                assertEquals(CHILDREN, run.itemCounts().succeeded());
                List<ExecutionListItem> children = sfn.listExecutionsPaginator(r -> r.mapRunArn(mapRun)).executions()
                        .stream().toList();
                assertEquals(CHILDREN, children.size(), "every child kept");
                assertTrue(children.stream().allMatch(c -> c.status() == ExecutionStatus.SUCCEEDED));
                DescribeExecutionResponse child = sfn.describeExecution(r -> r.executionArn(children.get(0).executionArn()));
                assertEquals(ExecutionStatus.SUCCEEDED, child.status());
                assertEquals(mapRun, child.mapRunArn());
            }
        }
    }

    @Test
    void aRunningExecutionKeepsItsHistoryAcrossSigterm() throws Exception {
        Path data = work.resolve("data");
        String execution;
        try (ServerProcess first = serve(data, "1")) {
            try (SfnClient sfn = client(first.endpoint())) {
                String sm = sfn.createStateMachine(r -> r.name("Waiting").definition(WAIT).roleArn(ROLE)).stateMachineArn();
                execution = sfn.startExecution(r -> r.stateMachineArn(sm).input("{\"n\":1}")).executionArn();
                while (!types(sfn, execution).contains(HistoryEventType.WAIT_STATE_ENTERED)) {
                    Thread.sleep(20);
                }
            }
            first.stop();
        }
        try (ServerProcess second = serve(data, "2"); SfnClient sfn = client(second.endpoint())) {
            List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(execution)).events();
            assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.PASS_STATE_ENTERED,
                    HistoryEventType.PASS_STATE_EXITED, HistoryEventType.WAIT_STATE_ENTERED, HistoryEventType.EXECUTION_FAILED),
                    events.stream().map(HistoryEvent::type).toList());
            HistoryEvent failed = events.get(4);
            assertEquals("States.Runtime", failed.executionFailedEventDetails().error());
            assertEquals(ExecutionStore.RESTART_CAUSE, failed.executionFailedEventDetails().cause());
            assertEquals(4L, failed.previousEventId());
            assertEquals("{\"n\":1}", events.get(0).executionStartedEventDetails().input());
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(execution));
            assertEquals(ExecutionStatus.FAILED, d.status());
            assertFalse(d.stopDate().isBefore(d.startDate()));
        }
    }

    /**
     * A child's batch larger than an event keeps in memory (its texts live in payload files): GetExecutionHistory gives
     * it whole in every event that records it, after kill -9 too, and leaves it out without includeExecutionData.
     */
    @Test
    void aChildsLargeBatchIsInItsHistoryWholeAcrossKillMinus9() throws Exception {
        Path data = work.resolve("data");
        String item = "\"" + "x".repeat(100) + "\"";
        String items = String.join(",", java.util.Collections.nCopies(200, item));
        String batch = "{\"Items\":[" + String.join(",", java.util.Collections.nCopies(100, item)) + "]}";
        String child;
        try (ServerProcess first = serve(data, "1")) {
            try (SfnClient sfn = client(first.endpoint())) {
                String definition = "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
                        + "\"ItemBatcher\":{\"MaxItemsPerBatch\":100},\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":"
                        + "\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"P\",\"States\":{\"P\":"
                        + "{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";
                String sm = sfn.createStateMachine(r -> r.name("Batches").definition(definition).roleArn(ROLE)).stateMachineArn();
                String execution = sfn.startExecution(r -> r.stateMachineArn(sm).input("{\"items\":[" + items + "]}")).executionArn();
                assertEquals(ExecutionStatus.SUCCEEDED, StatesContractTest.await(sfn, execution).status());
                String mapRun = sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns().get(0).mapRunArn();
                child = sfn.listExecutions(r -> r.mapRunArn(mapRun)).executions().get(0).executionArn();
            }
            first.kill();
        }
        try (ServerProcess second = serve(data, "2"); SfnClient sfn = client(second.endpoint())) {
            List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(child)).events();
            assertEquals(batch, events.get(0).executionStartedEventDetails().input());
            assertEquals(batch, events.get(1).stateEnteredEventDetails().input());
            assertEquals(batch, events.get(2).stateExitedEventDetails().output());
            assertEquals(batch, events.get(3).executionSucceededEventDetails().output());
            assertEquals(batch, sfn.describeExecution(r -> r.executionArn(child)).output());
            List<HistoryEvent> withoutData = sfn.getExecutionHistory(r -> r.executionArn(child).includeExecutionData(false)).events();
            assertEquals(null, withoutData.get(1).stateEnteredEventDetails().input());
            assertEquals("P", withoutData.get(1).stateEnteredEventDetails().name());
        }
    }

    /** A Distributed Map over {@link #CHILDREN} items, awaited until the parent has SUCCEEDED. */
    private static String runMap(SfnClient sfn, String name, String childType) throws InterruptedException {
        String definition = "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
                + "\"MaxConcurrency\":100,\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\""
                + childType + "\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";
        String sm = sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
        String items = java.util.stream.IntStream.range(0, CHILDREN).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String execution = sfn.startExecution(r -> r.stateMachineArn(sm).input("{\"items\":[" + items + "]}")).executionArn();
        assertEquals(ExecutionStatus.SUCCEEDED, StatesContractTest.await(sfn, execution).status());
        return execution;
    }

    private static List<HistoryEventType> types(SfnClient sfn, String execution) {
        return sfn.getExecutionHistory(r -> r.executionArn(execution)).events().stream().map(HistoryEvent::type).toList();
    }

    private ServerProcess serve(Path data, String name) throws Exception {
        return ServerProcess.serve(data, work.resolve("server-" + name + ".log"));
    }

    private static SfnClient client(URI endpoint) {
        return SdkClients.client(SfnClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())), endpoint);
    }
}
