package dev.dmapworkbook.localcloud.cloudformation;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3, DynamoDB and IAM resources provisioned in the real local cloud, checked with those services' own clients. */
class CloudFormationResourcesTest {
    static final String TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              DataBucket:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration: {Status: Enabled}
                  BucketEncryption:
                    ServerSideEncryptionConfiguration:
                      - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}
                  PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                  KeySchema: [{AttributeName: pk, KeyType: HASH}]
              Role:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: !Sub "Reader-${AWS::StackName}"
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]
                  Policies:
                    - PolicyName: Read
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement: [{Effect: Allow, Action: s3:GetObject, Resource: !Sub "${DataBucket.Arn}/*"}]
              ExtraPolicy:
                Type: AWS::IAM::Policy
                Properties:
                  PolicyName: WriteTable
                  Roles: [!Ref Role]
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement: [{Effect: Allow, Action: dynamodb:PutItem, Resource: !GetAtt Table.Arn}]
            Outputs:
              Bucket: {Value: !Ref DataBucket}
              BucketArn: {Value: !GetAtt DataBucket.Arn}
              Table: {Value: !Ref Table}
              TableArn: {Value: !GetAtt Table.Arn}
              RoleArn: {Value: !GetAtt Role.Arn}
            """;

    @TempDir
    Path dir;
    LocalCloud cloud;
    CloudFormationClient cfn;
    CloudFormationWaiter waiter;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dir));
        cfn = client(CloudFormationClient.builder());
        waiter = waiter(cfn);
    }

    @AfterEach
    void stop() {
        cfn.close();
        cloud.close();
    }

    <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return SdkClients.client(builder, cloud.endpoint());
    }

    static CloudFormationWaiter waiter(CloudFormationClient cfn) {
        return CloudFormationWaiter.builder().client(cfn)
                .overrideConfiguration(WaiterOverrideConfiguration.builder().maxAttempts(1200)
                        .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))).build())
                .build();
    }

    @Test
    void createsBucketsTablesAndRolesInTheirServicesAndDeletesThem() {
        cfn.createStack(r -> r.stackName("res").templateBody(TEMPLATE).capabilities(Capability.CAPABILITY_NAMED_IAM));
        Stack stack = waiter.waitUntilStackCreateComplete(r -> r.stackName("res")).matched().response().orElseThrow().stacks().get(0);
        Map<String, String> out = stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));

        assertTrue(out.get("Bucket").startsWith("res-databucket-"), out.get("Bucket"));
        assertEquals("arn:aws:s3:::" + out.get("Bucket"), out.get("BucketArn"));
        assertEquals("arn:aws:iam::000000000000:role/Reader-res", out.get("RoleArn"));
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true));
             DynamoDbClient ddb = client(DynamoDbClient.builder());
             IamClient iam = client(IamClient.builder())) {
            assertEquals("Enabled", s3.getBucketVersioning(r -> r.bucket(out.get("Bucket"))).statusAsString());
            var table = ddb.describeTable(r -> r.tableName(out.get("Table"))).table();
            assertEquals("pk", table.keySchema().get(0).attributeName());
            assertEquals(out.get("TableArn"), table.tableArn());
            assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/" + out.get("Table"), out.get("TableArn"));
            assertEquals(List.of("Read", "WriteTable"), iam.listRolePolicies(r -> r.roleName("Reader-res")).policyNames().stream().sorted().toList());

            cfn.deleteStack(r -> r.stackName("res"));
            waiter.waitUntilStackDeleteComplete(r -> r.stackName("res"));
            assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(out.get("Bucket"))));
            assertTrue(ddb.listTables().tableNames().isEmpty());
            assertTrue(iam.listRoles().roles().isEmpty());
        }
    }

    @Test
    void templatesCanComeFromS3() {
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true))) {
            s3.createBucket(r -> r.bucket("templates"));
            s3.putObject(r -> r.bucket("templates").key("t/resources.yaml"), RequestBody.fromString(TEMPLATE));
        }
        var validated = cfn.validateTemplate(r -> r.templateURL("https://templates.s3.us-east-1.amazonaws.com/t/resources.yaml"));
        assertEquals(List.of(Capability.CAPABILITY_NAMED_IAM), validated.capabilities());
        cfn.createStack(r -> r.stackName("fromurl").templateURL(cloud.endpoint() + "/templates/t/resources.yaml")
                .capabilities(Capability.CAPABILITY_NAMED_IAM));
        assertEquals(StackStatus.CREATE_COMPLETE, waiter.waitUntilStackCreateComplete(r -> r.stackName("fromurl"))
                .matched().response().orElseThrow().stacks().get(0).stackStatus());
        var missing = org.junit.jupiter.api.Assertions.assertThrows(software.amazon.awssdk.services.cloudformation.model.CloudFormationException.class,
                () -> cfn.validateTemplate(r -> r.templateURL("https://s3.amazonaws.com/templates/nope.yaml")));
        assertEquals("TemplateURL must reference a valid S3 object to which you have access.", missing.awsErrorDetails().errorMessage());
    }

    @Test
    void deletingAStackWithANonEmptyBucketFailsAsOnAws() {
        cfn.createStack(r -> r.stackName("full").templateBody(TEMPLATE).capabilities(Capability.CAPABILITY_NAMED_IAM));
        Stack stack = waiter.waitUntilStackCreateComplete(r -> r.stackName("full")).matched().response().orElseThrow().stacks().get(0);
        String bucket = stack.outputs().stream().filter(o -> o.outputKey().equals("Bucket")).findFirst().orElseThrow().outputValue();
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true))) {
            s3.putObject(r -> r.bucket(bucket).key("csv/by_station/X.csv"), RequestBody.fromString("ID,DATE\n"));

            cfn.deleteStack(r -> r.stackName("full"));
            StackEngineContractTest.settle(() -> waiter.waitUntilStackDeleteComplete(r -> r.stackName("full")));
            Stack failed = cfn.describeStacks(r -> r.stackName("full")).stacks().get(0);
            assertEquals(StackStatus.DELETE_FAILED, failed.stackStatus());
            assertEquals("The following resource(s) failed to delete: [DataBucket]. ", failed.stackStatusReason());
            StackEvent event = cfn.describeStackEvents(r -> r.stackName("full")).stackEvents().stream()
                    .filter(e -> e.resourceStatus() == ResourceStatus.DELETE_FAILED && e.resourceType().equals("AWS::S3::Bucket"))
                    .findFirst().orElseThrow();
            assertEquals("DataBucket", event.logicalResourceId());
            assertTrue(event.resourceStatusReason().matches("The bucket you tried to delete is not empty \\(Service: Amazon S3;"
                    + " Status Code: 409; Error Code: BucketNotEmpty; Request ID: \\w+; S3 Extended Request ID: \\w+; Proxy: null\\)"),
                    event.resourceStatusReason());

            // Emptying the bucket (every version) and deleting again finishes the job, as lab 05 does.
            cloud.service(dev.dmapworkbook.localcloud.s3.S3Service.class).objects().emptyBucket(bucket);
            cfn.deleteStack(r -> r.stackName("full"));
            waiter.waitUntilStackDeleteComplete(r -> r.stackName("full"));
            assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
        }
    }
}
