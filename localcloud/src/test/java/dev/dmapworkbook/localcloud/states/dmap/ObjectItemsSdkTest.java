package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A JSON object as a Map's items through the real SDK and HTTP server (spec 7.7, 9.3b, 9.4): one key-value pair per
 * member, {@code $$.Map.Item.Key} / {@code .Value} / {@code .Index} in the ItemSelector, for an S3 JSON file whose top
 * level is an object, for the object an ItemsPath selects in the input, and AWS's cause for an ItemsPointer that
 * selects nothing (github floci-io/floci pull request #1588) [peer-rec].
 */
class ObjectItemsSdkTest {
    private static final String PROCESSOR = "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
            + "\"ExecutionType\":\"EXPRESS\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
    private static final String SELECTOR = "\"ItemSelector\":{\"station.$\":\"$$.Map.Item.Key\","
            + "\"reading.$\":\"$$.Map.Item.Value.reading\",\"index.$\":\"$$.Map.Item.Index\"}";

    @TempDir
    Path temp;

    private static String machine(String items, String rest) {
        return "{\"StartAt\":\"Map\",\"States\":{\"Map\":{\"Type\":\"Map\"," + items + "," + rest + PROCESSOR
                + ",\"End\":true}}}";
    }

    @Test
    void aJsonFileWhoseTopLevelIsAnObjectGivesOneChildPerMember() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            c.bucket("stations");
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < 120; i++) {
                json.append(i == 0 ? "" : ",").append("\"S").append(119 - i).append("\":{\"reading\":").append(i)
                        .append('}');
            }
            c.put("stations", "latest.json", json.append('}').toString());
            String sm = c.createStateMachine("Members", machine("\"ItemReader\":{\"Resource\":"
                    + "\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"JSON\"},\"Parameters\":"
                    + "{\"Bucket\":\"stations\",\"Key\":\"latest.json\"}}", SELECTOR + ","));
            String execution = c.start(sm, "{}");
            DescribeExecutionResponse done = c.await(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.error() + " " + done.cause());
            JsonNode output = Json.parse(done.output());
            assertEquals(120, output.size());
            assertEquals(Json.parse("{\"station\":\"S119\",\"reading\":0,\"index\":0}"), output.get(0),
                    "the file's member order, not the keys' order");
            assertEquals(Json.parse("{\"station\":\"S0\",\"reading\":119,\"index\":119}"), output.get(119));
            DescribeMapRunResponse run = c.sfn.describeMapRun(r -> r.mapRunArn(c.mapRunOf(execution)));
            assertEquals(120, run.itemCounts().succeeded());

            String missing = c.createStateMachine("Missing", machine("\"ItemReader\":{\"Resource\":"
                    + "\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"JSON\",\"ItemsPointer\":"
                    + "\"/S0/none\"},\"Parameters\":{\"Bucket\":\"stations\",\"Key\":\"latest.json\"}}", ""));
            DescribeExecutionResponse failed = c.await(c.start(missing, "{}"));
            assertEquals(ExecutionStatus.FAILED, failed.status());
            assertEquals("States.ItemReaderFailed", failed.error());
            assertEquals("The provided ReaderConfig.ItemsPointer does not match any valid path in the JSON structure.",
                    failed.cause());
        }
    }

    @Test
    void anObjectSelectedByItemsPathGivesKeyValuePairs() throws Exception {
        try (SdkCloud c = new SdkCloud(temp.resolve("cloud"), 1.0)) {
            String sm = c.createStateMachine("Input", machine("\"ItemsPath\":\"$.servers.web\"", ""));
            DescribeExecutionResponse done = c.await(c.start(sm, "{\"servers\":{\"web\":{\"server1\":{\"port\":80},"
                    + "\"server2\":{\"port\":8080}}}}"));
            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.error() + " " + done.cause());
            assertEquals(Json.parse("[{\"Key\":\"server1\",\"Value\":{\"port\":80}},"
                    + "{\"Key\":\"server2\",\"Value\":{\"port\":8080}}]"), Json.parse(done.output()));
        }
    }
}
