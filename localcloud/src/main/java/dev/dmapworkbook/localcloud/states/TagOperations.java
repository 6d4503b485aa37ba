package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import static dev.dmapworkbook.localcloud.states.Requests.required;

/** The tag operations of state machines: TagResource, UntagResource, ListTagsForResource. */
final class TagOperations {
    private final ExecutionStore store;

    TagOperations(ExecutionStore store) {
        this.store = store;
    }

    private StateMachineRecord tagged(JsonNode in) {
        String arn = required(in, "resourceArn");
        Arns.stateMachineName(arn);
        return store.machine(arn).orElseThrow(() -> StatesError.RESOURCE_NOT_FOUND.exception("Resource not found: '" + arn + "'"));
    }

    JsonNode tag(JsonNode in) {
        StateMachineRecord r = tagged(in);
        synchronized (r) {
            for (JsonNode t : in.path("tags")) {
                r.tags.put(t.path("key").asText(), t.path("value").asText());
            }
            if (r.tags.size() > 50) {
                throw StatesError.TOO_MANY_TAGS.exception("Too many tags: a resource can have at most 50 tags");
            }
            store.machineChanged(r);
        }
        return Json.object();
    }

    JsonNode untag(JsonNode in) {
        StateMachineRecord r = tagged(in);
        synchronized (r) {
            for (JsonNode k : in.path("tagKeys")) {
                r.tags.remove(k.asText());
            }
            store.machineChanged(r);
        }
        return Json.object();
    }

    JsonNode listTags(JsonNode in) {
        StateMachineRecord r = tagged(in);
        ArrayNode tags = Json.MAPPER.createArrayNode();
        synchronized (r) {
            r.tags.forEach((k, v) -> tags.add(Json.object("key", k, "value", v)));
        }
        ObjectNode n = Json.object();
        n.set("tags", tags);
        return n;
    }
}
