package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

import static dev.dmapworkbook.localcloud.states.asl.Interpreter.NODES;
import static dev.dmapworkbook.localcloud.states.asl.Interpreter.details;

/** The context object {@code $$} of one execution (spec §4.3): its Execution part is built once per execution. */
final class ContextObject {
    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ExecutionInfo info;
    private volatile ObjectNode executionNode;

    ContextObject(ExecutionInfo info) {
        this.info = info;
    }

    /** {@code $$} for a state, built on first use; with {@code $$.Map.Item} when {@code index} is not negative. */
    Supplier<JsonNode> of(Scope sc, int index, JsonNode item) {
        return new Supplier<>() {
            private JsonNode built;

            public JsonNode get() {
                if (built == null) {
                    built = build(sc, index, item);
                }
                return built;
            }
        };
    }

    private JsonNode build(Scope sc, int index, JsonNode item) {
        ObjectNode root = NODES.objectNode();
        root.set("Execution", executionNode());
        root.set("StateMachine", details("Id", info.stateMachineArn(), "Name", info.stateMachineName()));
        ObjectNode state = details("Name", sc.state().name(), "EnteredTime", ISO_MILLIS.format(sc.enteredTime()));
        if (sc.state() instanceof State.Task || sc.state() instanceof State.Map || sc.state() instanceof State.Parallel) {
            state.put("RetryCount", sc.retryCount());
        }
        root.set("State", state);
        if (index >= 0) {
            root.set("Map", NODES.objectNode().set("Item", mapItem(index, item)));
        }
        return root;
    }

    /**
     * {@code $$.Map.Item}: Index and Value; for a pair made from a JSON object's member also Key, and then Value is the
     * member's value, not the pair ([peer-rec] and [AWS-doc], see {@link ObjectMemberItem}; Key's place before Value
     * is [GUESS]).
     */
    private static ObjectNode mapItem(int index, JsonNode item) {
        ObjectNode mapItem = NODES.objectNode().put("Index", index);
        if (item instanceof ObjectMemberItem member) {
            return mapItem.put("Key", member.key()).set("Value", member.value());
        }
        return mapItem.set("Value", item);
    }

    private ObjectNode executionNode() {
        ObjectNode n = executionNode;
        if (n == null) {
            n = details("Id", info.executionArn(), "Input", info.input(), "Name", info.name(), "RoleArn", info.roleArn(),
                    "StartTime", ISO_MILLIS.format(info.startTime()));
            n.put("RedriveCount", 0);
            executionNode = n;
        }
        return n;
    }
}
