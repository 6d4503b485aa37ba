package dev.dmapworkbook.localcloud.states.query;

import com.dashjoin.jsonata.JException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine error of a failed evaluation as the JSONata reference implementation 2.0.6 (which AWS implements:
 * "Transforming data with JSONata", "Supported JSONata version") words it: {@code T2009: The values 1 and "a" either
 * side of operator ">" must be of the same data type}. {@code com.dashjoin.jsonata} 0.9.10 is a port of that
 * implementation, but some of its messages differ, and those are the ones a learner meets first (compared with a
 * JavaScript-generated reference run of jsonata 2.0.6 on the same expressions):
 * <ul>
 *   <li>T2009 keeps the placeholder {@code {{token}}} and quotes numbers ({@code "1"});</li>
 *   <li>T0410/T0412 say {@code Argument "1" of Object "range" … Object signature} and always name argument 1,
 *       T0412 names the type letter instead of the function ({@code of Object "s" … {{type}}});</li>
 *   <li>D1002 quotes the operator instead of the value;</li>
 *   <li>a JSON null passed to a string function ({@code $lowercase(null)}), a string {@code $number} cannot read
 *       and a string {@code $toMillis} cannot parse escape as Java exceptions instead of T0410, D3030, D3110.</li>
 * </ul>
 * Those are put back here; where the port does not say which argument was wrong and the call has several, the cause
 * says "One of the arguments" rather than guess. Differences that remain are listed in docs/jsonata.md.
 */
final class JsonataErrors {
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z]\\d{4}");
    private static final Pattern CALL_BEFORE = Pattern.compile("\\$(\\w+)\\s*\\(\\s*$");
    private static final Pattern ARGUMENT_ERROR = Pattern.compile("Argument error calling function (\\w+)");
    private static final Pattern FOR_INPUT = Pattern.compile("For input string: \"(.*)\"", Pattern.DOTALL);
    private static final Map<String, String> ARRAY_TYPES = Map.of("s", "strings", "n", "numbers", "b", "booleans",
            "o", "objects", "a", "arrays", "f", "functions");
    private static final Set<String> COMPARISONS = Set.of("<", "<=", ">", ">=");

    private JsonataErrors() {
    }

    /** The detail a cause gives after "threw an error during evaluation. ", for {@code e} thrown by {@code text}. */
    static String describe(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonataFunctionError f) { // one of AWS's functions failed: its message is the detail
                return f.getMessage();
            }
        }
        if (e instanceof JException j) {
            return engine(j, text);
        }
        if (e instanceof NumberFormatException n && text.contains("$number")) {
            Matcher m = FOR_INPUT.matcher(String.valueOf(n.getMessage()));
            if (m.matches()) {
                return "D3030: Unable to cast value to a number: " + Json.write(Json.MAPPER.getNodeFactory().textNode(m.group(1)));
            }
        }
        if (e instanceof DateTimeParseException d && text.contains("$toMillis")) {
            return "D3110: The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given "
                    + Json.write(Json.MAPPER.getNodeFactory().textNode(d.getParsedString()));
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = ARGUMENT_ERROR.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return "T0410: " + signatureMismatch(m.group(1), text, text.indexOf("$" + m.group(1) + "("));
            }
        }
        return String.valueOf(e.getMessage());
    }

    private static String engine(JException e, String text) {
        String code = e.getError();
        if (code == null || !ERROR_CODE.matcher(code).matches()) {
            return e.getMessage();
        }
        return code + ": " + switch (code) {
            case "T0410" -> signatureMismatch(String.valueOf(e.getExpected()), text, callStart(text, e.getLocation()));
            case "T0412" -> "Argument 1 of function \"" + calledBefore(text, e.getLocation()) + "\" must be an array of \""
                    + ARRAY_TYPES.getOrDefault(String.valueOf(e.getExpected()), String.valueOf(e.getExpected())) + "\"";
            case "T2009" -> "The values " + value(e.getCurrent()) + " and " + value(e.getExpected())
                    + " either side of operator " + comparison(text) + " must be of the same data type";
            case "D1002" -> "Cannot negate a non-numeric value: " + value(e.getExpected());
            default -> e.getMessage();
        };
    }

    /** T0410 without its code; the argument is named only when the call has a single one. */
    private static String signatureMismatch(String function, String text, int callStart) {
        int arguments = callStart < 0 ? -1 : argumentCount(text, text.indexOf('(', callStart) + 1);
        String which = arguments >= 0 && arguments <= 1 ? "Argument 1" : "One of the arguments";
        return which + " of function \"" + function + "\" does not match function signature";
    }

    /** Where the call whose argument list starts at {@code afterParen} begins ({@code $name(}), or -1. */
    private static int callStart(String text, int afterParen) {
        if (afterParen <= 0 || afterParen > text.length()) {
            return -1;
        }
        Matcher m = CALL_BEFORE.matcher(text.substring(0, afterParen));
        return m.find() ? m.start() : -1;
    }

    private static String calledBefore(String text, int afterParen) {
        int start = callStart(text, afterParen);
        if (start < 0) {
            return "?";
        }
        Matcher m = CALL_BEFORE.matcher(text.substring(start, afterParen));
        return m.find() ? m.group(1) : "?";
    }

    /** The number of top-level arguments of the call whose list starts at {@code from}; -1 if unreadable. */
    private static int argumentCount(String text, int from) {
        if (from <= 0) {
            return -1;
        }
        int depth = 0;
        int commas = 0;
        boolean any = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = ExpressionText.skipQuoted(text, i, c) - 1;
                any = true;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                any = true;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return any ? commas + 1 : 0;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                commas++;
            } else if (!Character.isWhitespace(c)) {
                any = true;
            }
        }
        return -1;
    }

    /** The comparison operator of the expression, quoted, when it has only one kind; else all four. */
    private static String comparison(String text) {
        Set<String> found = ExpressionText.scan(text).operators();
        found.retainAll(COMPARISONS);
        return found.size() == 1 ? "\"" + found.iterator().next() + "\"" : "\"<\", \"<=\", \">\" or \">=\"";
    }

    /** A value as JavaScript's JSON.stringify writes it in the reference implementation's messages. */
    private static String value(Object v) {
        if (v instanceof String s) {
            return Json.write(Json.MAPPER.getNodeFactory().textNode(s));
        }
        try {
            JsonNode node = JsonataValues.toJson(v);
            return Json.write(node);
        } catch (RuntimeException e) {
            return String.valueOf(v);
        }
    }
}
