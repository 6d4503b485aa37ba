package dev.dmapworkbook.localcloud.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DynamoDB through the edge with the real SDK client, as the labs and the Lambda use it. */
class DynamoDbContractTest {
    @TempDir
    Path dataDir;

    static DynamoDbClient client(LocalCloud cloud) {
        return SdkClients.client(DynamoDbClient.builder(), cloud.endpoint());
    }

    /** The workshop's results table: partition key {@code pk} (S). */
    static void createResultsTable(DynamoDbClient dynamo, String name) {
        dynamo.createTable(r -> r.tableName(name)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(name));
    }

    static Map<String, AttributeValue> station(String id, int prcp) {
        return Map.of("pk", AttributeValue.fromS(id), "PRCP", AttributeValue.fromN(Integer.toString(prcp)));
    }

    @Test
    void createsATableAndReadsAndWritesItems() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); DynamoDbClient dynamo = client(cloud)) {
            dynamo.createTable(r -> r.tableName("Readings")
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("station").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("date").attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName("station").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("date").keyType(KeyType.RANGE).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            var described = dynamo.waiter().waitUntilTableExists(r -> r.tableName("Readings")).matched().response().orElseThrow();
            assertEquals(TableStatus.ACTIVE, described.table().tableStatus());
            assertEquals(List.of("Readings"), dynamo.listTables().tableNames());

            for (String date : List.of("20230101", "20230102", "20230103")) {
                dynamo.putItem(r -> r.tableName("Readings").item(Map.of(
                        "station", AttributeValue.fromS("USW00012345"), "date", AttributeValue.fromS(date),
                        "PRCP", AttributeValue.fromN(date.substring(6)))));  // "02": DynamoDB normalises numbers
            }
            dynamo.putItem(r -> r.tableName("Readings").item(Map.of(
                    "station", AttributeValue.fromS("USC00099999"), "date", AttributeValue.fromS("20230101"))));

            var item = dynamo.getItem(r -> r.tableName("Readings").key(Map.of(
                    "station", AttributeValue.fromS("USW00012345"), "date", AttributeValue.fromS("20230102")))).item();
            assertEquals("2", item.get("PRCP").n());

            var query = dynamo.query(r -> r.tableName("Readings")
                    .keyConditionExpression("station = :s AND #d >= :from")
                    .expressionAttributeNames(Map.of("#d", "date"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("USW00012345"), ":from", AttributeValue.fromS("20230102"))));
            assertEquals(List.of("20230102", "20230103"), query.items().stream().map(i -> i.get("date").s()).toList());

            assertEquals(4, dynamo.scan(r -> r.tableName("Readings")).count());
            assertEquals(4, dynamo.scanPaginator(r -> r.tableName("Readings").limit(1)).items().stream().count());
        }
    }

    @Test
    void aFailedConditionIsConditionalCheckFailedException() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); DynamoDbClient dynamo = client(cloud)) {
            createResultsTable(dynamo, "Results");
            dynamo.putItem(r -> r.tableName("Results").item(station("USW00012345", 100)));
            var error = assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(r -> r
                    .tableName("Results").item(station("USW00012345", 50))
                    .conditionExpression("attribute_not_exists(pk) OR PRCP < :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromN("50")))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            assertEquals(400, error.statusCode());
            assertEquals("ConditionalCheckFailedException", error.awsErrorDetails().errorCode());
            assertEquals("100", dynamo.getItem(r -> r.tableName("Results").key(Map.of("pk", AttributeValue.fromS("USW00012345"))))
                    .item().get("PRCP").n());
        }
    }

    @Test
    void aMissingTableIsResourceNotFoundException() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); DynamoDbClient dynamo = client(cloud)) {
            var error = assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTable(r -> r.tableName("Nope")));
            assertEquals(400, error.statusCode());
            assertThrows(ResourceNotFoundException.class,
                    () -> dynamo.getItem(r -> r.tableName("Nope").key(Map.of("pk", AttributeValue.fromS("x")))));
        }
    }

    @Test
    void batchWritesAndTransactions() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); DynamoDbClient dynamo = client(cloud)) {
            createResultsTable(dynamo, "Results");
            for (int batch = 0; batch < 4; batch++) {
                List<WriteRequest> writes = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                            .item(station("ST" + (batch * 25 + i), i)).build()).build());
                }
                var result = dynamo.batchWriteItem(r -> r.requestItems(Map.of("Results", writes)));
                assertTrue(result.unprocessedItems().isEmpty());
            }
            assertEquals(100, dynamo.scan(r -> r.tableName("Results").select("COUNT")).count());

            dynamo.transactWriteItems(r -> r.transactItems(
                    t -> t.put(p -> p.tableName("Results").item(station("T1", 1))),
                    t -> t.update(u -> u.tableName("Results").key(Map.of("pk", AttributeValue.fromS("ST0")))
                            .updateExpression("SET PRCP = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromN("999"))))));
            assertEquals("999", dynamo.getItem(r -> r.tableName("Results").key(Map.of("pk", AttributeValue.fromS("ST0"))))
                    .item().get("PRCP").n());

            var cancelled = assertThrows(TransactionCanceledException.class, () -> dynamo.transactWriteItems(r -> r.transactItems(
                    t -> t.put(p -> p.tableName("Results").item(station("T2", 2))),
                    t -> t.conditionCheck(c -> c.tableName("Results").key(Map.of("pk", AttributeValue.fromS("T1")))
                            .conditionExpression("attribute_not_exists(pk)")))));
            assertTrue(cancelled.hasCancellationReasons());
            assertEquals(List.of("None", "ConditionalCheckFailed"),
                    cancelled.cancellationReasons().stream().map(c -> c.code()).toList());
            assertFalse(dynamo.getItem(r -> r.tableName("Results").key(Map.of("pk", AttributeValue.fromS("T2")))).hasItem(),
                    "a cancelled transaction writes nothing");
        }
    }

    @Test
    void dataSurvivesARestart() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); DynamoDbClient dynamo = client(cloud)) {
            createResultsTable(dynamo, "Results");
            dynamo.putItem(r -> r.tableName("Results").item(station("USW00012345", 321)));
        }
        assertTrue(Files.isRegularFile(dataDir.resolve("dynamodb").resolve(DynamoDbLocalEngine.SHARED_DB_FILE)));
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); DynamoDbClient dynamo = client(cloud)) {
            assertEquals(List.of("Results"), dynamo.listTables().tableNames());
            assertEquals("321", dynamo.getItem(r -> r.tableName("Results").key(Map.of("pk", AttributeValue.fromS("USW00012345"))))
                    .item().get("PRCP").n());
        }
    }

    @Test
    void everyRegionSeesTheSameSharedDatabase() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); DynamoDbClient east = client(cloud);
             DynamoDbClient west = DynamoDbClient.builder().endpointOverride(cloud.endpoint()).region(Region.EU_WEST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("other", "key")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            createResultsTable(east, "Results");
            assertEquals(List.of("Results"), west.listTables().tableNames());
        }
    }

    @Test
    void inProcessCallsHaveTheWireSemantics() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); DynamoDbClient dynamo = client(cloud)) {
            DynamoDbService service = cloud.service(DynamoDbService.class);
            JsonNode created = service.call("CreateTable", Json.parse("""
                    {"TableName": "Results", "BillingMode": "PAY_PER_REQUEST",
                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}"""), "us-east-1");
            assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/Results", created.at("/TableDescription/TableArn").asText());
            service.call("PutItem", Json.parse("""
                    {"TableName": "Results", "Item": {"pk": {"S": "USW00012345"}, "PRCP": {"N": "42"}}}"""), "us-east-1");
            assertEquals("42", dynamo.getItem(r -> r.tableName("Results").key(Map.of("pk", AttributeValue.fromS("USW00012345"))))
                    .item().get("PRCP").n());

            ServiceException missing = assertThrows(ServiceException.class, () -> service.call("DescribeTable",
                    Json.object("TableName", "Nope"), "us-east-1"));
            assertEquals("ResourceNotFoundException", missing.code());
            assertEquals(400, missing.status());
            ServiceException invalid = assertThrows(ServiceException.class, () -> service.call("PutItem",
                    Json.parse("{\"TableName\": \"Results\", \"Item\": {\"PRCP\": {\"N\": \"1\"}}}"), "us-east-1"));
            assertEquals("ValidationException", invalid.code());
            ServiceException unknown = assertThrows(ServiceException.class, () -> service.call("FlyToTheMoon",
                    Json.object(), "us-east-1"));
            assertEquals("InvalidAction", unknown.code());
        }
    }

    @Test
    void aBodyThatIsNotJsonIsSerializationExceptionAndAnUnknownOperationIsNamed() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir))) {
            // No SDK client sends these, so the two requests are built by hand.
            var notJson = dispatch(cloud, "DynamoDB_20120810.PutItem", "{not json");
            assertEquals(400, notJson.getKey());
            assertEquals("com.amazon.coral.service#SerializationException", notJson.getValue().path("__type").asText());
            var unknown = dispatch(cloud, "DynamoDB_20120810.FlyToTheMoon", "{}");
            assertEquals(400, unknown.getKey());
            assertTrue(unknown.getValue().path("__type").asText().endsWith("#InvalidAction"), unknown.getValue().toString());
        }
    }

    private static Map.Entry<Integer, JsonNode> dispatch(LocalCloud cloud, String target, String body) throws Exception {
        EdgeResponse response = cloud.edge().dispatch(EdgeRequest.of("POST", "/", Map.of(
                "X-Amz-Target", List.of(target), "Content-Type", List.of("application/x-amz-json-1.0")),
                body.getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        response.body().writeTo(out);
        return Map.entry(response.status(), Json.parse(out.toByteArray()));
    }

    @Test
    void whenDynamoDbLocalCannotStartHealthAndRequestsSayWhy() throws Exception {
        Files.writeString(dataDir.resolve("dynamodb"), "a file where the database folder should be");
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir))) {
            DynamoDbService service = cloud.service(DynamoDbService.class);
            ServiceException error = assertThrows(ServiceException.class, () -> service.call("ListTables", Json.object(), "us-east-1"));
            assertEquals(500, error.status());
            assertEquals("InternalFailure", error.code());
            assertTrue(error.getMessage().startsWith("DynamoDB Local failed to start: "), error.getMessage());
            assertTrue(service.state().startsWith("failed: "), service.state());
        }
    }

    @Test
    void healthNamesDynamoDb() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); DynamoDbClient dynamo = client(cloud)) {
            dynamo.listTables();
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cloud.endpoint() + "/_localcloud/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("running", Json.parse(health.body()).at("/services/dynamodb").asText());
        }
    }
}
