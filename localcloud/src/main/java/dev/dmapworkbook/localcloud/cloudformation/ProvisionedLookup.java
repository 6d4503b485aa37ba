package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Optional;
import java.util.function.Function;

/** What a stack's provisioned resources answer to {@code Ref} and {@code Fn::GetAtt}, read under the stack's lock. */
final class ProvisionedLookup implements Intrinsics.Lookup {
    /** A value that refers to a resource not provisioned yet (while computing a change set). */
    static final class NotYetProvisioned extends RuntimeException {
        NotYetProvisioned(String logicalId) {
            super(logicalId, null, false, false);
        }
    }

    private final Stack stack;
    private final Function<String, Optional<String>> exports;

    ProvisionedLookup(Stack stack, Function<String, Optional<String>> exports) {
        this.stack = stack;
        this.exports = exports;
    }

    @Override
    public JsonNode ref(String logicalId) {
        return TextNode.valueOf(provisioned(logicalId).ref());
    }

    @Override
    public JsonNode attribute(String logicalId, String attribute) {
        JsonNode value = provisioned(logicalId).attributes().get(attribute);
        if (value == null) {
            throw new ResourceFailure("Attribute '" + attribute + "' does not exist on resource " + logicalId);
        }
        return value;
    }

    @Override
    public Optional<String> importValue(String exportName) {
        return exports.apply(exportName);
    }

    private Provisioned provisioned(String logicalId) {
        synchronized (stack) {
            Stack.Resource r = stack.resources.get(logicalId);
            if (r == null || r.provisioned == null) {
                throw new NotYetProvisioned(logicalId);
            }
            return r.provisioned;
        }
    }
}
