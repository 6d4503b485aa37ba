package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.edge.QueryService;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.core.Xml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * CloudFormation's wire layer (awsQuery protocol, API version 2010-05-15): decodes the form parameters, calls the
 * {@link StackEngine}, encodes the result as XML. Stack operations run in the background as on AWS; the call
 * waits briefly for them so that clients polling with long delays (the AWS CLI's 30 s waiter) see the end at once.
 */
public final class CloudFormationService extends QueryService {
    private static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private static final Set<String> ACTIONS = Set.of("CreateStack", "UpdateStack", "DeleteStack", "DescribeStacks",
            "ListStacks", "DescribeStackEvents", "DescribeStackResource", "DescribeStackResources", "ListStackResources",
            "GetTemplate", "GetTemplateSummary", "ValidateTemplate", "CreateChangeSet", "DescribeChangeSet",
            "ExecuteChangeSet", "DeleteChangeSet", "ListChangeSets", "ListExports");

    private static final long SETTLE_MILLIS = 10_000;

    /** TemplateBody's limit (AWS CloudFormation quotas); larger templates go through TemplateURL. */
    private static final int MAX_TEMPLATE_BODY = 51_200;
    private final StackEngine engine;
    private final StackDescriptions descriptions;
    private final Neighbours neighbours;

    /** @param others the services started before this one, which its resource types call in-process */
    public CloudFormationService(LocalCloudConfig config, List<Service> others) {
        super("cloudformation", NAMESPACE, ACTIONS);
        this.neighbours = new Neighbours(others);
        this.engine = new StackEngine(new StackStore(config.dataDir()), ResourceTypes.standard(neighbours),
                LocalCloudConfig.ACCOUNT_ID);
        this.descriptions = new StackDescriptions(engine, this::templateBody);
    }

    /** With other resource types (tests). */
    CloudFormationService(LocalCloudConfig config, List<Service> others, ResourceTypes types) {
        super("cloudformation", NAMESPACE, ACTIONS);
        this.neighbours = new Neighbours(others);
        this.engine = new StackEngine(new StackStore(config.dataDir()), types, LocalCloudConfig.ACCOUNT_ID);
        this.descriptions = new StackDescriptions(engine, this::templateBody);
    }

    @Override
    protected Consumer<Xml> answer(String action, EdgeRequest request) {
        JsonNode result;
        try {
            result = dispatch(action, new Form(request.form()), request.region());
        } catch (TemplateError e) {
            throw CfnError.VALIDATION.exception(e.getMessage());
        }
        return result == null ? null : xml -> QueryXml.members(xml, result);
    }

    // one flat switch, an action to its call: longer than ~40 lines, and clearest so
    private JsonNode dispatch(String action, Form form, String region) {
        return switch (action) {
            case "CreateStack" -> {
                var started = engine.create(request(form, region));
                settle(started);
                yield Json.object("StackId", started.stackId());
            }
            case "UpdateStack" -> {
                var started = engine.update(request(form, region), form.flag("UsePreviousTemplate"));
                settle(started);
                yield Json.object("StackId", started.stackId());
            }
            case "DeleteStack" -> {
                settle(engine.delete(form.required("StackName"), form.list("RetainResources")));
                yield null;
            }
            case "DescribeStacks" -> descriptions.describeStacks(form);
            case "ListStacks" -> descriptions.listStacks(form);
            case "DescribeStackEvents" -> descriptions.describeStackEvents(form);
            case "DescribeStackResource" -> descriptions.describeStackResource(form);
            case "DescribeStackResources" -> descriptions.describeStackResources(form);
            case "ListStackResources" -> descriptions.listStackResources(form);
            case "GetTemplate" -> descriptions.getTemplate(form);
            case "GetTemplateSummary" -> descriptions.getTemplateSummary(form);
            case "ValidateTemplate" -> descriptions.validateTemplate(form);
            case "CreateChangeSet" -> {
                Stack.ChangeSet changeSet = engine.createChangeSet(request(form, region), form.required("ChangeSetName"),
                        form.get("ChangeSetType", "UPDATE"), form.get("Description", null), form.flag("UsePreviousTemplate"));
                yield Json.object("Id", changeSet.id, "StackId", engine.stacks().stackOf(changeSet).id);
            }
            case "DescribeChangeSet" -> descriptions.describeChangeSet(form);
            case "ExecuteChangeSet" -> {
                settle(engine.executeChangeSet(form.required("ChangeSetName"), form.get("StackName", null),
                        form.flag("DisableRollback")));
                yield Json.object();
            }
            case "DeleteChangeSet" -> {
                engine.deleteChangeSet(form.required("ChangeSetName"), form.get("StackName", null));
                yield Json.object();
            }
            case "ListChangeSets" -> descriptions.listChangeSets(form);
            case "ListExports" -> descriptions.listExports();
            default -> throw new IllegalStateException(action); // QueryService refuses actions not in ACTIONS
        };
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    private StackEngine.Request request(Form form, String region) {
        Map<String, StackPlan.Given> parameters = new LinkedHashMap<>();
        for (Map<String, String> p : form.members("Parameters")) {
            String key = p.get("ParameterKey");
            if (key == null) {
                throw CfnError.VALIDATION.exception("Parameters: every parameter needs a ParameterKey");
            }
            boolean usePrevious = Boolean.parseBoolean(p.getOrDefault("UsePreviousValue", "false"));
            parameters.put(key, new StackPlan.Given(p.get("ParameterValue") == null && !usePrevious ? "" : p.get("ParameterValue"), usePrevious));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> t : form.members("Tags")) {
            tags.put(t.get("Key"), t.getOrDefault("Value", ""));
        }
        // Request members the local cloud does not implement are refused, never ignored (ClientRequestToken, an
        // idempotency token, and false flags change nothing and are accepted).
        for (String unsupported : List.of("StackPolicyBody", "StackPolicyURL", "StackPolicyDuringUpdateBody",
                "StackPolicyDuringUpdateURL", "RoleARN", "ResourceTypes.member.1", "TimeoutInMinutes",
                "RollbackConfiguration.RollbackTriggers.member.1.Arn", "RollbackConfiguration.MonitoringTimeInMinutes",
                "NotificationARNs.member.1", "ResourcesToImport.member.1.ResourceType", "IncludeNestedStacks",
                "ImportExistingResources", "OnStackFailure")) {
            if (form.has(unsupported) && !form.get(unsupported, "").equals("false")) {
                throw CfnError.VALIDATION.exception(unsupported.replaceAll("\\..*", "") + " is not implemented by the local cloud");
            }
        }
        for (String flag : List.of("EnableTerminationProtection", "RetainExceptOnCreate")) {
            if (form.flag(flag)) {
                throw CfnError.VALIDATION.exception(flag + " is not implemented by the local cloud");
            }
        }
        String onFailure = form.get("OnFailure", "ROLLBACK");
        if (!Set.of("ROLLBACK", "DO_NOTHING").contains(onFailure)) {
            throw CfnError.VALIDATION.exception("OnFailure " + onFailure + " is not implemented by the local cloud (ROLLBACK, DO_NOTHING)");
        }
        boolean disableRollback = form.flag("DisableRollback") || onFailure.equals("DO_NOTHING");
        return new StackEngine.Request(form.required("StackName"), region, templateBody(form), parameters,
                form.list("Capabilities"), tags, disableRollback);
    }

    private String templateBody(Form form) {
        String body = form.get("TemplateBody", null);
        if (body != null) {
            if (body.getBytes(StandardCharsets.UTF_8).length > MAX_TEMPLATE_BODY) {
                throw CfnError.VALIDATION.exception("1 validation error detected: Value at 'templateBody' failed to satisfy"
                        + " constraint: Member must have length less than or equal to " + MAX_TEMPLATE_BODY);
            }
            return body;
        }
        String url = form.get("TemplateURL", null);
        if (url != null) {
            return fromS3(url);
        }
        if (form.flag("UsePreviousTemplate")) {
            return null;
        }
        throw CfnError.VALIDATION.exception("Either Template URL or Template Body must be specified.");
    }

    /** TemplateURL: an S3 object URL, path-style or virtual-hosted, read from the local S3 store. */
    private String fromS3(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw CfnError.VALIDATION.exception("TemplateURL must be a supported URL.");
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String bucket;
        String key;
        if (host.contains(".s3.") || host.contains(".s3-")) {
            bucket = host.substring(0, host.indexOf(".s3"));
            key = path;
        } else {
            int slash = path.indexOf('/');
            if (slash <= 0) {
                throw CfnError.VALIDATION.exception("TemplateURL must reference a valid S3 object to which you have access.");
            }
            bucket = path.substring(0, slash);
            key = path.substring(slash + 1);
        }
        try (InputStream in = neighbours.s3().getObject(bucket, key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (ServiceException | ResourceFailure | IOException e) {
            throw CfnError.VALIDATION.exception("TemplateURL must reference a valid S3 object to which you have access.");
        }
    }

    private static void settle(StackEngine.Started started) {
        try {
            started.done().get(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Still running: the client polls, as it would on AWS.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The engine records failures on the stack itself.
        }
    }

    // ---- responses --------------------------------------------------------------------------------------------

    /** DescribeStacks of every live stack, for in-process readers (the console). */
    public JsonNode describeLiveStacks() {
        return descriptions.describe(new ArrayList<>(engine.stacks().liveStacks()));
    }

    @Override
    public void close() {
        engine.close();
    }
}
