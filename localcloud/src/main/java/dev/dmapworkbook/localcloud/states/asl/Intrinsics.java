package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;
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

        /** An argument: a 'string', a path ($ or $$), a nested States.* call, or a number, boolean or null. */
        Arg arg() {
            skipSpaces();
            char c = peek();
            if (c == '\'') {
                pos++;
                return string();
            }
            if (c == '$') {
                return path();
            }
            if (s.startsWith("States.", pos)) {
                return call();
            }
            return literal();
        }

        /** The rest of a quoted string, after its opening quote; also kept as States.Format's template. */
        private Literal string() {
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

        /** A path argument: up to the comma or parenthesis that ends it outside brackets, filters and quotes. */
        private PathArg path() {
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

        private Literal literal() {
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
                            + "' could not be found in the input '" + IntrinsicFunctions.compact(p.path().isContext() ? context.get() : input) + "'");
                }
            } else {
                a.add(eval((Call) arg, input, context, uuids));
            }
        }
        try {
            return IntrinsicFunctions.apply(call.name(), a, uuids);
        } catch (StatesFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw IntrinsicFunctions.fail(call.name(), e.getMessage());
        }
    }
}
