package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates intrinsic functions and conditions for one stack operation (AWS, "Intrinsic function reference"):
 * parameters and pseudo parameters are known up front; resource references go to a {@link Lookup} that answers
 * for resources already provisioned. {@code Ref AWS::NoValue} removes the property or list item that holds it.
 */
final class Intrinsics {
    /** What provisioned resources answer to Ref and Fn::GetAtt, and the region's exports. */
    interface Lookup {
        JsonNode ref(String logicalId);

        JsonNode attribute(String logicalId, String attribute);

        Optional<String> importValue(String exportName);
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonNode NO_VALUE = MissingNode.getInstance();

    private final Template template;
    private final Map<String, JsonNode> parameters;
    private final Lookup lookup;
    private final Map<String, Boolean> conditions = new HashMap<>();

    Intrinsics(Template template, Map<String, JsonNode> parametersAndPseudo, Lookup lookup) {
        this.template = template;
        this.parameters = parametersAndPseudo;
        this.lookup = lookup;
    }

    boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        JsonNode expression = template.conditions().get(name);
        if (expression == null) {
            throw new TemplateError("Template format error: Unresolved condition dependency " + name);
        }
        conditions.put(name, false); // guards against a condition that refers to itself
        boolean value = truth(expression, "/Conditions/" + name);
        conditions.put(name, value);
        return value;
    }

    boolean active(Template.Resource resource) {
        return resource.condition().map(this::condition).orElse(true);
    }

    /** The resolved value; a top-level {@code AWS::NoValue} comes back as a missing node. */
    JsonNode resolve(JsonNode node, String pointer) {
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = resolve(node.get(i), pointer + "/" + i);
                if (!item.isMissingNode()) {
                    out.add(item);
                }
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return function(key, node.get(key), pointer + "/" + TemplateReader.escape(key));
            }
        }
        ObjectNode out = NODES.objectNode();
        node.fields().forEachRemaining(e -> {
            JsonNode value = resolve(e.getValue(), pointer + "/" + TemplateReader.escape(e.getKey()));
            if (!value.isMissingNode()) {
                out.set(e.getKey(), value);
            }
        });
        return out;
    }

    /** The resources a value refers to, following only the branch of each Fn::If that the conditions choose. */
    Set<String> references(JsonNode node) {
        Set<String> found = new LinkedHashSet<>();
        collect(node, found);
        return found;
    }

    private void collect(JsonNode node, Set<String> found) {
        if (node.isArray()) {
            node.forEach(item -> collect(item, found));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.size() == 1) {
            String key = node.fieldNames().next();
            JsonNode argument = node.get(key);
            switch (key) {
                case "Ref" -> {
                    if (template.resources().containsKey(argument.asText())) {
                        found.add(argument.asText());
                    }
                    return;
                }
                case "Fn::GetAtt" -> {
                    found.add(argument.get(0).asText());
                    return;
                }
                case "Fn::If" -> {
                    collect(condition(argument.get(0).asText()) ? argument.get(1) : argument.get(2), found);
                    return;
                }
                case "Fn::Sub" -> {
                    collectSub(argument, found);
                    return;
                }
                default -> {
                }
            }
        }
        node.forEach(child -> collect(child, found));
    }

    /** The resources a Fn::Sub's ${Name} and ${Name.Attribute} name, and those its variables' values refer to. */
    private void collectSub(JsonNode argument, Set<String> found) {
        JsonNode variables = argument.isArray() ? argument.get(1) : null;
        String text = (argument.isArray() ? argument.get(0) : argument).asText();
        for (String variable : SubString.parse(text).variables()) {
            if (variables != null && variables.has(variable)) {
                continue;
            }
            String name = variable.contains(".") ? variable.substring(0, variable.indexOf('.')) : variable;
            if (template.resources().containsKey(name)) {
                found.add(name);
            }
        }
        if (variables != null) {
            collect(variables, found);
        }
    }

    private JsonNode function(String name, JsonNode argument, String pointer) {
        return switch (name) {
            case "Ref" -> ref(argument.asText());
            case "Fn::GetAtt" -> {
                JsonNode attribute = resolve(argument.get(1), pointer + "/1");
                yield lookup.attribute(argument.get(0).asText(), attribute.asText());
            }
            case "Fn::Sub" -> NODES.textNode(sub(argument, pointer));
            case "Fn::Join" -> join(argument, pointer);
            case "Fn::Select" -> select(argument, pointer);
            case "Fn::Split" -> split(argument, pointer);
            case "Fn::If" -> {
                boolean chosen = condition(argument.get(0).asText());
                yield resolve(argument.get(chosen ? 1 : 2), pointer + (chosen ? "/1" : "/2"));
            }
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" -> NODES.booleanNode(truth(NODES.objectNode().set(name, argument), pointer));
            case "Fn::FindInMap" -> findInMap(argument, pointer);
            case "Fn::Base64" -> NODES.textNode(Base64.getEncoder().encodeToString(
                    scalar(resolve(argument, pointer), pointer).getBytes(StandardCharsets.UTF_8)));
            case "Fn::GetAZs" -> getAZs(argument, pointer);
            case "Fn::ImportValue" -> {
                String exportName = scalar(resolve(argument, pointer), pointer);
                yield NODES.textNode(lookup.importValue(exportName).orElseThrow(() -> error(pointer,
                        "No export named " + exportName + " found")));
            }
            default -> throw error(pointer, name + " is not implemented by the local cloud");
        };
    }

    private JsonNode join(JsonNode argument, String pointer) {
        JsonNode list = argument.isArray() && argument.size() == 2 ? resolve(argument.get(1), pointer + "/1") : null;
        if (list == null || !list.isArray()) {
            throw error(pointer, "Fn::Join requires a delimiter and a list of values");
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                joined.append(argument.get(0).asText());
            }
            joined.append(scalar(list.get(i), pointer));
        }
        return NODES.textNode(joined.toString());
    }

    private JsonNode select(JsonNode argument, String pointer) {
        if (!argument.isArray() || argument.size() != 2) {
            throw error(pointer, "Fn::Select requires an index and a list");
        }
        int index;
        try {
            index = Integer.parseInt(resolve(argument.get(0), pointer + "/0").asText());
        } catch (NumberFormatException e) {
            throw error(pointer, "Fn::Select's index must be a number");
        }
        JsonNode list = resolve(argument.get(1), pointer + "/1");
        if (!list.isArray() || index < 0 || index >= list.size()) {
            throw error(pointer, "Fn::Select cannot select nonexistent value at index " + index);
        }
        return list.get(index);
    }

    private JsonNode split(JsonNode argument, String pointer) {
        if (!argument.isArray() || argument.size() != 2) {
            throw error(pointer, "Fn::Split requires a delimiter and a string");
        }
        String delimiter = argument.get(0).asText();
        String text = scalar(resolve(argument.get(1), pointer + "/1"), pointer);
        ArrayNode parts = NODES.arrayNode();
        int from = 0;
        while (true) {
            int at = delimiter.isEmpty() ? -1 : text.indexOf(delimiter, from);
            if (at < 0) {
                parts.add(text.substring(from));
                return parts;
            }
            parts.add(text.substring(from, at));
            from = at + delimiter.length();
        }
    }

    private JsonNode findInMap(JsonNode argument, String pointer) {
        String map = scalar(resolve(argument.get(0), pointer + "/0"), pointer);
        String top = scalar(resolve(argument.get(1), pointer + "/1"), pointer);
        String second = scalar(resolve(argument.get(2), pointer + "/2"), pointer);
        JsonNode value = template.mappings().path(map).path(top).path(second);
        if (value.isMissingNode()) {
            throw error(pointer, "Unable to get mapping for " + map + "::" + top + "::" + second);
        }
        return value;
    }

    private JsonNode getAZs(JsonNode argument, String pointer) {
        String region = scalar(resolve(argument, pointer), pointer);
        String r = region.isEmpty() ? parameters.get("AWS::Region").asText() : region;
        ArrayNode zones = NODES.arrayNode();
        for (String suffix : new String[]{"a", "b", "c"}) {
            zones.add(r + suffix);
        }
        return zones;
    }

    private JsonNode ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        JsonNode parameter = parameters.get(name);
        if (parameter != null) {
            return parameter;
        }
        return lookup.ref(name);
    }

    private String sub(JsonNode argument, String pointer) {
        String text = (argument.isArray() ? argument.get(0) : argument).asText();
        JsonNode variables = argument.isArray() ? argument.get(1) : null;
        StringBuilder out = new StringBuilder();
        for (SubString.Part part : SubString.parse(text).parts()) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            String variable = part.variable();
            JsonNode value;
            if (variables != null && variables.has(variable)) {
                value = resolve(variables.get(variable), pointer + "/1/" + TemplateReader.escape(variable));
            } else if (variable.contains(".") && !parameters.containsKey(variable)) {
                int dot = variable.indexOf('.');
                value = lookup.attribute(variable.substring(0, dot), variable.substring(dot + 1));
            } else {
                value = ref(variable);
            }
            out.append(scalar(value, pointer));
        }
        return out.toString();
    }

    private boolean truth(JsonNode expression, String pointer) {
        if (expression.isBoolean()) {
            return expression.asBoolean();
        }
        if (expression.isTextual() && (expression.asText().equals("true") || expression.asText().equals("false"))) {
            return Boolean.parseBoolean(expression.asText());
        }
        if (!expression.isObject() || expression.size() != 1) {
            throw error(pointer, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition");
        }
        String name = expression.fieldNames().next();
        JsonNode argument = expression.get(name);
        String at = pointer + "/" + TemplateReader.escape(name);
        return switch (name) {
            case "Condition" -> condition(argument.asText());
            case "Fn::Equals" -> {
                if (!argument.isArray() || argument.size() != 2) {
                    throw error(at, "Fn::Equals requires a list of two values");
                }
                JsonNode a = resolve(argument.get(0), at + "/0");
                JsonNode b = resolve(argument.get(1), at + "/1");
                yield a.isValueNode() && b.isValueNode() ? a.asText().equals(b.asText()) : a.equals(b);
            }
            case "Fn::Not" -> {
                if (!argument.isArray() || argument.size() != 1) {
                    throw error(at, "Fn::Not requires a list of one condition");
                }
                yield !truth(argument.get(0), at + "/0");
            }
            case "Fn::And", "Fn::Or" -> andOr(name, argument, at);
            case "Fn::If" -> truth(resolve(expression, pointer), pointer);
            default -> throw error(at, name + " is not a condition function");
        };
    }

    /** Fn::And and Fn::Or: 2 to 10 conditions, evaluated in order until one decides. */
    private boolean andOr(String name, JsonNode argument, String at) {
        if (!argument.isArray() || argument.size() < 2 || argument.size() > 10) {
            throw error(at, name + " requires a list of 2 to 10 conditions");
        }
        boolean and = name.equals("Fn::And");
        for (int i = 0; i < argument.size(); i++) {
            boolean value = truth(argument.get(i), at + "/" + i);
            if (and != value) {
                return value;
            }
        }
        return and;
    }

    private String scalar(JsonNode value, String pointer) {
        if (value.isArray() || value.isObject()) {
            throw error(pointer, "expected a string but got " + value);
        }
        if (value.isMissingNode()) {
            throw error(pointer, "AWS::NoValue cannot be used here");
        }
        return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    }

    private TemplateError error(String pointer, String what) {
        return TemplateError.template(template.document(), pointer, what);
    }
}
