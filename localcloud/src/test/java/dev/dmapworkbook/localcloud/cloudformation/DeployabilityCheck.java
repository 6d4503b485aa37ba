package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a template against what AWS accepts, without an AWS account: every resource type, property (nested
 * ones too) and {@code Fn::GetAtt} attribute against the CloudFormation resource specification, required
 * properties present, and every IAM action in a policy document against the list of real IAM actions.
 * Returns the problems, each naming where ({@code /Resources/X/Properties/Y}).
 */
final class DeployabilityCheck {
    private final JsonNode specification;
    private final Set<String> iamActions;
    private final List<String> problems = new ArrayList<>();
    private JsonNode resources;

    /** @param iamActions lower-case {@code prefix:action} names */
    DeployabilityCheck(JsonNode specification, Set<String> iamActions) {
        this.specification = specification;
        this.iamActions = iamActions;
    }

    List<String> problems(JsonNode template) {
        problems.clear();
        resources = template.path("Resources");
        resources.fields().forEachRemaining(e -> {
            String at = "/Resources/" + e.getKey();
            String type = e.getValue().path("Type").asText();
            JsonNode spec = specification.path("ResourceTypes").path(type);
            if (spec.isMissingNode()) {
                problems.add(at + ": " + type + " is not a CloudFormation resource type");
                return;
            }
            properties(type, spec.path("Properties"), e.getValue().path("Properties"), at + "/Properties");
        });
        attributes(template, "");
        return List.copyOf(problems);
    }

    private void properties(String resourceType, JsonNode specProperties, JsonNode given, String at) {
        if (isIntrinsic(given)) {
            return;
        }
        specProperties.fields().forEachRemaining(p -> {
            if (p.getValue().path("Required").asBoolean() && !given.has(p.getKey())) {
                problems.add(at + ": required property " + p.getKey() + " is missing");
            }
        });
        given.fields().forEachRemaining(p -> {
            JsonNode spec = specProperties.get(p.getKey());
            String where = at + "/" + p.getKey();
            if (spec == null) {
                problems.add(where + ": " + p.getKey() + " is not a property here (" + resourceType + ")");
                return;
            }
            value(resourceType, spec, p.getValue(), where);
        });
    }

    private void value(String resourceType, JsonNode spec, JsonNode value, String at) {
        if (value.isObject() && value.has("Fn::If") && value.size() == 1) {
            value(resourceType, spec, value.get("Fn::If").get(1), at + "/Fn::If/1");
            value(resourceType, spec, value.get("Fn::If").get(2), at + "/Fn::If/2");
            return;
        }
        if (isIntrinsic(value)) {
            if (at.endsWith("PolicyDocument")) {
                problems.add(at + ": a policy document should be written out, not computed");
            }
            return;
        }
        String primitive = spec.path("PrimitiveType").asText("");
        if (primitive.equals("Json")) {
            if (at.endsWith("PolicyDocument") || at.endsWith("AssumeRolePolicyDocument")) {
                policy(value, at);
            }
            return;
        }
        String type = spec.path("Type").asText("");
        if (type.equals("List") || type.equals("Map")) {
            String itemType = spec.path("ItemType").asText("");
            if (itemType.isEmpty()) {
                return;
            }
            JsonNode itemSpec = propertyType(resourceType, itemType);
            if (type.equals("List")) {
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    if (item.isObject() && item.has("Fn::If") && item.size() == 1) {
                        for (int branch = 1; branch <= 2; branch++) {
                            JsonNode chosen = item.get("Fn::If").get(branch);
                            if (!isNoValue(chosen)) {
                                properties(resourceType, itemSpec.path("Properties"), chosen, at + "/" + i + "/Fn::If/" + branch);
                            }
                        }
                    } else {
                        properties(resourceType, itemSpec.path("Properties"), item, at + "/" + i);
                    }
                }
            } else {
                value.fields().forEachRemaining(e -> properties(resourceType, itemSpec.path("Properties"), e.getValue(), at + "/" + e.getKey()));
            }
            return;
        }
        if (!type.isEmpty()) {
            properties(resourceType, propertyType(resourceType, type).path("Properties"), value, at);
        }
    }

    private JsonNode propertyType(String resourceType, String name) {
        JsonNode spec = specification.path("PropertyTypes").path(resourceType + "." + name);
        return spec.isMissingNode() ? specification.path("PropertyTypes").path(name) : spec;
    }

    private void policy(JsonNode document, String at) {
        JsonNode statements = document.path("Statement");
        for (int i = 0; i < statements.size(); i++) {
            JsonNode statement = statements.get(i);
            JsonNode actions = statement.path("Action");
            for (JsonNode action : actions.isArray() ? actions : List.of(actions)) {
                String name = action.asText();
                if (name.contains("*")) {
                    problems.add(at + "/Statement/" + i + ": wildcard action " + name + " (least privilege)");
                } else if (!iamActions.contains(name.toLowerCase(Locale.ROOT))) {
                    problems.add(at + "/Statement/" + i + ": " + name + " is not an IAM action");
                }
            }
            JsonNode resource = statement.path("Resource");
            for (JsonNode r : resource.isArray() ? resource : List.of(resource)) {
                if (r.isTextual() && r.asText().equals("*")) {
                    problems.add(at + "/Statement/" + i + ": Resource \"*\" (least privilege)");
                }
            }
        }
    }

    private void attributes(JsonNode node, String at) {
        if (node.isObject() && node.size() == 1 && node.has("Fn::GetAtt")) {
            attribute(node.get("Fn::GetAtt").get(0).asText(), node.get("Fn::GetAtt").get(1).asText(), at);
            return;
        }
        if (node.isObject() && node.size() == 1 && node.has("Fn::Sub")) {
            JsonNode argument = node.get("Fn::Sub");
            for (String variable : SubString.parse((argument.isArray() ? argument.get(0) : argument).asText()).variables()) {
                int dot = variable.indexOf('.');
                if (dot > 0 && resources.has(variable.substring(0, dot))) {
                    attribute(variable.substring(0, dot), variable.substring(dot + 1), at);
                }
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                attributes(node.get(i), at + "/" + i);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> attributes(e.getValue(), at + "/" + e.getKey()));
        }
    }

    private void attribute(String logicalId, String attribute, String at) {
        String type = resources.path(logicalId).path("Type").asText();
        if (!specification.path("ResourceTypes").path(type).path("Attributes").has(attribute)) {
            problems.add(at + ": " + type + " has no attribute " + attribute + " for Fn::GetAtt");
        }
    }

    private static boolean isIntrinsic(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    private static boolean isNoValue(JsonNode node) {
        return node.isObject() && node.path("Ref").asText().equals("AWS::NoValue");
    }
}
