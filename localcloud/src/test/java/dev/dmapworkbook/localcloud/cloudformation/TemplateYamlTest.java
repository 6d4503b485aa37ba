package dev.dmapworkbook.localcloud.cloudformation;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.edge.Service;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The repository's template.yaml: what lab 00 and lab 01 deploy, and lab 05 deletes. */
class TemplateYamlTest {
    static final Path TEMPLATE = Path.of("..", "template.yaml");
    static final Set<String> LAB00_OUTPUTS = Set.of("ArtifactBucketName", "DataBucketName", "ResultsBucketName",
            "ResultsTableName", "StatesHighPrecipitationRoleArn", "StatesHighPrecipitationRoleName", "HelloDmapInputBucketName",
            "HelloDmapResultsBucketName", "HelloDmapStateMachineArn", "HelloDmapStateMachineName");

    @TempDir
    Path dir;

    static String template() throws IOException {
        return Files.readString(TEMPLATE);
    }

    @Test
    void withoutFunctionCodeTheFunctionItsRoleAndLogGroupAreLeftOut() throws IOException {
        Template template = Template.parse(template());
        ResourceTypes types = ResourceTypes.standard(new Neighbours(List.of()));
        StackPlan lab00 = StackPlan.of(template, Map.of(), Map.of(), "dmap-workbook", "id", "us-east-1", "000000000000", types);
        assertEquals(List.of("ArtifactsBucket", "MultiFileDataBucket", "MultiFileResultsBucket", "ResultsTable",
                "StatesHighPrecipitationRole", "HelloDmapDataBucket", "HelloDmapResultsBucket", "HelloDmapStateMachineRole",
                "HelloDmapStateMachine"), lab00.order());

        StackPlan lab01 = StackPlan.of(template, Map.of("ArtifactBucket", new StackPlan.Given("b", false),
                "ArtifactKey", new StackPlan.Given("k.jar", false)), Map.of(), "dmap-workbook", "id", "us-east-1", "000000000000", types);
        assertTrue(lab01.order().containsAll(List.of("HighPrecipitationFunctionRole", "HighPrecipitationFunctionLogGroup",
                "HighPrecipitationFunction")));
        assertTrue(lab01.order().indexOf("HighPrecipitationFunction") < lab01.order().indexOf("StatesHighPrecipitationRole"),
                "the States role's invoke statement names the function");
        assertEquals(Set.of("HighPrecipitationFunctionRole", "HighPrecipitationFunctionLogGroup", "ResultsTable"),
                lab01.dependencies().get("HighPrecipitationFunction"));
        assertEquals("CAPABILITY_NAMED_IAM", template.requiredCapability().orElseThrow());
    }

    @Test
    void validatesThroughTheApi() throws IOException {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dir)); CloudFormationClient cfn = client(cloud)) {
            var validated = cfn.validateTemplate(r -> r.templateBody(readQuietly()));
            assertEquals(List.of("ArtifactBucket", "ArtifactKey"), validated.parameters().stream().map(p -> p.parameterKey()).toList());
            assertTrue(validated.parameters().stream().allMatch(p -> p.defaultValue().isEmpty()));
            assertEquals(List.of(Capability.CAPABILITY_NAMED_IAM), validated.capabilities());
        }
    }

    @Test
    void labsCreateUpdateAndDeleteTheStack() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dir)); CloudFormationClient cfn = client(cloud);
             S3Client s3 = SdkClients.client(S3Client.builder().forcePathStyle(true), cloud.endpoint())) {
            assumeServices(cloud, "states");
            CloudFormationWaiter waiter = CloudFormationResourcesTest.waiter(cfn);

            // Lab 00: no function code yet.
            cfn.createStack(r -> r.stackName("dmap-workbook").templateBody(readQuietly()).capabilities(Capability.CAPABILITY_NAMED_IAM));
            Stack created = waiter.waitUntilStackCreateComplete(r -> r.stackName("dmap-workbook")).matched().response().orElseThrow().stacks().get(0);
            Map<String, String> out = outputs(created);
            assertEquals(StackStatus.CREATE_COMPLETE, created.stackStatus(), created.stackStatusReason());
            assertEquals(LAB00_OUTPUTS, out.keySet());
            assertEquals("StatesHighPrecipitation-dmap-workbook-us-east-1", out.get("StatesHighPrecipitationRoleName"));
            try (SfnClient sfn = SdkClients.client(SfnClient.builder(), cloud.endpoint())) {
                String definition = sfn.describeStateMachine(r -> r.stateMachineArn(out.get("HelloDmapStateMachineArn"))).definition();
                assertTrue(definition.contains("\"Bucket\":\"" + out.get("HelloDmapInputBucketName") + "\""), definition);
                assertTrue(definition.contains("\"Bucket\":\"" + out.get("HelloDmapResultsBucketName") + "\""), definition);
                assertFalse(definition.contains("${"), definition);

                // The hello-dmap workflow as deployed runs: the Pass state keeps the 4.0 and 5.0 ratings only.
                s3.putObject(r -> r.bucket(out.get("HelloDmapInputBucketName")).key("df_electronics.csv"), RequestBody.fromString(
                        "item_id,user_id,rating,timestamp,model_attr,category,brand,year,user_attr,split\n"
                                + "0,0,5.0,1999-06-13,Female,Portable Audio & Video,,1999,,0\n"
                                + "0,1,3.0,1999-06-14,Female,Portable Audio & Video,,1999,,0\n"
                                + "0,2,4.0,1999-06-15,Female,Portable Audio & Video,,1999,,0\n"));
                String execution = sfn.startExecution(r -> r.stateMachineArn(out.get("HelloDmapStateMachineArn"))
                        .input("{\"key\": \"df_electronics.csv\", \"output\": \"results\"}")).executionArn();
                var described = sfn.describeExecution(r -> r.executionArn(execution));
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3); // a loaded machine
                while (described.statusAsString().equals("RUNNING") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    described = sfn.describeExecution(r -> r.executionArn(execution));
                }
                assertEquals("SUCCEEDED", described.statusAsString(), described.cause());
                String results = s3.listObjectsV2(r -> r.bucket(out.get("HelloDmapResultsBucketName")).prefix("results/")).contents()
                        .stream().filter(o -> o.key().endsWith("/SUCCEEDED_0.json")).findFirst()
                        .map(o -> s3.getObjectAsBytes(r -> r.bucket(out.get("HelloDmapResultsBucketName")).key(o.key())).asUtf8String())
                        .orElseThrow();
                var childOutput = dev.dmapworkbook.localcloud.core.Json.parse(
                        dev.dmapworkbook.localcloud.core.Json.parse(results).get(0).get("Output").asText());
                assertEquals(List.of("5.0", "4.0"), java.util.stream.StreamSupport.stream(childOutput.spliterator(), false)
                        .map(item -> item.get("rating").asText()).toList(), results);
                cloud.service(dev.dmapworkbook.localcloud.s3.S3Service.class).objects().emptyBucket(out.get("HelloDmapInputBucketName"));
                cloud.service(dev.dmapworkbook.localcloud.s3.S3Service.class).objects().emptyBucket(out.get("HelloDmapResultsBucketName"));
            }

            // Lab 01: the function's jar, then the update that adds the function.
            assumeServices(cloud, "lambda", "logs");
            Path jar = Path.of(System.getProperty("lambda.jar", "../lambda/target/high-precipitation-lambda.jar"));
            Assumptions.assumeTrue(Files.exists(jar), jar + " absent: build the lambda module first; skipping lab 01's update");
            s3.putObject(r -> r.bucket(out.get("ArtifactBucketName")).key("high-precipitation-lambda-1.jar"), RequestBody.fromFile(jar));
            cfn.updateStack(r -> r.stackName("dmap-workbook").templateBody(readQuietly()).capabilities(Capability.CAPABILITY_NAMED_IAM)
                    .parameters(Parameter.builder().parameterKey("ArtifactBucket").parameterValue(out.get("ArtifactBucketName")).build(),
                            Parameter.builder().parameterKey("ArtifactKey").parameterValue("high-precipitation-lambda-1.jar").build()));
            Stack updated = waiter.waitUntilStackUpdateComplete(r -> r.stackName("dmap-workbook")).matched().response().orElseThrow().stacks().get(0);
            Map<String, String> after = outputs(updated);
            assertEquals("HighPrecipitation-dmap-workbook", after.get("HighPrecipitationFunctionName"));
            assertTrue(after.get("HighPrecipitationFunctionArn").endsWith(":function:HighPrecipitation-dmap-workbook"));

            // Lab 05: delete (the buckets are empty but for the jar).
            cloud.service(dev.dmapworkbook.localcloud.s3.S3Service.class).objects().emptyBucket(out.get("ArtifactBucketName"));
            cfn.deleteStack(r -> r.stackName("dmap-workbook"));
            waiter.waitUntilStackDeleteComplete(r -> r.stackName("dmap-workbook"));
            assertTrue(s3.listBuckets().buckets().isEmpty());
        }
    }

    static void assumeServices(LocalCloud cloud, String... signingNames) {
        for (String name : signingNames) {
            boolean present = cloud.edge().health().path("services").has(name);
            Assumptions.assumeTrue(present, "the local cloud has no '" + name + "' service yet: skipping the part of the"
                    + " template.yaml test that needs it");
        }
    }

    static Map<String, String> outputs(Stack stack) {
        return stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    static String readQuietly() {
        try {
            return template();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static CloudFormationClient client(LocalCloud cloud) {
        return SdkClients.client(CloudFormationClient.builder(), cloud.endpoint());
    }

    static boolean has(List<Service> services, String name) {
        return services.stream().anyMatch(s -> s.signingName().equals(name));
    }
}
