package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code /_console/dynamodb/{table}}: the table's key and size, and a paged Scan ({@value #PAGE} items a page). */
final class DynamoDbPage {
    static final int PAGE = 50;

    private DynamoDbPage() {
    }

    static String render(Backends b, String table, String start) {
        JsonNode t = b.dynamodb("DescribeTable", Json.object("TableName", table)).path("Table");
        Html page = new Html(table);
        StringBuilder key = new StringBuilder();
        t.path("KeySchema").forEach(k -> key.append(k.path("AttributeName").asText()).append(" (")
                .append(k.path("KeyType").asText()).append(") "));
        page.facts("Table ARN", t.path("TableArn").asText(), "Status", t.path("TableStatus").asText(),
                "Key", key.toString().trim(), "Items", t.path("ItemCount").asText());
        ObjectNode scan = Json.object("TableName", table, "Limit", PAGE);
        if (start != null) {
            scan.set("ExclusiveStartKey", Json.parse(new String(Base64.getUrlDecoder().decode(start), StandardCharsets.UTF_8)));
        }
        JsonNode out = b.dynamodb("Scan", scan);
        Set<String> columns = new LinkedHashSet<>();
        t.path("KeySchema").forEach(k -> columns.add(k.path("AttributeName").asText()));
        out.path("Items").forEach(item -> item.fieldNames().forEachRemaining(columns::add));
        page.h(2, "Items").raw("<table><tr>");
        columns.forEach(c -> page.raw("<th>").text(c).raw("</th>"));
        page.raw("</tr>");
        for (JsonNode item : out.path("Items")) {
            page.raw("<tr>");
            columns.forEach(c -> page.raw("<td>").text(value(item.path(c))).raw("</td>"));
            page.raw("</tr>");
        }
        page.raw("</table><p class=\"pager\">");
        if (start != null) {
            page.link(Html.href("dynamodb", table), "First page").raw(" ");
        }
        if (out.has("LastEvaluatedKey")) {
            String next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Json.write(out.path("LastEvaluatedKey")).getBytes(StandardCharsets.UTF_8));
            page.link(Html.href("dynamodb", table) + "?start=" + next, "Next page");
        }
        return page.raw("</p>").finish();
    }

    /** An attribute value as text: S and N as they are, the other types as their DynamoDB JSON. */
    private static String value(JsonNode attribute) {
        if (attribute.isMissingNode()) {
            return "";
        }
        if (attribute.has("S")) {
            return attribute.path("S").asText();
        }
        if (attribute.has("N")) {
            return attribute.path("N").asText();
        }
        return attribute.toString();
    }
}
