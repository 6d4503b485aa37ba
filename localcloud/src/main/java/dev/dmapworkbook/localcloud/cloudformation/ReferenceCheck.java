package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * Walks one part of a template and rejects an intrinsic function AWS does not have, one the local cloud does
 * not implement, or a reference to something the template does not declare (AWS's "Unresolved resource
 * dependencies", "instance of Fn::GetAtt references undefined resource").
 */
final class ReferenceCheck {
    private static final Set<String> NOT_IMPLEMENTED = Set.of("Fn::Cidr", "Fn::Length", "Fn::ToJsonString", "Fn::Transform");

    private final Template template;
    private final boolean inConditions;

    ReferenceCheck(Template template, boolean inConditions) {
        this.template = template;
        this.inConditions = inConditions;
    }

    void walk(JsonNode node, String pointer) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref") || key.startsWith("Fn::") || (inConditions && key.equals("Condition") && node.get(key).isTextual())) {
                function(key, node.get(key), pointer + "/" + TemplateReader.escape(key));
                return;
            }
        }
        node.fields().forEachRemaining(e -> walk(e.getValue(), pointer + "/" + TemplateReader.escape(e.getKey())));
    }

    private void function(String name, JsonNode argument, String pointer) {
        TemplateDocument document = template.document();
        if (!Template.FUNCTIONS.contains(name)) {
            throw TemplateError.format(document, pointer, "Encountered unsupported function: " + name
                    + " Supported functions are: [Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Split,"
                    + " Fn::FindInMap, Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, Fn::Or, Fn::Sub]");
        }
        if (NOT_IMPLEMENTED.contains(name)) {
            throw TemplateError.format(document, pointer, name + " is not implemented by the local cloud");
        }
        switch (name) {
            case "Ref" -> {
                if (!argument.isTextual()) {
                    throw TemplateError.template(document, pointer, "Ref must name a parameter or a resource");
                }
                requireReferable(argument.asText(), pointer);
            }
            case "Condition" -> template.requireCondition(argument.asText(), pointer);
            case "Fn::GetAtt" -> getAtt(argument, pointer);
            case "Fn::Sub" -> sub(argument, pointer);
            case "Fn::If" -> {
                if (!argument.isArray() || argument.size() != 3 || !argument.get(0).isTextual()) {
                    throw TemplateError.template(document, pointer, "Fn::If requires a list of a condition name and two values");
                }
                template.requireCondition(argument.get(0).asText(), pointer + "/0");
                walk(argument.get(1), pointer + "/1");
                walk(argument.get(2), pointer + "/2");
            }
            case "Fn::FindInMap" -> findInMap(argument, pointer);
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" -> conditions(name, argument, pointer);
            default -> walk(argument, pointer);
        }
    }

    /** Fn::GetAtt names a resource of the template (never in Conditions). */
    private void getAtt(JsonNode argument, String pointer) {
        TemplateDocument document = template.document();
        if (inConditions) {
            throw TemplateError.template(document, pointer, "Cannot reference resources in the Conditions block of the template");
        }
        if (!argument.isArray() || argument.size() != 2 || !argument.get(0).isTextual()) {
            throw TemplateError.template(document, pointer,
                    "every Fn::GetAtt object requires two non-empty parameters");
        }
        String resource = argument.get(0).asText();
        if (!template.resources().containsKey(resource)) {
            throw TemplateError.template(document, pointer, "instance of Fn::GetAtt references undefined resource " + resource);
        }
        walk(argument.get(1), pointer + "/1");
    }

    /** Fn::Sub's ${…} name its own variables, parameters, resources or a resource's attribute. */
    private void sub(JsonNode argument, String pointer) {
        TemplateDocument document = template.document();
        JsonNode text = argument.isArray() ? argument.get(0) : argument;
        JsonNode variables = argument.isArray() && argument.size() > 1 ? argument.get(1) : null;
        if (text == null || !text.isTextual() || (argument.isArray() && (argument.size() != 2 || !variables.isObject()))) {
            throw TemplateError.template(document, pointer,
                    "Fn::Sub takes a string, or a list of a string and a map of variables");
        }
        if (variables != null) {
            variables.fields().forEachRemaining(e -> walk(e.getValue(), pointer + "/1/" + TemplateReader.escape(e.getKey())));
        }
        for (String variable : SubString.parse(text.asText()).variables()) {
            if (variables != null && variables.has(variable)) {
                continue;
            }
            int dot = variable.indexOf('.');
            if (dot > 0) {
                String resource = variable.substring(0, dot);
                if (!template.resources().containsKey(resource)) {
                    throw TemplateError.template(document, pointer, "Unresolved resource dependencies [" + resource
                            + "] in the Resources block of the template (in Fn::Sub ${" + variable + "})");
                }
            } else {
                requireReferable(variable, pointer);
            }
        }
    }

    /** Fn::FindInMap names a mapping of the template. */
    private void findInMap(JsonNode argument, String pointer) {
        if (!argument.isArray() || argument.size() != 3) {
            throw TemplateError.template(template.document(), pointer, "Fn::FindInMap requires a list of three values");
        }
        if (argument.get(0).isTextual() && !template.mappings().has(argument.get(0).asText())) {
            throw TemplateError.template(template.document(), pointer, "Mapping named '" + argument.get(0).asText()
                    + "' is not present in the 'Mappings' section of template");
        }
        walk(argument, pointer);
    }

    /** A condition function's list: Condition items name conditions of the template, the rest is walked. */
    private void conditions(String name, JsonNode argument, String pointer) {
        TemplateDocument document = template.document();
        if (!argument.isArray()) {
            throw TemplateError.template(document, pointer, name + " requires a list");
        }
        for (int i = 0; i < argument.size(); i++) {
            JsonNode item = argument.get(i);
            if (!name.equals("Fn::Equals") && item.isObject() && item.size() == 1 && item.has("Condition")) {
                template.requireCondition(item.get("Condition").asText(), pointer + "/" + i);
            } else {
                walk(item, pointer + "/" + i);
            }
        }
    }

    private void requireReferable(String name, String pointer) {
        Map<String, ?> parameters = template.parameters();
        if (parameters.containsKey(name) || Template.PSEUDO_PARAMETERS.contains(name)) {
            return;
        }
        if (template.resources().containsKey(name)) {
            if (inConditions) {
                throw TemplateError.template(template.document(), pointer,
                        "Cannot reference resources in the Conditions block of the template");
            }
            return;
        }
        throw TemplateError.format(template.document(), pointer,
                "Unresolved resource dependencies [" + name + "] in the Resources block of the template");
    }
}
