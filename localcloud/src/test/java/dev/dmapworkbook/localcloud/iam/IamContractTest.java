package dev.dmapworkbook.localcloud.iam;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IAM roles and policies through the edge with the real SDK client; recorded, not enforced. */
class IamContractTest {
    static final String TRUST = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]}""";
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": "*"}]}""";
    static final String LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    @TempDir
    Path dataDir;

    static IamClient client(LocalCloud cloud) {
        return SdkClients.client(IamClient.builder(), cloud.endpoint());
    }

    static String decode(String urlEncoded) {
        return URLDecoder.decode(urlEncoded, StandardCharsets.UTF_8);
    }

    @Test
    void createsAndDescribesARole() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); IamClient iam = client(cloud)) {
            var created = iam.createRole(r -> r.roleName("StatesHighPrecipitationRole").path("/service-role/")
                    .assumeRolePolicyDocument(TRUST).description("runs the workflow")
                    .tags(Tag.builder().key("lab").value("02").build())).role();
            assertEquals("arn:aws:iam::000000000000:role/service-role/StatesHighPrecipitationRole", created.arn());
            assertTrue(created.roleId().matches("AROA[A-Z0-9]{17}"), created.roleId());

            var role = iam.getRole(r -> r.roleName("StatesHighPrecipitationRole")).role();
            assertEquals(created.arn(), role.arn());
            assertEquals(created.roleId(), role.roleId());
            assertEquals("/service-role/", role.path());
            assertEquals("runs the workflow", role.description());
            assertEquals(3600, role.maxSessionDuration());
            assertEquals(TRUST, decode(role.assumeRolePolicyDocument()), "IAM returns policy documents URL-encoded");
            assertEquals(List.of(Tag.builder().key("lab").value("02").build()), role.tags());
            assertEquals(created.createDate(), role.createDate());

            var duplicate = assertThrows(EntityAlreadyExistsException.class, () -> iam.createRole(r -> r
                    .roleName("StatesHighPrecipitationRole").assumeRolePolicyDocument(TRUST)));
            assertEquals(409, duplicate.statusCode());
            assertEquals("Role with name StatesHighPrecipitationRole already exists.", duplicate.awsErrorDetails().errorMessage());

            var missing = assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("Nope")));
            assertEquals(404, missing.statusCode());
            assertEquals("The role with name Nope cannot be found.", missing.awsErrorDetails().errorMessage());

            assertThrows(MalformedPolicyDocumentException.class, () -> iam.createRole(r -> r.roleName("Bad")
                    .assumeRolePolicyDocument("{not json")));
        }
    }

    @Test
    void recordsInlineAndAttachedPoliciesAndRefusesToDeleteARoleThatHasThem() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); IamClient iam = client(cloud)) {
            iam.createRole(r -> r.roleName("FunctionRole").assumeRolePolicyDocument(TRUST));
            iam.putRolePolicy(r -> r.roleName("FunctionRole").policyName("invoke").policyDocument(POLICY));
            iam.attachRolePolicy(r -> r.roleName("FunctionRole").policyArn(LAMBDA_BASIC));

            var policy = iam.getRolePolicy(r -> r.roleName("FunctionRole").policyName("invoke"));
            assertEquals(POLICY, decode(policy.policyDocument()));
            assertEquals("FunctionRole", policy.roleName());
            assertEquals(List.of("invoke"), iam.listRolePolicies(r -> r.roleName("FunctionRole")).policyNames());
            assertEquals(List.of(AttachedPolicy.builder().policyName("AWSLambdaBasicExecutionRole").policyArn(LAMBDA_BASIC).build()),
                    iam.listAttachedRolePolicies(r -> r.roleName("FunctionRole")).attachedPolicies());

            var malformed = assertThrows(MalformedPolicyDocumentException.class, () -> iam.putRolePolicy(r -> r
                    .roleName("FunctionRole").policyName("broken").policyDocument("{\"Statement\": [")));
            assertEquals(400, malformed.statusCode());
            assertThrows(NoSuchEntityException.class, () -> iam.getRolePolicy(r -> r.roleName("FunctionRole").policyName("other")));
            assertThrows(NoSuchEntityException.class, () -> iam.putRolePolicy(r -> r.roleName("Nope").policyName("p").policyDocument(POLICY)));

            var conflict = assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("FunctionRole")));
            assertEquals(409, conflict.statusCode());
            iam.deleteRolePolicy(r -> r.roleName("FunctionRole").policyName("invoke"));
            assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("FunctionRole")));
            iam.detachRolePolicy(r -> r.roleName("FunctionRole").policyArn(LAMBDA_BASIC));
            assertThrows(NoSuchEntityException.class, () -> iam.detachRolePolicy(r -> r.roleName("FunctionRole").policyArn(LAMBDA_BASIC)));
            iam.deleteRole(r -> r.roleName("FunctionRole"));
            assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("FunctionRole")));
        }
    }

    @Test
    void listsRolesPageByPage() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); IamClient iam = client(cloud)) {
            for (String name : List.of("e", "d", "c", "b", "a")) {
                iam.createRole(r -> r.roleName("role-" + name).assumeRolePolicyDocument(TRUST)
                        .path(name.equals("a") ? "/service-role/" : "/"));
            }
            var first = iam.listRoles(r -> r.maxItems(2));
            assertTrue(first.isTruncated());
            assertEquals(List.of("role-a", "role-b"), first.roles().stream().map(r -> r.roleName()).toList());
            assertEquals(List.of("role-a", "role-b", "role-c", "role-d", "role-e"),
                    iam.listRolesPaginator(r -> r.maxItems(2)).roles().stream().map(r -> r.roleName()).toList());
            assertEquals(List.of("role-a"), iam.listRoles(r -> r.pathPrefix("/service-role/")).roles().stream()
                    .map(r -> r.roleName()).toList());
        }
    }

    @Test
    void tagsCanBeAddedAndRemoved() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); IamClient iam = client(cloud)) {
            iam.createRole(r -> r.roleName("Tagged").assumeRolePolicyDocument(TRUST));
            iam.tagRole(r -> r.roleName("Tagged").tags(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("2").build()));
            iam.untagRole(r -> r.roleName("Tagged").tagKeys("a"));
            assertEquals(List.of(Tag.builder().key("b").value("2").build()), iam.listRoleTags(r -> r.roleName("Tagged")).tags());
        }
    }

    @Test
    void rolesSurviveARestart() {
        String roleId;
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); IamClient iam = client(cloud)) {
            roleId = iam.createRole(r -> r.roleName("Kept").assumeRolePolicyDocument(TRUST)).role().roleId();
            iam.putRolePolicy(r -> r.roleName("Kept").policyName("invoke").policyDocument(POLICY));
            iam.attachRolePolicy(r -> r.roleName("Kept").policyArn(LAMBDA_BASIC));
        }
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); IamClient iam = client(cloud)) {
            assertEquals(roleId, iam.getRole(r -> r.roleName("Kept")).role().roleId());
            assertEquals(POLICY, decode(iam.getRolePolicy(r -> r.roleName("Kept").policyName("invoke")).policyDocument()));
            assertEquals(1, iam.listAttachedRolePolicies(r -> r.roleName("Kept")).attachedPolicies().size());
        }
    }

    @Test
    void theInProcessStoreIsWhatTheApiShows() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)); IamClient iam = client(cloud)) {
            IamRoles roles = cloud.service(IamService.class).roles();
            Role role = roles.createRole("FromTemplate", null, TRUST, null, Map.of("aws:cloudformation:stack-name", "dmap"));
            roles.putRolePolicy("FromTemplate", "inline", POLICY);
            assertEquals("arn:aws:iam::000000000000:role/FromTemplate", role.arn());
            assertEquals(role.roleId(), iam.getRole(r -> r.roleName("FromTemplate")).role().roleId());
            assertEquals(List.of("inline"), iam.listRolePolicies(r -> r.roleName("FromTemplate")).policyNames());

            ServiceException conflict = assertThrows(ServiceException.class, () -> roles.deleteRole("FromTemplate"));
            assertEquals("DeleteConflict", conflict.code());
            ServiceException missing = assertThrows(ServiceException.class, () -> roles.getRole("Nope"));
            assertEquals("NoSuchEntity", missing.code());
            assertEquals(404, missing.status());
        }
    }

    @Test
    void aParameterTheLocalCloudDoesNotSupportIsRefusedByName() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir))) {
            // No SDK client sends an unknown parameter, so this one request is built by hand.
            EdgeResponse response = cloud.edge().dispatch(EdgeRequest.of("POST", "/", Map.of(
                    "Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
                    "Authorization", List.of("AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x")),
                    "Action=CreateRole&Version=2010-05-08&RoleName=x&AssumeRolePolicyDocument=%7B%7D&Frobnicate=1".getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            response.body().writeTo(body);
            assertEquals(400, response.status());
            assertTrue(body.toString(StandardCharsets.UTF_8).contains("Frobnicate"), body.toString(StandardCharsets.UTF_8));
        }
    }
}
