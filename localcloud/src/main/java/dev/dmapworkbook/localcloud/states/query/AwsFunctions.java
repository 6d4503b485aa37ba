package dev.dmapworkbook.localcloud.states.query;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dmapworkbook.localcloud.core.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The functions Step Functions adds to JSONata ({@code $partition}, {@code $range}, {@code $hash}, {@code $random}
 * with an optional seed, {@code $uuid}, {@code $parse}) and the one it takes away: {@code $eval} is not available,
 * so calling it fails as calling any non-function does (T1006). AWS "JSONata functions provided by Step Functions".
 */
final class AwsFunctions {
    /** States.Hash's algorithms, which {@code $hash} replaces; the names are case-sensitive. */
    private static final Map<String, String> HASHES = Map.of("MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256",
            "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    private AwsFunctions() {
    }

    static void bind(Jsonata.Frame frame, Supplier<String> uuids) {
        frame.bind("eval", (Object) null);
        frame.bind("partition", function("partition", "an", AwsFunctions::partition));
        frame.bind("range", function("range", "nnn", AwsFunctions::range));
        frame.bind("hash", function("hash", "ss", AwsFunctions::hash));
        frame.bind("random", function("random", "n", AwsFunctions::random));
        frame.bind("uuid", function("uuid", "", (input, args) -> uuids.get()));
        frame.bind("parse", function("parse", "s", AwsFunctions::parse));
    }

    /**
     * One of AWS's functions, its argument types checked here ({@code a} array, {@code n} number, {@code s} string;
     * undefined passes, as in every JSONata signature) so that a mismatch names the argument as the reference
     * implementation does ({@code T0410: Argument 2 of function "range" does not match function signature}), which
     * the engine's own signature check does not (it always names argument 1).
     */
    private static Jsonata.JFunction function(String name, String types, Jsonata.JFunctionCallable body) {
        return new Jsonata.JFunction((input, args) -> {
            for (int i = 0; i < args.size(); i++) {
                Object v = args.get(i);
                boolean ok = v == null || (i < types.length() && switch (types.charAt(i)) {
                    case 'a' -> true; // a single value is an array of one, as JSONata's "a" accepts
                    case 'n' -> v instanceof Number;
                    default -> v instanceof String;
                });
                if (!ok) {
                    throw new JsonataFunctionError("T0410: Argument " + (i + 1) + " of function \"" + name
                            + "\" does not match function signature");
                }
            }
            return body.call(input, args);
        }, "<" + "x?".repeat(Math.max(types.length(), 1)) + "x?x?:x>");
    }

    /**
     * {@code $partition(array, size)}: chunks of {@code size} (truncated towards zero), the last one the remainder;
     * always an array of arrays (AWS recording: {@code $partition([0], 1)} gave {@code [[0]]}).
     */
    private static Object partition(Object input, List<?> args) {
        List<?> items = asList(args.get(0));
        long size = truncated(args.get(1));
        if (items == null || items.isEmpty() || size <= 0) {
            return null;
        }
        List<Object> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += (int) Math.min(size, Integer.MAX_VALUE)) {
            chunks.add(new ArrayList<>(items.subList(i, (int) Math.min(items.size(), i + size))));
        }
        return chunks;
    }

    /**
     * {@code $range(start, end, step)}: from start to end inclusive when a step lands on it; arguments truncated
     * towards zero; a missing argument, a zero step or one pointing away from end gives nothing; one value is
     * that number, as any JSONata singleton sequence is (AWS recording: {@code $range(1, 9, 9)} gave {@code 1},
     * {@code $range(0, 10, 3)} gave {@code [0,3,6,9]}).
     */
    private static Object range(Object input, List<?> args) {
        if (args.size() < 3 || args.get(0) == null || args.get(1) == null || args.get(2) == null) {
            return null;
        }
        long start = truncated(args.get(0));
        long end = truncated(args.get(1));
        long step = truncated(args.get(2));
        if (step == 0 || (step > 0 && start > end) || (step < 0 && start < end)) {
            return null;
        }
        long count = Math.abs(end - start) / Math.abs(step) + 1;
        if (count > 1_000_000) {
            throw new JsonataFunctionError("$range would return " + count + " numbers: the local cloud stops at 1,000,000");
        }
        if (count == 1) {
            return start;
        }
        List<Object> values = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            values.add(start + i * step);
        }
        return values;
    }

    /** {@code $hash(text, algorithm)}: the lower-case hex digest of the UTF-8 text. */
    private static Object hash(Object input, List<?> args) {
        if (args.size() < 2 || args.get(0) == null || args.get(1) == null) {
            return null;
        }
        String algorithm = HASHES.get((String) args.get(1));
        if (algorithm == null) {
            throw new JsonataFunctionError("The hash algorithm '" + args.get(1)
                    + "' is not supported; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(((String) args.get(0)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code $random([seed])}: a number in [0, 1), the same for the same integer seed. */
    private static Object random(Object input, List<?> args) {
        if (args.isEmpty() || args.get(0) == null) {
            return ThreadLocalRandom.current().nextDouble();
        }
        return new Random(truncated(args.get(0))).nextDouble();
    }

    /** {@code $parse(text)}: the JSON value a string holds ({@code $eval}'s replacement). */
    private static Object parse(Object input, List<?> args) {
        if (args.isEmpty() || args.get(0) == null) {
            return null;
        }
        try {
            return JsonataValues.toJsonata(Json.MAPPER.readTree((String) args.get(0)));
        } catch (JsonProcessingException e) {
            throw new JsonataFunctionError("$parse: the string is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        return value == null ? null : List.of(value);
    }

    private static long truncated(Object number) {
        return (long) ((Number) number).doubleValue();
    }
}
