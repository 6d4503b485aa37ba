package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Xml;

/**
 * Renders a result as the members of an awsQuery {@code <ActionResult>}: objects become elements, lists become
 * {@code <member>} items, absent (null) members are left out.
 */
final class QueryXml {
    private QueryXml() {
    }

    static void members(Xml xml, JsonNode object) {
        object.fields().forEachRemaining(e -> value(xml, e.getKey(), e.getValue()));
    }

    private static void value(Xml xml, String name, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        if (value.isObject()) {
            xml.open(name);
            members(xml, value);
            xml.close(name);
        } else if (value.isArray()) {
            xml.open(name);
            for (JsonNode item : value) {
                value(xml, "member", item);
            }
            xml.close(name);
        } else {
            xml.element(name, value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText());
        }
    }
}
