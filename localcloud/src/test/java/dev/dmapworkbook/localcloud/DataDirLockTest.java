package dev.dmapworkbook.localcloud;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One local cloud per data dir. Two at once each compacted the Step Functions journal under the other: a state
 * machine the first confirmed was "not found" after a restart. The second is refused, whether it runs in another
 * process or in this one, and the data dir is free again once the first is gone (closed, or killed with -9).
 */
class DataDirLockTest {
    private static final String DEFINITION = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
    private static final String ROLE = "arn:aws:iam::000000000000:role/r";

    @TempDir
    Path work;

    @Test
    void aSecondCloudOnADataDirAnotherProcessUsesIsRefusedAndNothingConfirmedIsLost() throws Exception {
        Path data = work.resolve("data");
        try (ServerProcess first = ServerProcess.serve(data, work.resolve("first.log"))) {
            createStateMachine(first.endpoint(), "confirmed-by-the-first");
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> LocalCloud.start(LocalCloudConfig.forTests(data)).close());
            assertTrue(refused.getMessage().contains("(pid " + first.pid() + ") is using the data dir " + data), refused.getMessage());
            createStateMachine(first.endpoint(), "confirmed-after-the-refusal");
            first.kill();
        }
        try (LocalCloud second = LocalCloud.start(LocalCloudConfig.forTests(data))) {
            assertEquals(List.of("confirmed-after-the-refusal", "confirmed-by-the-first"), stateMachines(second.endpoint()));
        }
    }

    @Test
    void inOneProcessTooUntilTheFirstIsClosed() {
        Path data = work.resolve("data");
        try (LocalCloud first = LocalCloud.start(LocalCloudConfig.forTests(data))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> LocalCloud.start(LocalCloudConfig.forTests(data)).close());
            assertTrue(refused.getMessage().contains("is using the data dir " + data), refused.getMessage());
            createStateMachine(first.endpoint(), "still-served");
        }
        try (LocalCloud again = LocalCloud.start(LocalCloudConfig.forTests(data))) {
            assertEquals(List.of("still-served"), stateMachines(again.endpoint()));
        }
    }

    private static void createStateMachine(URI endpoint, String name) {
        try (SfnClient sfn = SdkClients.client(SfnClient.builder(), endpoint)) {
            sfn.createStateMachine(r -> r.name(name).definition(DEFINITION).roleArn(ROLE));
        }
    }

    private static List<String> stateMachines(URI endpoint) {
        try (SfnClient sfn = SdkClients.client(SfnClient.builder(), endpoint)) {
            return sfn.listStateMachines().stateMachines().stream().map(StateMachineListItem::name).sorted().toList();
        }
    }
}
