package dev.dmapworkbook.localcloud.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** What every Step Functions operation does with its request and answer (spec §2 common validation): required members, paging. */
final class Requests {
    private Requests() {
    }

    /** Pages a list with an opaque offset token (spec §2 common validation). */
    static <T> JsonNode page(JsonNode in, List<T> items, String member, Function<T, ObjectNode> render, int tokenLimit) {
        int max = in.path("maxResults").asInt(0);
        if (max > 1000) {
            throw validation("Value '" + max + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
        }
        if (max < 0) {
            throw validation("Value '" + max + "' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }
        if (max == 0) {
            max = 100;
        }
        int offset = 0;
        String token = in.path("nextToken").asText(null);
        if (token != null) {
            if (token.length() > tokenLimit) {
                throw validation("Value '" + token + "' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to " + tokenLimit);
            }
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                if (!decoded.startsWith("offset:")) {
                    throw new IllegalArgumentException();
                }
                offset = Integer.parseInt(decoded.substring(7));
            } catch (IllegalArgumentException e) {
                throw StatesError.INVALID_TOKEN.exception("Invalid Token: '" + token + "'");
            }
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        int end = Math.min(items.size(), offset + max);
        for (int i = offset; i < end; i++) {
            array.add(render.apply(items.get(i)));
        }
        ObjectNode n = Json.object();
        n.set(member, array);
        if (end < items.size()) {
            n.put("nextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return n;
    }

    static ServiceException validation(String detail) {
        return StatesError.VALIDATION.exception("1 validation error detected: " + detail);
    }

    static String required(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            throw validation("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        }
        return v.asText();
    }

    static ObjectNode out(Object... kv) {
        return Json.object(kv);
    }
}
