package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * One item of a Map whose items are a JSON object: a key-value pair, {@code {"Key":"a","Value":{"x":1}}}. AWS runs
 * "an iteration for each key-value pair in the object, passing the pair to the iteration as input" (AWS docs,
 * "ItemsPath (Map, JSONPath only)") [AWS-doc]; the pair's shape {@code {"Key","Value"}}, the member order, and
 * {@code $$.Map.Item.Key} = the key with {@code $$.Map.Item.Value} = the value (not the pair) are what a peer
 * emulator observed on AWS for a JSON ItemReader file (github floci-io/floci pull request #1588, "Observed AWS
 * behavior") [peer-rec]; AWS's TestState docs ("Automatic Context population") list {@code $$.Map.Item.Key} next to
 * Index and Value [AWS-doc]. The class marks the pair as one made from an object's member, so that the context object
 * gets its Key (an array element that merely looks like a pair gets none); it serializes as a plain object.
 */
public final class ObjectMemberItem extends ObjectNode {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ObjectMemberItem(String key, JsonNode value) {
        super(NODES);
        put("Key", key);
        set("Value", value);
    }

    /** The pair of one member. */
    public static ObjectMemberItem of(String key, JsonNode value) {
        return new ObjectMemberItem(key, value);
    }

    /** The object's members as pairs, in the object's member order. */
    public static ArrayNode pairs(JsonNode object) {
        ArrayNode pairs = NODES.arrayNode(object.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            pairs.add(of(member.getKey(), member.getValue()));
        }
        return pairs;
    }

    /** The items of a Map whose items selector gave {@code selected}: an array as is, an object as its pairs. */
    public static JsonNode items(JsonNode selected) {
        return selected.isObject() ? pairs(selected) : selected;
    }

    String key() {
        return get("Key").textValue();
    }

    JsonNode value() {
        return get("Value");
    }
}
