package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A template bound to one stack's parameters: the parameter values (checked against their constraints), the
 * resources whose conditions hold, each one's dependencies (references and DependsOn) and the order to create
 * them in. Everything here is checked before the operation starts, so a bad template or parameter fails the
 * API call with a ValidationError instead of failing the stack.
 */
record StackPlan(Template template, Map<String, String> parameterValues, Map<String, JsonNode> scope,
                 List<String> order, Map<String, Set<String>> dependencies) {

    /** A parameter as the request gives it. */
    record Given(String value, boolean usePrevious) {
    }

    static StackPlan of(Template template, Map<String, Given> given, Map<String, String> previous, String stackName,
                        String stackId, String region, String accountId, ResourceTypes types) {
        Map<String, String> values = parameterValues(template, given, previous);
        Map<String, JsonNode> scope = scope(template, values);
        scope.put("AWS::AccountId", TextNode.valueOf(accountId));
        scope.put("AWS::Region", TextNode.valueOf(region));
        scope.put("AWS::StackName", TextNode.valueOf(stackName));
        scope.put("AWS::StackId", TextNode.valueOf(stackId));
        scope.put("AWS::Partition", TextNode.valueOf("aws"));
        scope.put("AWS::URLSuffix", TextNode.valueOf("amazonaws.com"));
        scope.put("AWS::NotificationARNs", JsonNodeFactory.instance.arrayNode());

        Intrinsics intrinsics = new Intrinsics(template, scope, null);
        Map<String, Set<String>> dependencies = dependencies(template, intrinsics);
        checkOutputReferences(template, intrinsics, dependencies);
        checkAttributes(template, types);
        return new StackPlan(template, values, Map.copyOf(scope), order(dependencies), dependencies);
    }

    /** The parameters as Ref reads them: a List<…> or CommaDelimitedList parameter as a list of its items. */
    private static Map<String, JsonNode> scope(Template template, Map<String, String> values) {
        Map<String, JsonNode> scope = new HashMap<>();
        template.parameters().forEach((name, p) -> {
            String value = values.get(name);
            if (p.isList()) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                if (!value.isEmpty()) {
                    for (String item : value.split(",", -1)) {
                        list.add(item.strip());
                    }
                }
                scope.put(name, list);
            } else {
                scope.put(name, TextNode.valueOf(value));
            }
        });
        return scope;
    }

    /** Each resource whose condition holds, with what it depends on; a dependency on one not created is a ValidationError. */
    private static Map<String, Set<String>> dependencies(Template template, Intrinsics intrinsics) {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        for (Template.Resource r : template.resources().values()) {
            if (!intrinsics.active(r)) {
                continue;
            }
            Set<String> deps = new LinkedHashSet<>(r.dependsOn());
            deps.addAll(intrinsics.references(r.properties()));
            dependencies.put(r.logicalId(), deps);
        }
        for (var entry : dependencies.entrySet()) {
            for (String target : entry.getValue()) {
                if (!dependencies.containsKey(target)) {
                    throw TemplateError.format(template.document(), "/Resources/" + entry.getKey(),
                            "Unresolved resource dependencies [" + target + "] in the Resources block of the template"
                                    + " (" + target + " is not created: its condition is false)");
                }
            }
        }
        return dependencies;
    }

    /** An output whose condition holds may reference only resources that are created. */
    private static void checkOutputReferences(Template template, Intrinsics intrinsics, Map<String, Set<String>> dependencies) {
        for (Template.Output o : template.outputs().values()) {
            if (o.condition().isPresent() && !intrinsics.condition(o.condition().get())) {
                continue;
            }
            Set<String> refs = intrinsics.references(o.value());
            o.exportName().ifPresent(e -> refs.addAll(intrinsics.references(e)));
            for (String target : refs) {
                if (!dependencies.containsKey(target)) {
                    throw TemplateError.format(template.document(), "/Outputs/" + o.key(),
                            "Unresolved resource dependencies [" + target + "] in the Outputs block of the template"
                                    + " (" + target + " is not created: its condition is false)");
                }
            }
        }
    }

    Intrinsics intrinsics(Intrinsics.Lookup lookup) {
        return new Intrinsics(template, scope, lookup);
    }

    /** The outputs whose conditions hold, resolved (a list value is joined with commas, as AWS shows it). */
    List<Stack.Output> outputs(Intrinsics intrinsics) {
        List<Stack.Output> outputs = new ArrayList<>();
        for (Template.Output o : template.outputs().values()) {
            if (o.condition().isPresent() && !intrinsics.condition(o.condition().get())) {
                continue;
            }
            JsonNode value = intrinsics.resolve(o.value(), "/Outputs/" + o.key() + "/Value");
            String exportName = o.exportName().map(e -> intrinsics.resolve(e, "/Outputs/" + o.key() + "/Export/Name").asText()).orElse(null);
            outputs.add(new Stack.Output(o.key(), text(value), o.description().orElse(null), exportName));
        }
        return outputs;
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return String.join(",", items);
        }
        return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    }

    private static Map<String, String> parameterValues(Template template, Map<String, Given> given, Map<String, String> previous) {
        List<String> unknown = given.keySet().stream().filter(k -> !template.parameters().containsKey(k)).toList();
        if (!unknown.isEmpty()) {
            throw new TemplateError("Parameters: " + unknown + " do not exist in the template");
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Template.Parameter p : template.parameters().values()) {
            Given g = given.get(p.name());
            String value;
            if (g != null && g.usePrevious()) {
                value = previous.get(p.name());
                if (value == null) {
                    throw new TemplateError("Invalid input for parameter key " + p.name()
                            + ". Cannot specify usePreviousValue as true for a parameter key not in the previous template");
                }
            } else if (g != null && g.value() != null) {
                value = g.value();
            } else {
                value = p.defaultValue().orElse(null);
            }
            if (value == null) {
                missing.add(p.name());
                continue;
            }
            check(p, value);
            values.put(p.name(), value);
        }
        if (!missing.isEmpty()) {
            throw new TemplateError("Parameters: " + missing + " must have values");
        }
        return values;
    }

    /** The parameter constraints of "Parameters" in the template anatomy; AWS's messages. */
    private static void check(Template.Parameter p, String value) {
        List<String> items = p.isList() ? List.of(value.split(",", -1)) : List.of(value);
        for (String raw : items) {
            String item = p.isList() ? raw.strip() : raw;
            String failure = null;
            if (!p.allowedValues().isEmpty() && !p.allowedValues().contains(item)) {
                failure = "must be one of AllowedValues";
            } else if (p.allowedPattern().isPresent() && !item.matches(p.allowedPattern().get())) {
                failure = "must match pattern " + p.allowedPattern().get();
            } else if (p.minLength().isPresent() && item.length() < p.minLength().get()) {
                failure = "must contain at least " + p.minLength().get() + " characters";
            } else if (p.maxLength().isPresent() && item.length() > p.maxLength().get()) {
                failure = "cannot exceed " + p.maxLength().get() + " characters";
            } else if (p.type().equals("Number") || p.type().equals("List<Number>")) {
                try {
                    BigDecimal number = new BigDecimal(item);
                    if (p.minValue().isPresent() && number.compareTo(p.minValue().get()) < 0) {
                        failure = "must be a number not less than " + p.minValue().get().toPlainString();
                    } else if (p.maxValue().isPresent() && number.compareTo(p.maxValue().get()) > 0) {
                        failure = "must be a number not greater than " + p.maxValue().get().toPlainString();
                    }
                } catch (NumberFormatException e) {
                    failure = "must be a number";
                }
            }
            if (failure != null) {
                Optional<String> description = p.constraintDescription();
                throw new TemplateError("Parameter '" + p.name() + "' " + (description.isPresent()
                        ? "failed to satisfy constraint: " + description.get() : failure));
            }
        }
    }

    private static void checkAttributes(Template template, ResourceTypes types) {
        for (Template.Resource r : template.resources().values()) {
            attributeUses(r.properties(), template, types, r.pointer() + "/Properties");
        }
        for (Template.Output o : template.outputs().values()) {
            attributeUses(o.value(), template, types, "/Outputs/" + o.key() + "/Value");
        }
    }

    private static void attributeUses(JsonNode node, Template template, ResourceTypes types, String pointer) {
        if (node.isObject() && node.size() == 1 && node.has("Fn::GetAtt") && node.get("Fn::GetAtt").get(1).isTextual()) {
            checkAttribute(template, types, node.get("Fn::GetAtt").get(0).asText(), node.get("Fn::GetAtt").get(1).asText(),
                    pointer + "/Fn::GetAtt");
            return;
        }
        if (node.isObject() && node.size() == 1 && node.has("Fn::Sub")) {
            JsonNode argument = node.get("Fn::Sub");
            JsonNode variables = argument.isArray() ? argument.get(1) : null;
            for (String variable : SubString.parse((argument.isArray() ? argument.get(0) : argument).asText()).variables()) {
                int dot = variable.indexOf('.');
                if (dot > 0 && (variables == null || !variables.has(variable))) {
                    checkAttribute(template, types, variable.substring(0, dot), variable.substring(dot + 1), pointer + "/Fn::Sub");
                }
            }
        }
        if (node.isContainerNode()) {
            var it = node.fields();
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    attributeUses(node.get(i), template, types, pointer + "/" + i);
                }
            } else {
                it.forEachRemaining(e -> attributeUses(e.getValue(), template, types, pointer + "/" + TemplateReader.escape(e.getKey())));
            }
        }
    }

    private static void checkAttribute(Template template, ResourceTypes types, String logicalId, String attribute, String pointer) {
        Template.Resource target = template.resources().get(logicalId);
        if (target == null) {
            return;
        }
        types.find(target.type()).ifPresent(type -> {
            if (!type.attributes().contains(attribute)) {
                throw TemplateError.template(template.document(), pointer, "resource " + logicalId
                        + " does not support attribute type " + attribute + " in Fn::GetAtt");
            }
        });
    }

    /** Creation order: dependencies first, template order otherwise; a cycle is AWS's "Circular dependency". */
    private static List<String> order(Map<String, Set<String>> dependencies) {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : dependencies.keySet()) {
            visit(id, dependencies, done, visiting, order, new ArrayDeque<>());
        }
        return List.copyOf(order);
    }

    private static void visit(String id, Map<String, Set<String>> dependencies, Set<String> done, Set<String> visiting,
                              List<String> order, Deque<String> path) {
        if (done.contains(id)) {
            return;
        }
        if (visiting.contains(id)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (var it = path.descendingIterator(); it.hasNext(); ) {
                String p = it.next();
                in |= p.equals(id);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.sort(null);
            throw new TemplateError("Circular dependency between resources: " + cycle);
        }
        visiting.add(id);
        path.push(id);
        for (String dep : dependencies.get(id)) {
            visit(dep, dependencies, done, visiting, order, path);
        }
        path.pop();
        visiting.remove(id);
        done.add(id);
        order.add(id);
    }
}
