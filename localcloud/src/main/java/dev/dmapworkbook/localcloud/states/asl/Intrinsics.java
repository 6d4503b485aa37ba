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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/** The intrinsic functions {@code States.*(…)} (spec §5): parsed once, evaluated per use. */
final class Intrinsics {
    static final Set<String> FUNCTIONS = Set.of("States.Format", "States.StringToJson", "States.JsonToString",
            "States.Array", "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem",
            "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode", "States.Base64Decode", "States.Hash",
            "States.JsonMerge", "States.MathRandom", "States.MathAdd", "States.StringSplit", "States.UUID");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** An argument: a literal, a path or a nested call. */
    sealed interface Arg permits Literal, PathArg, Call {
    }

    /** {@code template} keeps {@code \\{} and {@code \\}} escapes for States.Format; {@code value} drops them. */
    record Literal(JsonNode value, String template) implements Arg {
        Literal(JsonNode value) {
            this(value, null);
        }
    }

    record PathArg(JPath path) implements Arg {
    }

    record Call(String name, List<Arg> args) implements Arg {
    }

    private Intrinsics() {
    }

    static boolean looksLikeCall(String text) {
        return text.startsWith("States.");
    }

    /** Parses {@code States.Name(args)}; IllegalArgumentException with the reason when malformed. */
    static Call parse(String text) {
        Parser p = new Parser(text);
        Call call = p.call();
        p.skipSpaces();
        if (p.pos != text.length()) {
            throw new IllegalArgumentException("unexpected text after the intrinsic function call in '" + text + "'");
        }
        return call;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Call call() {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (!FUNCTIONS.contains(name)) {
                throw new IllegalArgumentException("The function '" + name + "' is not a supported intrinsic function");
            }
            expect('(');
            List<Arg> args = new ArrayList<>();
            skipSpaces();
            if (peek() == ')') {
                pos++;
                return new Call(name, args);
            }
            while (true) {
                args.add(arg());
                skipSpaces();
                char c = next();
                if (c == ')') {
                    return new Call(name, args);
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected ',' or ')' at position " + (pos - 1) + " in '" + s + "'");
                }
            }
        }

        Arg arg() {
            skipSpaces();
            char c = peek();
            if (c == '\'') {
                pos++;
                StringBuilder b = new StringBuilder();
                StringBuilder template = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) {
                        throw new IllegalArgumentException("unterminated string in '" + s + "'");
                    }
                    char ch = s.charAt(pos++);
                    if (ch == '\\' && pos < s.length()) {
                        char escaped = s.charAt(pos++);
                        if (escaped == '"') {
                            // AWS refuses it when the state machine is created [AWS-rec]; \' \{ \} \\ are the escapes
                            throw new IllegalArgumentException("the string argument at position " + (pos - 2) + " in '" + s
                                    + "' contains an escaped quote (\\\"): only \\', \\{, \\} and \\\\ can be escaped");
                        }
                        b.append(escaped);
                        if (escaped == '{' || escaped == '}') {
                            template.append('\\');
                        }
                        template.append(escaped);
                    } else if (ch == '\'') {
                        return new Literal(NODES.textNode(b.toString()), template.toString());
                    } else {
                        b.append(ch);
                        template.append(ch);
                    }
                }
            }
            if (c == '$') {
                int start = pos;
                int depth = 0;
                boolean quoted = false;
                while (pos < s.length()) {
                    char ch = s.charAt(pos);
                    if (ch == '\'') {
                        quoted = !quoted;
                    } else if (!quoted && (ch == '[' || ch == '(')) {
                        depth++;
                    } else if (!quoted && (ch == ']' || (ch == ')' && depth > 0))) {
                        depth--;
                    } else if (!quoted && depth == 0 && (ch == ',' || ch == ')')) {
                        break;
                    }
                    pos++;
                }
                return new PathArg(JPath.parse(s.substring(start, pos).trim()));
            }
            if (s.startsWith("States.", pos)) {
                return call();
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')') {
                pos++;
            }
            String token = s.substring(start, pos).trim();
            try {
                JsonNode value = MAPPER.readTree(token);
                if (value == null || !(value.isNumber() || value.isBoolean() || value.isNull())) {
                    throw new IllegalArgumentException("bad argument '" + token + "'");
                }
                return new Literal(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("The argument '" + token + "' in '" + s + "' is not a string, number, boolean, null, path or function call");
            }
        }

        char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end of '" + s + "'");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            skipSpaces();
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at position " + pos + " in '" + s + "'");
            }
            pos++;
        }
    }

    /** Evaluates a call; argument errors raise {@code States.IntrinsicFailure}, missing paths {@code States.Runtime}. */
    static JsonNode eval(Call call, JsonNode input, Supplier<JsonNode> context, Supplier<String> uuids) {
        List<JsonNode> a = new ArrayList<>(call.args().size());
        for (Arg arg : call.args()) {
            if (arg instanceof Literal l) {
                boolean formatTemplate = a.isEmpty() && call.name().equals("States.Format") && l.template() != null;
                a.add(formatTemplate ? NODES.textNode(l.template()) : l.value());
            } else if (arg instanceof PathArg p) {
                try {
                    a.add(p.path().read(input, context));
                } catch (JPath.Missing e) {
                    throw StatesFailure.runtime("The JsonPath argument for the field '" + p.path().text()
                            + "' could not be found in the input '" + compact(p.path().isContext() ? context.get() : input) + "'");
                }
            } else {
                a.add(eval((Call) arg, input, context, uuids));
            }
        }
        try {
            return apply(call.name(), a, uuids);
        } catch (StatesFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw fail(call.name(), e.getMessage());
        }
    }

    private static JsonNode apply(String name, List<JsonNode> a, Supplier<String> uuids) {
        switch (name) {
            case "States.Format": {
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
            case "States.StringToJson": {
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
            case "States.JsonToString":
                arity(name, a, 1, 1);
                return NODES.textNode(compact(a.get(0)));
            case "States.Array": {
                ArrayNode arr = NODES.arrayNode();
                a.forEach(arr::add);
                return arr;
            }
            case "States.ArrayPartition": {
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
            case "States.ArrayContains": {
                arity(name, a, 2, 2);
                for (JsonNode e : array(name, a.get(0))) {
                    if (jsonEquals(e, a.get(1))) {
                        return NODES.booleanNode(true);
                    }
                }
                return NODES.booleanNode(false);
            }
            case "States.ArrayRange": {
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
            case "States.ArrayGetItem": {
                arity(name, a, 2, 2);
                ArrayNode arr = array(name, a.get(0));
                int i = integer(name, a.get(1));
                if (i < 0 || i >= arr.size()) {
                    throw fail(name, "The index " + i + " is out of bounds for an array of length " + arr.size());
                }
                return arr.get(i);
            }
            case "States.ArrayLength":
                arity(name, a, 1, 1);
                return NODES.numberNode(array(name, a.get(0)).size());
            case "States.ArrayUnique": {
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
            case "States.Base64Encode": {
                arity(name, a, 1, 1);
                String s = text(name, a.get(0));
                limit(name, s);
                return NODES.textNode(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode": {
                arity(name, a, 1, 1);
                String s = text(name, a.get(0));
                limit(name, s);
                try {
                    return NODES.textNode(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw fail(name, "The value '" + s + "' is not valid base64");
                }
            }
            case "States.Hash": {
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
            case "States.JsonMerge": {
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
            case "States.MathRandom": {
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
            case "States.MathAdd": {
                arity(name, a, 2, 2);
                long sum = Math.round(number(name, a.get(0))) + Math.round(number(name, a.get(1)));
                return sum == (int) sum ? NODES.numberNode((int) sum) : NODES.numberNode(sum);
            }
            case "States.StringSplit": {
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
            case "States.UUID":
                arity(name, a, 0, 0);
                return NODES.textNode(uuids.get());
            default:
                throw fail(name, "unknown function");
        }
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

    private static StatesFailure fail(String name, String why) {
        return new StatesFailure(ErrorName.INTRINSIC_FAILURE, "Invalid arguments in " + name + ": " + why);
    }

}
