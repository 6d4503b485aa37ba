package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
    private static final int EVENTS_PER_PAGE = 100;

    private final StackEngine engine;
    private final Neighbours neighbours;

    /** @param others the services started before this one, which its resource types call in-process */
    public CloudFormationService(LocalCloudConfig config, List<Service> others) {
        super("cloudformation", NAMESPACE, ACTIONS);
        this.neighbours = new Neighbours(others);
        this.engine = new StackEngine(new StackStore(config.dataDir()), ResourceTypes.standard(neighbours),
                LocalCloudConfig.ACCOUNT_ID);
    }

    /** With other resource types (tests). */
    CloudFormationService(LocalCloudConfig config, List<Service> others, ResourceTypes types) {
        super("cloudformation", NAMESPACE, ACTIONS);
        this.neighbours = new Neighbours(others);
        this.engine = new StackEngine(new StackStore(config.dataDir()), types, LocalCloudConfig.ACCOUNT_ID);
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
            case "DescribeStacks" -> describeStacks(form);
            case "ListStacks" -> listStacks(form);
            case "DescribeStackEvents" -> describeStackEvents(form);
            case "DescribeStackResource" -> describeStackResource(form);
            case "DescribeStackResources" -> describeStackResources(form);
            case "ListStackResources" -> listStackResources(form);
            case "GetTemplate" -> getTemplate(form);
            case "GetTemplateSummary" -> getTemplateSummary(form);
            case "ValidateTemplate" -> validateTemplate(form);
            case "CreateChangeSet" -> {
                Stack.ChangeSet changeSet = engine.createChangeSet(request(form, region), form.required("ChangeSetName"),
                        form.get("ChangeSetType", "UPDATE"), form.get("Description", null), form.flag("UsePreviousTemplate"));
                yield Json.object("Id", changeSet.id, "StackId", engine.stacks().stackOf(changeSet).id);
            }
            case "DescribeChangeSet" -> describeChangeSet(form);
            case "ExecuteChangeSet" -> {
                settle(engine.executeChangeSet(form.required("ChangeSetName"), form.get("StackName", null),
                        form.flag("DisableRollback")));
                yield Json.object();
            }
            case "DeleteChangeSet" -> {
                engine.deleteChangeSet(form.required("ChangeSetName"), form.get("StackName", null));
                yield Json.object();
            }
            case "ListChangeSets" -> listChangeSets(form);
            case "ListExports" -> listExports();
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
        return describe(new ArrayList<>(engine.stacks().liveStacks()));
    }

    private JsonNode describeStacks(Form form) {
        String name = form.get("StackName", null);
        return describe(name == null ? new ArrayList<>(engine.stacks().liveStacks()) : List.of(engine.stacks().find(name)));
    }

    private JsonNode describe(List<Stack> stacks) {
        ArrayNode members = Json.MAPPER.createArrayNode();
        for (Stack stack : stacks) {
            members.add(engine.read(stack, this::stack));
        }
        return Json.object("Stacks", members);
    }

    private ObjectNode stack(Stack s) {
        Template.Parameter[] none = {};
        Map<String, Template.Parameter> declared = declaredParameters(s);
        ArrayNode parameters = Json.MAPPER.createArrayNode();
        s.parameters.forEach((k, v) -> {
            Template.Parameter p = declared.get(k);
            parameters.add(Json.object("ParameterKey", k, "ParameterValue", p != null && p.noEcho() ? "****" : v));
        });
        ArrayNode outputs = Json.MAPPER.createArrayNode();
        s.outputs.forEach(o -> outputs.add(Json.object("OutputKey", o.key(), "OutputValue", o.value(),
                "Description", o.description(), "ExportName", o.exportName())));
        ObjectNode node = Json.object("StackId", s.id, "StackName", s.name, "Description", s.description);
        node.set("Parameters", parameters);
        node.put("CreationTime", time(s.created));
        if (s.deleted != null) {
            node.put("DeletionTime", time(s.deleted));
        }
        if (s.lastUpdated != null) {
            node.put("LastUpdatedTime", time(s.lastUpdated));
        }
        node.put("StackStatus", s.status);
        if (s.statusReason != null) {
            node.put("StackStatusReason", s.statusReason);
        }
        node.put("DisableRollback", s.disableRollback);
        node.putArray("NotificationARNs");
        ArrayNode capabilities = node.putArray("Capabilities");
        s.capabilities.forEach(capabilities::add);
        node.set("Outputs", outputs);
        node.set("Tags", tags(s.tags));
        node.put("EnableTerminationProtection", false);
        node.set("DriftInformation", Json.object("StackDriftStatus", "NOT_CHECKED"));
        return node;
    }

    private static Map<String, Template.Parameter> declaredParameters(Stack s) {
        if (s.templateBody == null) {
            return Map.of();
        }
        try {
            return Template.parse(s.templateBody).parameters();
        } catch (TemplateError e) {
            return Map.of();
        }
    }

    private JsonNode listStacks(Form form) {
        List<String> filter = form.list("StackStatusFilter");
        ArrayNode summaries = Json.MAPPER.createArrayNode();
        List<Stack> all = new ArrayList<>(engine.stacks().allStacks());
        all.sort(Comparator.comparing((Stack s) -> s.created).reversed());
        for (Stack stack : all) {
            ObjectNode summary = engine.read(stack, s -> {
                if (!filter.isEmpty() && !filter.contains(s.status)) {
                    return null;
                }
                ObjectNode n = Json.object("StackId", s.id, "StackName", s.name, "TemplateDescription", s.description,
                        "CreationTime", time(s.created), "LastUpdatedTime", s.lastUpdated == null ? null : time(s.lastUpdated),
                        "DeletionTime", s.deleted == null ? null : time(s.deleted), "StackStatus", s.status,
                        "StackStatusReason", s.statusReason);
                n.set("DriftInformation", Json.object("StackDriftStatus", "NOT_CHECKED"));
                return n;
            });
            if (summary != null) {
                summaries.add(summary);
            }
        }
        return Json.object("StackSummaries", summaries);
    }

    private JsonNode describeStackEvents(Form form) {
        Stack stack = engine.stacks().find(form.required("StackName"));
        String token = form.get("NextToken", null);
        ObjectNode result = Json.object();
        ArrayNode events = engine.read(stack, s -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            // Newest first, 100 a page; the token is the position (from the oldest) of the next event to return, so
            // events added between pages do not shift the pages.
            int newest = s.events.size() - 1;
            int start = newest;
            if (token != null) {
                try {
                    start = Integer.parseInt(token);
                } catch (NumberFormatException e) {
                    throw CfnError.VALIDATION.exception("Invalid NextToken");
                }
            }
            int end = Math.max(-1, start - EVENTS_PER_PAGE);
            if (end >= 0) {
                result.put("NextToken", Integer.toString(end));
            }
            for (int i = Math.min(start, newest); i > end; i--) {
                Stack.Event e = s.events.get(i);
                list.add(Json.object("StackId", s.id, "EventId", e.eventId(), "StackName", s.name,
                        "LogicalResourceId", e.logicalId(), "PhysicalResourceId", e.physicalId(), "ResourceType", e.type(),
                        "Timestamp", time(e.timestamp()), "ResourceStatus", e.status(), "ResourceStatusReason", e.reason(),
                        "ResourceProperties", e.properties()));
            }
            return list;
        });
        result.set("StackEvents", events);
        return result;
    }

    private JsonNode describeStackResources(Form form) {
        String stackName = form.get("StackName", null);
        String physicalId = form.get("PhysicalResourceId", null);
        String logicalId = form.get("LogicalResourceId", null);
        if (stackName == null && physicalId == null) {
            throw CfnError.VALIDATION.exception("Either StackName or PhysicalResourceId must be specified.");
        }
        List<Stack> stacks = stackName != null ? List.of(engine.stacks().find(stackName)) : new ArrayList<>(engine.stacks().liveStacks());
        ArrayNode members = Json.MAPPER.createArrayNode();
        for (Stack stack : stacks) {
            engine.read(stack, s -> {
                for (Stack.Resource r : s.resources.values()) {
                    if ((logicalId == null || logicalId.equals(r.logicalId)) && (physicalId == null || physicalId.equals(r.physicalId))) {
                        ObjectNode n = Json.object("StackName", s.name, "StackId", s.id, "LogicalResourceId", r.logicalId,
                                "PhysicalResourceId", r.physicalId, "ResourceType", r.type, "Timestamp", time(r.timestamp),
                                "ResourceStatus", r.status, "ResourceStatusReason", r.reason);
                        n.set("DriftInformation", Json.object("StackResourceDriftStatus", "NOT_CHECKED"));
                        members.add(n);
                    }
                }
                return null;
            });
        }
        return Json.object("StackResources", members);
    }

    private JsonNode describeStackResource(Form form) {
        Stack stack = engine.stacks().find(form.required("StackName"));
        String logicalId = form.required("LogicalResourceId");
        ObjectNode detail = engine.read(stack, s -> {
            Stack.Resource r = s.resources.get(logicalId);
            if (r == null) {
                throw CfnError.VALIDATION.exception("Resource " + logicalId + " does not exist for stack " + s.name);
            }
            ObjectNode n = Json.object("StackName", s.name, "StackId", s.id, "LogicalResourceId", r.logicalId,
                    "PhysicalResourceId", r.physicalId, "ResourceType", r.type, "LastUpdatedTimestamp", time(r.timestamp),
                    "ResourceStatus", r.status, "ResourceStatusReason", r.reason, "Metadata", r.metadata == null ? "{}" : r.metadata);
            n.set("DriftInformation", Json.object("StackResourceDriftStatus", "NOT_CHECKED"));
            return n;
        });
        return Json.object("StackResourceDetail", detail);
    }

    private JsonNode listStackResources(Form form) {
        Stack stack = engine.stacks().find(form.required("StackName"));
        ArrayNode members = engine.read(stack, s -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (Stack.Resource r : s.resources.values()) {
                ObjectNode n = Json.object("LogicalResourceId", r.logicalId, "PhysicalResourceId", r.physicalId,
                        "ResourceType", r.type, "LastUpdatedTimestamp", time(r.timestamp), "ResourceStatus", r.status,
                        "ResourceStatusReason", r.reason);
                n.set("DriftInformation", Json.object("StackResourceDriftStatus", "NOT_CHECKED"));
                list.add(n);
            }
            return list;
        });
        return Json.object("StackResourceSummaries", members);
    }

    private JsonNode getTemplate(Form form) {
        String changeSetName = form.get("ChangeSetName", null);
        String body;
        if (changeSetName != null) {
            Stack.ChangeSet changeSet = engine.stacks().changeSet(changeSetName, form.get("StackName", null));
            body = changeSet.templateBody;
        } else {
            Stack stack = engine.stacks().find(form.required("StackName"));
            body = engine.read(stack, s -> s.templateBody);
        }
        ObjectNode result = Json.object("TemplateBody", body);
        result.putArray("StagesAvailable").add("Original").add("Processed");
        return result;
    }

    private JsonNode validateTemplate(Form form) {
        Template template = engine.validate(templateBody(form));
        ObjectNode result = Json.object();
        ArrayNode parameters = result.putArray("Parameters");
        template.parameters().values().forEach(p -> parameters.add(Json.object("ParameterKey", p.name(),
                "DefaultValue", p.defaultValue().orElse(null), "NoEcho", p.noEcho(), "Description", p.description().orElse(null))));
        result.put("Description", template.description());
        capabilities(template, result);
        result.putArray("DeclaredTransforms");
        return result;
    }

    private JsonNode getTemplateSummary(Form form) {
        String stackName = form.get("StackName", null);
        String body = stackName != null ? engine.read(engine.stacks().find(stackName), s -> s.templateBody) : templateBody(form);
        if (body == null) {
            throw CfnError.VALIDATION.exception("Stack " + stackName + " has no template yet");
        }
        Template template = engine.validate(body);
        ObjectNode result = Json.object();
        ArrayNode parameters = result.putArray("Parameters");
        template.parameters().values().forEach(p -> {
            ObjectNode n = Json.object("ParameterKey", p.name(), "DefaultValue", p.defaultValue().orElse(null),
                    "ParameterType", p.type(), "NoEcho", p.noEcho(), "Description", p.description().orElse(null));
            ObjectNode constraints = n.putObject("ParameterConstraints");
            ArrayNode allowed = constraints.putArray("AllowedValues");
            p.allowedValues().forEach(allowed::add);
            parameters.add(n);
        });
        result.put("Description", template.description());
        capabilities(template, result);
        ArrayNode types = result.putArray("ResourceTypes");
        template.resources().values().stream().map(Template.Resource::type).distinct().forEach(types::add);
        result.put("Version", "2010-09-09");
        result.putArray("DeclaredTransforms");
        return result;
    }

    private static void capabilities(Template template, ObjectNode result) {
        ArrayNode capabilities = result.putArray("Capabilities");
        template.requiredCapability().ifPresent(c -> {
            capabilities.add(c);
            result.put("CapabilitiesReason", "The following resource(s) require capabilities: " + template.capabilityTypes());
        });
    }

    private JsonNode describeChangeSet(Form form) {
        Stack.ChangeSet c = engine.stacks().changeSet(form.required("ChangeSetName"), form.get("StackName", null));
        Stack stack = engine.stacks().stackOf(c);
        return engine.read(stack, s -> {
            ObjectNode n = Json.object("ChangeSetName", c.name, "ChangeSetId", c.id, "StackId", s.id, "StackName", s.name,
                    "Description", c.description);
            ArrayNode parameters = n.putArray("Parameters");
            c.parameters.forEach((k, v) -> parameters.add(Json.object("ParameterKey", k, "ParameterValue", v)));
            n.put("CreationTime", time(c.created));
            n.put("ExecutionStatus", c.executionStatus);
            n.put("Status", c.status);
            if (c.statusReason != null) {
                n.put("StatusReason", c.statusReason);
            }
            n.putArray("NotificationARNs");
            ArrayNode capabilities = n.putArray("Capabilities");
            c.capabilities.forEach(capabilities::add);
            n.set("Tags", tags(c.tags));
            n.set("Changes", c.changes);
            n.put("IncludeNestedStacks", false);
            return n;
        });
    }

    private JsonNode listChangeSets(Form form) {
        Stack stack = engine.stacks().find(form.required("StackName"));
        ArrayNode summaries = engine.read(stack, s -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (Stack.ChangeSet c : s.changeSets.values()) {
                list.add(Json.object("StackId", s.id, "StackName", s.name, "ChangeSetId", c.id, "ChangeSetName", c.name,
                        "ExecutionStatus", c.executionStatus, "Status", c.status, "StatusReason", c.statusReason,
                        "CreationTime", time(c.created), "Description", c.description, "IncludeNestedStacks", false));
            }
            return list;
        });
        return Json.object("Summaries", summaries);
    }

    private JsonNode listExports() {
        ArrayNode exports = Json.MAPPER.createArrayNode();
        for (Stack stack : engine.stacks().liveStacks()) {
            engine.read(stack, s -> {
                s.outputs.stream().filter(o -> o.exportName() != null).forEach(o ->
                        exports.add(Json.object("ExportingStackId", s.id, "Name", o.exportName(), "Value", o.value())));
                return null;
            });
        }
        return Json.object("Exports", exports);
    }

    private static ArrayNode tags(Map<String, String> tags) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        tags.forEach((k, v) -> list.add(Json.object("Key", k, "Value", v)));
        return list;
    }

    private static String time(Instant instant) {
        return instant.toString();
    }

    @Override
    public void close() {
        engine.close();
    }

    /** The Query protocol's flattened parameters: {@code Parameters.member.1.ParameterKey}, {@code Capabilities.member.1}. */
    private record Form(Map<String, String> values) {
        String required(String name) {
            String value = values.get(name);
            if (value == null || value.isEmpty()) {
                throw CfnError.VALIDATION.exception("1 validation error detected: Value null at '"
                        + Character.toLowerCase(name.charAt(0)) + name.substring(1) + "' failed to satisfy constraint: Member must not be null");
            }
            return value;
        }

        String get(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(values.get(name));
        }

        List<String> list(String name) {
            List<String> items = new ArrayList<>();
            for (int i = 1; values.containsKey(name + ".member." + i); i++) {
                items.add(values.get(name + ".member." + i));
            }
            return items;
        }

        List<Map<String, String>> members(String name) {
            List<Map<String, String>> items = new ArrayList<>();
            for (int i = 1; ; i++) {
                String prefix = name + ".member." + i + ".";
                Map<String, String> item = new LinkedHashMap<>();
                values.forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        item.put(k.substring(prefix.length()), v);
                    }
                });
                if (item.isEmpty()) {
                    return items;
                }
                items.add(item);
            }
        }
    }
}
