package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.query.JsonataExpression;
import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** A Choice rule: a comparison on a {@code Variable}, or {@code And}/{@code Or}/{@code Not} (spec §7.3). */
public sealed interface ChoiceRule {
    Set<String> OPERATORS = Set.of("StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals",
            "StringGreaterThanEquals", "StringMatches", "StringEqualsPath", "StringLessThanPath", "StringGreaterThanPath",
            "StringLessThanEqualsPath", "StringGreaterThanEqualsPath", "NumericEquals", "NumericLessThan",
            "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals", "NumericEqualsPath",
            "NumericLessThanPath", "NumericGreaterThanPath", "NumericLessThanEqualsPath", "NumericGreaterThanEqualsPath",
            "BooleanEquals", "BooleanEqualsPath", "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan",
            "TimestampLessThanEquals", "TimestampGreaterThanEquals", "TimestampEqualsPath", "TimestampLessThanPath",
            "TimestampGreaterThanPath", "TimestampLessThanEqualsPath", "TimestampGreaterThanEqualsPath", "IsNull",
            "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

    /** A top-level rule with its {@code Next}. */
    /**
     * One of {@code Choices}: a JSONPath {@code rule}, or in a JSONata state a {@code condition}; a JSONata rule may
     * also carry its own {@code output} and {@code assign}, used when it matches (each may be null).
     */
    record Branch(ChoiceRule rule, String next, JsonataExpression condition, JsonataTemplate output, Assign assign) {
        Branch(ChoiceRule rule, String next) {
            this(rule, next, null, null, null);
        }
    }

    boolean matches(JsonNode input, Supplier<JsonNode> context);

    record And(List<ChoiceRule> rules) implements ChoiceRule {
        public boolean matches(JsonNode input, Supplier<JsonNode> context) {
            for (ChoiceRule r : rules) {
                if (!r.matches(input, context)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(List<ChoiceRule> rules) implements ChoiceRule {
        public boolean matches(JsonNode input, Supplier<JsonNode> context) {
            for (ChoiceRule r : rules) {
                if (r.matches(input, context)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(ChoiceRule rule) implements ChoiceRule {
        public boolean matches(JsonNode input, Supplier<JsonNode> context) {
            return !rule.matches(input, context);
        }
    }

    /** {@code operator} is the field name without {@code Path}; {@code valuePath} is set for the *Path forms. */
    record Compare(JPath variable, String operator, JsonNode value, JPath valuePath) implements ChoiceRule {
        public boolean matches(JsonNode input, Supplier<JsonNode> context) {
            JsonNode actual;
            try {
                actual = variable.read(input, context);
            } catch (JPath.Missing e) {
                if (operator.equals("IsPresent")) {
                    return !value.booleanValue();
                }
                throw StatesFailure.runtime("Invalid path '" + variable.text() + "' : " + e.getMessage());
            }
            JsonNode expected = value;
            if (valuePath != null) {
                try {
                    expected = valuePath.read(input, context);
                } catch (JPath.Missing e) {
                    throw StatesFailure.runtime("Invalid path '" + valuePath.text() + "' : " + e.getMessage());
                }
            }
            return compare(actual, expected);
        }

        private boolean compare(JsonNode a, JsonNode b) {
            switch (operator) {
                case "IsNull": return a.isNull() == b.booleanValue();
                case "IsPresent": return b.booleanValue();
                case "IsNumeric": return a.isNumber() == b.booleanValue();
                case "IsString": return a.isTextual() == b.booleanValue();
                case "IsBoolean": return a.isBoolean() == b.booleanValue();
                case "IsTimestamp": return (timestamp(a) != null) == b.booleanValue();
                case "BooleanEquals": return a.isBoolean() && b.isBoolean() && a.booleanValue() == b.booleanValue();
                case "StringMatches": return a.isTextual() && b.isTextual() && wildcard(a.textValue(), b.textValue());
                default:
                    break;
            }
            Integer cmp;
            if (operator.startsWith("String")) {
                cmp = a.isTextual() && b.isTextual() ? Integer.valueOf(a.textValue().compareTo(b.textValue())) : null;
            } else if (operator.startsWith("Numeric")) {
                cmp = a.isNumber() && b.isNumber() ? Integer.valueOf(a.decimalValue().compareTo(b.decimalValue())) : null;
            } else {
                Instant x = timestamp(a);
                Instant y = timestamp(b);
                cmp = x != null && y != null ? Integer.valueOf(x.compareTo(y)) : null;
            }
            if (cmp == null) {
                return false;
            }
            String relation = operator.replaceFirst("^(String|Numeric|Timestamp)", "");
            return switch (relation) {
                case "Equals" -> cmp == 0;
                case "LessThan" -> cmp < 0;
                case "GreaterThan" -> cmp > 0;
                case "LessThanEquals" -> cmp <= 0;
                case "GreaterThanEquals" -> cmp >= 0;
                default -> false;
            };
        }
    }

    /** RFC 3339 timestamps with {@code T} and {@code Z} or an offset; null when not one. */
    static Instant timestamp(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        return parseTimestamp(node.textValue());
    }

    static Instant parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code StringMatches}: {@code *} matches any run of characters, {@code \*} a literal star. */
    static boolean wildcard(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(text).matches();
    }
}
