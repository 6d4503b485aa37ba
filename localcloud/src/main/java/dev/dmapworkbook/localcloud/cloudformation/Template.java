package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A template checked against the anatomy AWS documents ("Template anatomy", "Resource attribute reference",
 * "Intrinsic function reference"): known sections, resource and parameter keys, references to things that
 * exist. Anything we do not implement is rejected naming it, never ignored.
 */
record Template(TemplateDocument document, String body, String description, Map<String, Parameter> parameters,
                JsonNode mappings, Map<String, JsonNode> conditions, Map<String, Resource> resources,
                Map<String, Output> outputs) {

    record Parameter(String name, String type, Optional<String> defaultValue, List<String> allowedValues,
                     Optional<String> allowedPattern, Optional<Integer> minLength, Optional<Integer> maxLength,
                     Optional<BigDecimal> minValue, Optional<BigDecimal> maxValue, boolean noEcho,
                     Optional<String> description, Optional<String> constraintDescription) {
        boolean isList() {
            return type.equals("CommaDelimitedList") || type.startsWith("List<");
        }
    }

    record Resource(String logicalId, String type, ObjectNode properties, List<String> dependsOn,
                    Optional<String> condition, String deletionPolicy, String updateReplacePolicy, Optional<JsonNode> metadata) {
        String pointer() {
            return "/Resources/" + logicalId;
        }
    }

    record Output(String key, JsonNode value, Optional<String> description, Optional<JsonNode> exportName,
                  Optional<String> condition) {
    }

    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    static final Set<String> FUNCTIONS = Set.of("Ref", "Condition", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select",
            "Fn::Split", "Fn::If", "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Fn::FindInMap", "Fn::Base64",
            "Fn::GetAZs", "Fn::ImportValue", "Fn::Cidr", "Fn::Length", "Fn::ToJsonString", "Fn::Transform");

    /** IAM resource types that need a capability, and the property that gives them a custom name (CAPABILITY_NAMED_IAM). */
    private static final Map<String, String> IAM_TYPES = Map.of(
            "AWS::IAM::Role", "RoleName", "AWS::IAM::Policy", "", "AWS::IAM::ManagedPolicy", "ManagedPolicyName",
            "AWS::IAM::User", "UserName", "AWS::IAM::Group", "GroupName", "AWS::IAM::InstanceProfile", "InstanceProfileName",
            "AWS::IAM::AccessKey", "", "AWS::IAM::UserToGroupAddition", "");

    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Mappings", "Conditions", "Resources", "Outputs");
    private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "DependsOn", "Condition",
            "DeletionPolicy", "UpdateReplacePolicy", "Metadata");
    private static final Set<String> PARAMETER_KEYS = Set.of("Type", "Default", "Description", "AllowedValues",
            "AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue", "NoEcho", "ConstraintDescription");
    private static final Set<String> OUTPUT_KEYS = Set.of("Value", "Description", "Export", "Condition");
    private static final Set<String> POLICIES = Set.of("Delete", "Retain");

    static Template parse(String body) {
        TemplateDocument document = TemplateReader.read(body);
        JsonNode description = checkTopLevel(document);
        Map<String, Parameter> parameters = parameters(document, section(document, "Parameters"));
        JsonNode mappings = section(document, "Mappings");
        Map<String, JsonNode> conditions = new LinkedHashMap<>();
        section(document, "Conditions").fields().forEachRemaining(e -> conditions.put(e.getKey(), e.getValue()));
        JsonNode resourcesNode = section(document, "Resources");
        if (resourcesNode.isEmpty()) {
            throw new TemplateError("Template format error: At least one Resources member must be defined.");
        }
        Map<String, Resource> resources = new LinkedHashMap<>();
        resourcesNode.fields().forEachRemaining(e -> resources.put(e.getKey(), resource(document, e.getKey(), e.getValue())));
        Map<String, Output> outputs = new LinkedHashMap<>();
        section(document, "Outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), output(document, e.getKey(), e.getValue())));
        Template template = new Template(document, body, description == null ? null : description.asText(), parameters,
                mappings, conditions, resources, outputs);
        template.checkReferences();
        return template;
    }

    /** The template's sections are known ones, its format version is 2010-09-09; returns its Description, or null. */
    private static JsonNode checkTopLevel(TemplateDocument document) {
        JsonNode root = document.root();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            if (section.equals("Transform")) {
                throw TemplateError.format(document, "/Transform", "the local cloud does not implement transforms ("
                        + root.get("Transform") + "); template.yaml is plain CloudFormation");
            }
            if (section.equals("Rules")) {
                throw TemplateError.format(document, "/Rules", "the local cloud does not implement the Rules section");
            }
            if (!SECTIONS.contains(section)) {
                throw TemplateError.format(document, "/" + TemplateReader.escape(section),
                        "Invalid template property or properties [" + section + "]");
            }
        }
        JsonNode version = root.get("AWSTemplateFormatVersion");
        if (version != null && !version.asText().equals("2010-09-09")) {
            throw TemplateError.format(document, "/AWSTemplateFormatVersion",
                    "Unsupported template format version " + version.asText() + " (the only version is 2010-09-09)");
        }
        JsonNode description = root.get("Description");
        if (description != null && !description.isTextual()) {
            throw TemplateError.format(document, "/Description", "Description must be a string");
        }
        return description;
    }

    private static JsonNode section(TemplateDocument document, String name) {
        JsonNode node = document.root().get(name);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw TemplateError.format(document, "/" + name, "The " + name + " section must be an object");
        }
        return node;
    }

    private static Map<String, Parameter> parameters(TemplateDocument document, JsonNode section) {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        section.fields().forEachRemaining(e -> {
            String name = e.getKey();
            String at = "/Parameters/" + TemplateReader.escape(name);
            JsonNode p = e.getValue();
            if (!name.matches("[A-Za-z0-9]+")) {
                throw TemplateError.format(document, at, "Parameter name " + name + " is non alphanumeric.");
            }
            if (!p.isObject()) {
                throw TemplateError.format(document, at, "Every Parameters object must be an object");
            }
            p.fieldNames().forEachRemaining(key -> {
                if (!PARAMETER_KEYS.contains(key)) {
                    throw TemplateError.format(document, at + "/" + key, "Invalid template parameter property '" + key + "'");
                }
            });
            if (!p.hasNonNull("Type")) {
                throw TemplateError.format(document, at, "Every Parameters object must contain a Type member.");
            }
            String type = parameterType(document, at, p.get("Type").asText());
            List<String> allowed = new ArrayList<>();
            if (p.has("AllowedValues")) {
                if (!p.get("AllowedValues").isArray()) {
                    throw TemplateError.format(document, at + "/AllowedValues", "AllowedValues must be a list");
                }
                p.get("AllowedValues").forEach(v -> allowed.add(v.asText()));
            }
            parameters.put(name, new Parameter(name, type, text(p, "Default"), List.copyOf(allowed), text(p, "AllowedPattern"),
                    number(document, p, at, "MinLength").map(BigDecimal::intValue), number(document, p, at, "MaxLength").map(BigDecimal::intValue),
                    number(document, p, at, "MinValue"), number(document, p, at, "MaxValue"),
                    text(p, "NoEcho").map(Boolean::parseBoolean).orElse(false), text(p, "Description"),
                    text(p, "ConstraintDescription")));
        });
        return parameters;
    }

    private static String parameterType(TemplateDocument document, String at, String type) {
        boolean known = type.equals("String") || type.equals("Number") || type.equals("List<Number>")
                || type.equals("CommaDelimitedList") || (type.startsWith("AWS::") && !type.startsWith("AWS::SSM::"))
                || (type.startsWith("List<AWS::") && type.endsWith(">"));
        if (!known) {
            throw TemplateError.format(document, at + "/Type", "Unrecognized parameter type: " + type
                    + (type.startsWith("AWS::SSM::") ? " (the local cloud does not implement SSM parameter types)" : ""));
        }
        return type;
    }

    private static Optional<BigDecimal> number(TemplateDocument document, JsonNode parameter, String at, String field) {
        try {
            return text(parameter, field).map(BigDecimal::new);
        } catch (NumberFormatException e) {
            throw TemplateError.format(document, at + "/" + field, field + " must be a number");
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(v.asText()));
            return Optional.of(String.join(",", parts));
        }
        return Optional.of(value.asText());
    }

    private static Resource resource(TemplateDocument document, String logicalId, JsonNode r) {
        String at = "/Resources/" + TemplateReader.escape(logicalId);
        if (!logicalId.matches("[A-Za-z0-9]+")) {
            throw TemplateError.format(document, at, "Resource name " + logicalId + " is non alphanumeric.");
        }
        if (!r.isObject()) {
            throw TemplateError.format(document, at, "resource definition is malformed");
        }
        r.fieldNames().forEachRemaining(key -> {
            if (key.equals("CreationPolicy") || key.equals("UpdatePolicy")) {
                throw TemplateError.format(document, at + "/" + key, "the local cloud does not implement the " + key + " attribute");
            }
            if (!RESOURCE_KEYS.contains(key)) {
                throw TemplateError.format(document, at + "/" + key, "Invalid template resource property '" + key + "'");
            }
        });
        JsonNode type = r.get("Type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            throw TemplateError.format(document, at, "Every Resources object must contain a Type member.");
        }
        JsonNode properties = r.get("Properties");
        if (properties != null && !properties.isNull() && !properties.isObject()) {
            throw TemplateError.format(document, at + "/Properties", "Properties must be an object");
        }
        List<String> dependsOn = dependsOn(document, at, r.get("DependsOn"));
        JsonNode condition = r.get("Condition");
        if (condition != null && !condition.isTextual()) {
            throw TemplateError.format(document, at + "/Condition", "Condition must be the name of a condition");
        }
        String deletionPolicy = policy(document, at, r, "DeletionPolicy");
        String updateReplacePolicy = policy(document, at, r, "UpdateReplacePolicy");
        ObjectNode props = properties == null || properties.isNull() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) properties;
        return new Resource(logicalId, type.asText(), props, List.copyOf(dependsOn),
                condition == null ? Optional.empty() : Optional.of(condition.asText()), deletionPolicy, updateReplacePolicy,
                Optional.ofNullable(r.get("Metadata")));
    }

    /** A resource's DeletionPolicy or UpdateReplacePolicy: Delete (the default) or Retain. */
    private static String policy(TemplateDocument document, String at, JsonNode r, String attribute) {
        String policy = r.path(attribute).asText("Delete");
        if (!POLICIES.contains(policy)) {
            throw TemplateError.format(document, at + "/" + attribute, attribute + " " + policy
                    + " is not implemented by the local cloud (it implements Delete and Retain)");
        }
        return policy;
    }

    /** A resource's DependsOn: one name or a list of names. */
    private static List<String> dependsOn(TemplateDocument document, String at, JsonNode d) {
        List<String> dependsOn = new ArrayList<>();
        if (d != null) {
            if (d.isTextual()) {
                dependsOn.add(d.asText());
            } else if (d.isArray()) {
                d.forEach(x -> {
                    if (!x.isTextual()) {
                        throw TemplateError.format(document, at + "/DependsOn", "DependsOn must be a string or a list of strings");
                    }
                    dependsOn.add(x.asText());
                });
            } else {
                throw TemplateError.format(document, at + "/DependsOn", "DependsOn must be a string or a list of strings");
            }
        }
        return dependsOn;
    }

    private static Output output(TemplateDocument document, String key, JsonNode o) {
        String at = "/Outputs/" + TemplateReader.escape(key);
        if (!key.matches("[A-Za-z0-9]+")) {
            throw TemplateError.format(document, at, "Output name " + key + " is non alphanumeric.");
        }
        if (!o.isObject()) {
            throw TemplateError.format(document, at, "Every Outputs member must be an object");
        }
        o.fieldNames().forEachRemaining(k -> {
            if (!OUTPUT_KEYS.contains(k)) {
                throw TemplateError.format(document, at + "/" + k, "Invalid template output property '" + k + "'");
            }
        });
        if (!o.has("Value")) {
            throw TemplateError.format(document, at, "Every Outputs member must contain a Value object");
        }
        Optional<JsonNode> export = Optional.empty();
        if (o.has("Export")) {
            if (!o.get("Export").has("Name")) {
                throw TemplateError.format(document, at + "/Export", "Export must contain a Name");
            }
            export = Optional.of(o.get("Export").get("Name"));
        }
        return new Output(key, o.get("Value"), text(o, "Description"), export, text(o, "Condition"));
    }

    /** Refs, GetAtts, Subs, DependsOn and conditions must name things the template declares. */
    private void checkReferences() {
        conditions.forEach((name, expression) ->
                new ReferenceCheck(this, true).walk(expression, "/Conditions/" + TemplateReader.escape(name)));
        resources.values().forEach(r -> {
            for (String target : r.dependsOn()) {
                if (!resources.containsKey(target)) {
                    throw TemplateError.format(document, r.pointer() + "/DependsOn",
                            "Unresolved resource dependencies [" + target + "] in the Resources block of the template");
                }
            }
            r.condition().ifPresent(c -> requireCondition(c, r.pointer() + "/Condition"));
            new ReferenceCheck(this, false).walk(r.properties(), r.pointer() + "/Properties");
        });
        outputs.values().forEach(o -> {
            o.condition().ifPresent(c -> requireCondition(c, "/Outputs/" + o.key() + "/Condition"));
            new ReferenceCheck(this, false).walk(o.value(), "/Outputs/" + o.key() + "/Value");
            o.exportName().ifPresent(e -> new ReferenceCheck(this, false).walk(e, "/Outputs/" + o.key() + "/Export/Name"));
        });
    }

    void requireCondition(String name, String pointer) {
        if (!conditions.containsKey(name)) {
            throw TemplateError.format(document, pointer, "Unresolved condition dependency " + name + " (no such condition in the Conditions section)");
        }
    }

    /** The capability the template's IAM resources need, if any: CAPABILITY_NAMED_IAM when one has a custom name. */
    Optional<String> requiredCapability() {
        String needed = null;
        for (Resource r : resources.values()) {
            String nameProperty = IAM_TYPES.get(r.type());
            if (nameProperty == null) {
                continue;
            }
            if (!nameProperty.isEmpty() && r.properties().has(nameProperty)) {
                return Optional.of("CAPABILITY_NAMED_IAM");
            }
            needed = "CAPABILITY_IAM";
        }
        return Optional.ofNullable(needed);
    }

    /** The resource types that need a capability, for ValidateTemplate's CapabilitiesReason. */
    Set<String> capabilityTypes() {
        Set<String> types = new TreeSet<>();
        resources.values().stream().filter(r -> IAM_TYPES.containsKey(r.type())).forEach(r -> types.add(r.type()));
        return types;
    }
}
