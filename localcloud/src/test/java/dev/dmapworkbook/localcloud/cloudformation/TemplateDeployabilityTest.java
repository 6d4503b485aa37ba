package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml stays deployable on AWS (issue 7, item 3), checked offline against published data:
 * <ul>
 *   <li>the CloudFormation resource specification, as AWS CDK publishes it on npm: {@code @aws-cdk/cfnspec}
 *       (its {@code spec/specification.json}; the last release, 2.72.1, carries spec version 117.0.0);</li>
 *   <li>the IAM actions of every service, from npm {@code iam-floyd}, which generates one file per service
 *       prefix from AWS's Service Authorization Reference ("Actions, resources, and condition keys"), each
 *       listing the prefix's actions by access level.</li>
 * </ul>
 * Both are fetched at test time into {@code target/npm/}; without npm or the registry the test is skipped.
 */
class TemplateDeployabilityTest {
    static final String CFNSPEC = "@aws-cdk/cfnspec";
    static final String CFNSPEC_VERSION = "2.72.1";
    static final String IAM_FLOYD = "iam-floyd";
    static final String IAM_FLOYD_VERSION = "0.842.0";
    /** Attributes AWS documents today that are newer than specification 117.0.0. */
    static final Map<String, Set<String>> NEWER_ATTRIBUTES = Map.of(
            "AWS::StepFunctions::StateMachine", Set.of("StateMachineRevisionId"),
            "AWS::IAM::Policy", Set.of("Id"));

    static JsonNode specification;
    static Set<String> iamActions;

    @BeforeAll
    static void fetch() throws Exception {
        Path spec = NpmPackage.fetch(CFNSPEC, CFNSPEC_VERSION);
        specification = Json.parse(NpmPackage.read(spec, p -> p.equals("package/spec/specification.json"))
                .get("package/spec/specification.json"));
        Path floyd = NpmPackage.fetch(IAM_FLOYD, IAM_FLOYD_VERSION);
        iamActions = iamActions(NpmPackage.read(floyd, p -> p.startsWith("package/lib/generated/policy-statements/") && p.endsWith(".js")));
    }

    /** {@code this.servicePrefix = 's3'; this.accessLevelList = { Write: ['PutObject', …], Read: […] };} per file. */
    static Set<String> iamActions(Map<String, String> files) {
        Pattern prefix = Pattern.compile("this\\.servicePrefix = '([^']+)';\\s*this\\.accessLevelList = \\{(.*?)\\};", Pattern.DOTALL);
        Pattern action = Pattern.compile("'([A-Za-z0-9]+)'");
        Set<String> actions = new HashSet<>();
        for (String source : files.values()) {
            Matcher m = prefix.matcher(source);
            while (m.find()) {
                Matcher a = action.matcher(m.group(2));
                while (a.find()) {
                    actions.add((m.group(1) + ":" + a.group(1)).toLowerCase(Locale.ROOT));
                }
            }
        }
        return actions;
    }

    @Test
    void theActionListIsRealData() {
        assertTrue(iamActions.size() > 10_000, "iam-floyd lists " + iamActions.size() + " actions");
        assertTrue(iamActions.containsAll(Set.of("s3:getobject", "states:startexecution", "lambda:invokefunction",
                "dynamodb:batchwriteitem", "logs:putlogevents", "sts:assumerole")));
    }

    @Test
    void templateYamlUsesOnlyRealTypesPropertiesAttributesAndActions() throws Exception {
        JsonNode template = TemplateReader.read(TemplateYamlTest.template()).root();
        assertEquals(List.of(), new DeployabilityCheck(specification, iamActions).problems(template));
    }

    @Test
    void theCheckCatchesTyposAndInventedActions() {
        JsonNode broken = TemplateReader.read("""
                Resources:
                  Bucket:
                    Type: AWS::S3::Bucket
                    Properties:
                      BucketNme: x
                      VersioningConfiguration: {Stauts: Enabled}
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Statement:
                              - {Effect: Allow, Action: [s3:GetObjects, s3:*], Resource: "*"}
                  Queue:
                    Type: AWS::SQS::Queu
                Outputs:
                  A: {Value: !GetAtt Bucket.Colour}
                """).root();
        List<String> problems = new DeployabilityCheck(specification, iamActions).problems(broken);
        assertEquals(List.of(
                "/Resources/Bucket/Properties/BucketNme: BucketNme is not a property here (AWS::S3::Bucket)",
                "/Resources/Bucket/Properties/VersioningConfiguration: required property Status is missing",
                "/Resources/Bucket/Properties/VersioningConfiguration/Stauts: Stauts is not a property here (AWS::S3::Bucket)",
                "/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0: s3:GetObjects is not an IAM action",
                "/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0: wildcard action s3:* (least privilege)",
                "/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0: Resource \"*\" (least privilege)",
                "/Resources/Queue: AWS::SQS::Queu is not a CloudFormation resource type",
                "/Outputs/A/Value: AWS::S3::Bucket has no attribute Colour for Fn::GetAtt"), problems);
    }

    @Test
    void theLocalCloudImplementsOnlyRealPropertiesAndAttributes() {
        Set<String> invented = new TreeSet<>();
        for (String name : ResourceTypes.standard(new Neighbours(List.of())).names()) {
            ResourceType type = ResourceTypes.standard(new Neighbours(List.of())).find(name).orElseThrow();
            JsonNode spec = specification.path("ResourceTypes").path(name);
            type.properties().stream().filter(p -> !spec.path("Properties").has(p)).forEach(p -> invented.add(name + "." + p));
            type.attributes().stream().filter(a -> !spec.path("Attributes").has(a)
                    && !NEWER_ATTRIBUTES.getOrDefault(name, Set.of()).contains(a)).forEach(a -> invented.add(name + " attribute " + a));
        }
        assertEquals(Set.of(), invented);
    }
}
