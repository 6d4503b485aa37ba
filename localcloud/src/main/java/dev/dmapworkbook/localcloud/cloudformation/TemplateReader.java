package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.DumperOptions;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a template body. JSON when it starts with <code>{</code>, else YAML. YAML is composed into SnakeYAML's
 * node tree (not constructed into Java objects) so that every short-form tag survives and every node keeps its
 * line: <code>!Ref X</code> → <code>{"Ref": "X"}</code>, <code>!GetAtt A.B</code> → <code>{"Fn::GetAtt": ["A", "B"]}</code>,
 * <code>!Condition C</code> → <code>{"Condition": "C"}</code>, any other <code>!Name</code> → <code>{"Fn::Name": …}</code>
 * (AWS, "Template anatomy: YAML short form"). Timestamps stay strings ({@code 2010-09-09} is a version, not a date).
 */
final class TemplateReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TemplateReader() {
    }

    static TemplateDocument read(String body) {
        if (body == null || body.isBlank()) {
            throw new TemplateError("Template format error: the template is empty");
        }
        return body.stripLeading().startsWith("{") ? json(body) : yaml(body);
    }

    private static TemplateDocument json(String body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (!root.isObject()) {
                throw new TemplateError("Template format error: JSON not well-formed. (the template must be a JSON object)");
            }
            return new TemplateDocument(root, Map.of());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new TemplateError("Template format error: JSON not well-formed. (line " + (at == null ? "?" : at.getLineNr())
                    + ", column " + (at == null ? "?" : at.getColumnNr()) + ": " + e.getOriginalMessage() + ")");
        }
    }

    private static TemplateDocument yaml(String body) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(10 * 1024 * 1024);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new NoTimestamps());
        Node root;
        try {
            root = yaml.compose(new StringReader(body));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new TemplateError("Template format error: YAML not well-formed. (line " + (mark.getLine() + 1)
                    + ", column " + (mark.getColumn() + 1) + ": " + e.getProblem() + ")");
        } catch (YAMLException e) {
            throw new TemplateError("Template format error: YAML not well-formed. (" + e.getMessage() + ")");
        }
        if (!(root instanceof MappingNode)) {
            throw new TemplateError("Template format error: YAML not well-formed. (the template must be a mapping)");
        }
        Map<String, Integer> lines = new HashMap<>();
        return new TemplateDocument(convert(root, "", lines), Map.copyOf(lines));
    }

    private static JsonNode convert(Node node, String pointer, Map<String, Integer> lines) {
        if (node.getAnchor() != null) {
            throw new TemplateError("Template format error: YAML aliases are not allowed in CloudFormation templates (anchor &"
                    + node.getAnchor() + " at line " + (node.getStartMark().getLine() + 1) + ")");
        }
        lines.put(pointer.isEmpty() ? "/" : pointer, node.getStartMark().getLine() + 1);
        String tag = node.getTag().getValue();
        if (tag.startsWith("!")) {
            String function = switch (tag) {
                case "!Ref" -> "Ref";
                case "!Condition" -> "Condition";
                default -> "Fn::" + tag.substring(1);
            };
            JsonNode argument = plain(node, pointer + "/" + escape(function), lines);
            if (function.equals("Fn::GetAtt") && argument.isTextual()) {
                // !GetAtt Resource.Attribute: the attribute may itself contain dots (Outputs.Name).
                String text = argument.asText();
                int dot = text.indexOf('.');
                ArrayNode pair = NODES.arrayNode();
                pair.add(dot < 0 ? text : text.substring(0, dot));
                if (dot >= 0) {
                    pair.add(text.substring(dot + 1));
                }
                argument = pair;
            }
            ObjectNode wrapped = NODES.objectNode();
            wrapped.set(function, argument);
            return wrapped;
        }
        return plain(node, pointer, lines);
    }

    /** The node's own value, ignoring a short-form tag on it. */
    private static JsonNode plain(Node node, String pointer, Map<String, Integer> lines) {
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar);
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(convert(item, pointer + "/" + i++, lines));
            }
            return array;
        }
        MappingNode mapping = (MappingNode) node;
        ObjectNode object = NODES.objectNode();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new TemplateError("Template format error: YAML not well-formed. (line "
                        + (tuple.getKeyNode().getStartMark().getLine() + 1) + ": a mapping key must be a scalar)");
            }
            String name = key.getValue();
            object.set(name, convert(tuple.getValueNode(), pointer + "/" + escape(name), lines));
        }
        return object;
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return NODES.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return NODES.booleanNode(text.equalsIgnoreCase("true") || text.equalsIgnoreCase("yes") || text.equalsIgnoreCase("on")
                    || text.equalsIgnoreCase("y"));
        }
        if ((Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) && !text.matches("[-+]?0[0-9_].*|.*[xXoO:].*")) {
            // Leading zeros (account ids, YAML 1.1 octal), hex and sexagesimal forms stay text.
            try {
                // Keep the written form: 1.0 stays 1.0 when a property turns it back into a string.
                return NODES.numberNode(new BigDecimal(text.replace("_", "")));
            } catch (NumberFormatException e) {
                return NODES.textNode(text);
            }
        }
        return NODES.textNode(text);
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** YAML 1.1's implicit types without timestamps: CloudFormation keeps {@code 2012-10-17} a string. */
    private static final class NoTimestamps extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }
}
