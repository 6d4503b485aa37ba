package dev.dmapworkbook.localcloud.dynamodb;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.core.Json;
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
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table and stream ARNs name the region the client called, as DynamoDB's do
 * ({@code arn:aws:dynamodb:<region>:<account>:table/<name>[/stream/<label>]}), and those ARNs work as input.
 */
class DynamoDbArnTest {
    @TempDir
    Path dataDir;

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    @Test
    void describeTableAndStreamArnsCarryTheClientsRegion() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
             DynamoDbClient west = DynamoDbClient.builder().endpointOverride(cloud.endpoint()).region(Region.EU_WEST_1)
                     .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
             DynamoDbClient east = DynamoDbContractTest.client(cloud);
             DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(cloud.endpoint())
                     .region(Region.EU_WEST_1).credentialsProvider(CREDENTIALS)
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            TableDescription created = west.createTable(r -> r.tableName("Arns")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)))
                    .tableDescription();
            String tableArn = "arn:aws:dynamodb:eu-west-1:000000000000:table/Arns";
            assertEquals(tableArn, created.tableArn());

            TableDescription described = west.describeTable(r -> r.tableName("Arns")).table();
            assertEquals(tableArn, described.tableArn());
            assertTrue(described.latestStreamArn().startsWith(tableArn + "/stream/"), described.latestStreamArn());
            assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/Arns",
                    east.describeTable(r -> r.tableName("Arns")).table().tableArn());
            assertEquals("arn:aws:dynamodb:ap-south-1:000000000000:table/Arns", cloud.service(DynamoDbService.class)
                    .call("DescribeTable", Json.object("TableName", "Arns"), "ap-south-1").at("/Table/TableArn").asText());

            // The stream ARN the client was given is accepted back (DynamoDB Local supports no tagging).
            String streamArn = described.latestStreamArn();
            assertEquals(List.of(streamArn), streams.listStreams(r -> r.tableName("Arns")).streams().stream()
                    .map(s -> s.streamArn()).toList());
            var stream = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription();
            assertEquals(streamArn, stream.streamArn());
            west.putItem(r -> r.tableName("Arns").item(Map.of("pk", AttributeValue.fromS("USW00012345"))));
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn)
                    .shardId(stream.shards().get(0).shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            var records = streams.getRecords(r -> r.shardIterator(iterator)).records();
            assertEquals("USW00012345", records.get(0).dynamodb().newImage().get("pk").s());
        }
    }
}
