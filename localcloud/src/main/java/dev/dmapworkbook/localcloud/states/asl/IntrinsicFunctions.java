package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What each intrinsic function {@code States.*(…)} does with its evaluated arguments (spec §5 [AWS-rec]
 * intrinsic_functions snapshots); {@link Intrinsics} parses the calls and evaluates their arguments.
 */
final class IntrinsicFunctions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private IntrinsicFunctions() {
    }

    /** Applies function {@code name} to {@code a}; bad arguments raise {@code States.IntrinsicFailure}. */
    static JsonNode apply(String name, List<JsonNode> a, Supplier<String> uuids) {
        return switch (name) {
            case "States.Format" -> format(name, a);
            case "States.StringToJson" -> stringToJson(name, a);
            case "States.JsonToString" -> {
                arity(name, a, 1, 1);
                yield NODES.textNode(compact(a.get(0)));
            }
            case "States.Array" -> arrayOf(a);
            case "States.ArrayPartition" -> arrayPartition(name, a);
            case "States.ArrayContains" -> arrayContains(name, a);
            case "States.ArrayRange" -> arrayRange(name, a);
            case "States.ArrayGetItem" -> arrayGetItem(name, a);
            case "States.ArrayLength" -> {
                arity(name, a, 1, 1);
                yield NODES.numberNode(array(name, a.get(0)).size());
            }
            case "States.ArrayUnique" -> arrayUnique(name, a);
            case "States.Base64Encode" -> base64Encode(name, a);
            case "States.Base64Decode" -> base64Decode(name, a);
            case "States.Hash" -> hash(name, a);
            case "States.JsonMerge" -> jsonMerge(name, a);
            case "States.MathRandom" -> mathRandom(name, a);
            case "States.MathAdd" -> mathAdd(name, a);
            case "States.StringSplit" -> stringSplit(name, a);
            case "States.UUID" -> {
                arity(name, a, 0, 0);
                yield NODES.textNode(uuids.get());
            }
            default -> throw fail(name, "unknown function");
        };
    }

    private static JsonNode format(String name, List<JsonNode> a) {
        arity(name, a, 1, Integer.MAX_VALUE);
        String tpl = text(name, a.get(0));
        StringBuilder out = new StringBuilder();
        int argIndex = 1;
        for (int i = 0; i < tpl.length(); i++) {
            char c = tpl.charAt(i);
            if (c == '\\' && i + 1 < tpl.length() && (tpl.charAt(i + 1) == '{' || tpl.charAt(i + 1) == '}')) {
                out.append(tpl.charAt(++i));
            } else if (c == '{' && i + 1 < tpl.length() && tpl.charAt(i + 1) == '}') {
                if (argIndex >= a.size()) {
                    throw fail(name, "The number of arguments does not match the number of placeholders in the template");
                }
                out.append(formatValue(a.get(argIndex++)));
                i++;
            } else {
                out.append(c);
            }
        }
        if (argIndex != a.size()) {
            throw fail(name, "The number of arguments does not match the number of placeholders in the template");
        }
        return NODES.textNode(out.toString());
    }

    private static JsonNode stringToJson(String name, List<JsonNode> a) {
        arity(name, a, 1, 1);
        String s = text(name, a.get(0));
        if (s.isBlank()) {
            return NODES.nullNode();
        }
        try {
            return MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw fail(name, "The string '" + s + "' is not valid JSON");
        }
    }

    private static JsonNode arrayOf(List<JsonNode> a) {
        ArrayNode arr = NODES.arrayNode();
        a.forEach(arr::add);
        return arr;
    }

    private static JsonNode arrayPartition(String name, List<JsonNode> a) {
        arity(name, a, 2, 2);
        ArrayNode arr = array(name, a.get(0));
        int size = integer(name, a.get(1));
        if (size <= 0) {
            throw fail(name, "The chunk size must be a positive integer");
        }
        ArrayNode out = NODES.arrayNode();
        ArrayNode chunk = null;
        for (JsonNode e : arr) {
            if (chunk == null || chunk.size() == size) {
                chunk = out.addArray();
            }
            chunk.add(e);
        }
        return out;
    }

    private static JsonNode arrayContains(String name, List<JsonNode> a) {
        arity(name, a, 2, 2);
        for (JsonNode e : array(name, a.get(0))) {
            if (jsonEquals(e, a.get(1))) {
                return NODES.booleanNode(true);
            }
        }
        return NODES.booleanNode(false);
    }

    private static JsonNode arrayRange(String name, List<JsonNode> a) {
        arity(name, a, 3, 3);
        // non-integer bounds are accepted [AWS-rec]; that they are cut to whole numbers is [GUESS]
        int start = (int) number(name, a.get(0));
        int end = (int) number(name, a.get(1));
        int step = integer(name, a.get(2));
        if (step == 0) {
            throw fail(name, "The step must not be 0");
        }
        ArrayNode out = NODES.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            out.add(v);
            if (out.size() > 1000) {
                throw fail(name, "The array range exceeds the maximum of 1000 elements");
            }
        }
        return out;
    }

    private static JsonNode arrayGetItem(String name, List<JsonNode> a) {
        arity(name, a, 2, 2);
        ArrayNode arr = array(name, a.get(0));
        int i = integer(name, a.get(1));
        if (i < 0 || i >= arr.size()) {
            throw fail(name, "The index " + i + " is out of bounds for an array of length " + arr.size());
        }
        return arr.get(i);
    }

    private static JsonNode arrayUnique(String name, List<JsonNode> a) {
        arity(name, a, 1, 1);
        ArrayNode out = NODES.arrayNode();
        for (JsonNode e : array(name, a.get(0))) {
            boolean seen = false;
            for (JsonNode o : out) {
                seen |= jsonEquals(o, e);
            }
            if (!seen) {
                out.add(e);
            }
        }
        return out;
    }

    private static JsonNode base64Encode(String name, List<JsonNode> a) {
        arity(name, a, 1, 1);
        String s = text(name, a.get(0));
        limit(name, s);
        return NODES.textNode(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode base64Decode(String name, List<JsonNode> a) {
        arity(name, a, 1, 1);
        String s = text(name, a.get(0));
        limit(name, s);
        try {
            return NODES.textNode(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw fail(name, "The value '" + s + "' is not valid base64");
        }
    }

    private static JsonNode hash(String name, List<JsonNode> a) {
        arity(name, a, 2, 2);
        String s = text(name, a.get(0));
        String alg = text(name, a.get(1));
        if (!Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(alg)) {
            throw fail(name, "The hash algorithm '" + alg + "' is not supported; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            return NODES.textNode(HexFormat.of().formatHex(
                    MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw fail(name, e.getMessage());
        }
    }

    private static JsonNode jsonMerge(String name, List<JsonNode> a) {
        arity(name, a, 3, 3);
        if (!a.get(0).isObject() || !a.get(1).isObject()) {
            throw fail(name, "Both arguments to merge must be JSON objects");
        }
        if (!a.get(2).isBoolean() || a.get(2).booleanValue()) {
            throw fail(name, "Deep merge is not supported: the third argument must be false");
        }
        ObjectNode out = ((ObjectNode) a.get(0)).deepCopy();
        out.setAll((ObjectNode) a.get(1));
        return out;
    }

    private static JsonNode mathRandom(String name, List<JsonNode> a) {
        arity(name, a, 2, 3);
        // non-integer bounds are accepted [AWS-rec]; that they are cut to whole numbers is [GUESS]
        int start = (int) number(name, a.get(0));
        int end = (int) number(name, a.get(1));
        if (end <= start) {
            throw fail(name, "The end of the range must be greater than its start");
        }
        Random random = a.size() == 3 ? new Random((long) number(name, a.get(2))) : new Random();
        return NODES.numberNode(start + random.nextInt(end - start));
    }

    private static JsonNode mathAdd(String name, List<JsonNode> a) {
        arity(name, a, 2, 2);
        long sum = Math.round(number(name, a.get(0))) + Math.round(number(name, a.get(1)));
        return sum == (int) sum ? NODES.numberNode((int) sum) : NODES.numberNode(sum);
    }

    private static JsonNode stringSplit(String name, List<JsonNode> a) {
        arity(name, a, 2, 2);
        String s = text(name, a.get(0));
        String delims = text(name, a.get(1));
        ArrayNode out = NODES.arrayNode();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || delims.indexOf(s.charAt(i)) >= 0) {
                if (token.length() > 0) {
                    out.add(token.toString());
                }
                token.setLength(0);
            } else {
                token.append(s.charAt(i));
            }
        }
        return out;
    }

    /** How States.Format renders a value: strings raw, objects as Java maps (spec §5). */
    private static String formatValue(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isObject()) {
            StringBuilder b = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                var e = it.next();
                b.append(e.getKey()).append('=').append(formatValue(e.getValue()));
                if (it.hasNext()) {
                    b.append(", ");
                }
            }
            return b.append('}').toString();
        }
        if (v.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < v.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(formatValue(v.get(i)));
            }
            return b.append(']').toString();
        }
        return v.toString();
    }

    static boolean jsonEquals(JsonNode x, JsonNode y) {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue()) == 0;
        }
        return x.equals(y);
    }

    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void arity(String name, List<JsonNode> a, int min, int max) {
        if (a.size() < min || a.size() > max) {
            throw fail(name, "Expected " + (min == max ? String.valueOf(min) : min + " to " + (max == Integer.MAX_VALUE ? "any" : max))
                    + " arguments but got " + a.size());
        }
    }

    private static String text(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw fail(name, "Expected a string argument but got " + compact(v));
        }
        return v.textValue();
    }

    private static ArrayNode array(String name, JsonNode v) {
        if (!v.isArray()) {
            throw fail(name, "Expected an array argument but got " + compact(v));
        }
        return (ArrayNode) v;
    }

    private static int integer(String name, JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0) {
            return v.decimalValue().intValueExact();
        }
        throw fail(name, "Expected an integer argument but got " + compact(v));
    }

    private static double number(String name, JsonNode v) {
        if (!v.isNumber()) {
            throw fail(name, "Expected a number argument but got " + compact(v));
        }
        return v.doubleValue();
    }

    private static void limit(String name, String s) {
        if (s.length() > 10_000) {
            throw fail(name, "The input string exceeds the maximum of 10000 characters");
        }
    }

    static StatesFailure fail(String name, String why) {
        return new StatesFailure(ErrorName.INTRINSIC_FAILURE, "Invalid arguments in " + name + ": " + why);
    }

}
