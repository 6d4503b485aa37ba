package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;
import dev.dmapworkbook.localcloud.states.query.QueryLanguageRules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.dmapworkbook.localcloud.states.asl.AslFields.ROOT;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.orDefault;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.positiveInt;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.resultPath;
import static dev.dmapworkbook.localcloud.states.asl.AslFields.unknownFields;

/** Retry and Catch of Task, Parallel and Map states (ASL "Error Handling": Retriers, Fallback States). */
final class RetryCatchParser {
    private RetryCatchParser() {
    }

    static List<State.Retrier> retriers(JsonNode node, String pointer, ParseContext ctx) {
        JsonNode retry = node.get("Retry");
        if (retry == null) {
            return List.of();
        }
        String at = Pointers.child(pointer, "Retry");
        if (!retry.isArray()) {
            throw new DefinitionException(at, "The value for the field 'Retry' must be an ARRAY");
        }
        List<State.Retrier> out = new ArrayList<>();
        for (int i = 0; i < retry.size(); i++) {
            JsonNode r = retry.get(i);
            String rAt = at + "/" + i;
            if (!r.isObject()) {
                ctx.problem(rAt, "A retrier must be an OBJECT");
                continue;
            }
            out.add(retrier(r, rAt, i == retry.size() - 1, ctx));
        }
        return List.copyOf(out);
    }

    private static State.Retrier retrier(JsonNode r, String rAt, boolean last, ParseContext ctx) {
        unknownFields(r, rAt, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                "JitterStrategy", "Comment"), ctx);
        List<String> errors = errorEquals(r, rAt, last, ctx);
        int interval = r.has("IntervalSeconds") ? orDefault(positiveInt(r.get("IntervalSeconds"), rAt + "/IntervalSeconds", ctx, 1), 1) : 1;
        int max = r.has("MaxAttempts") ? orDefault(positiveInt(r.get("MaxAttempts"), rAt + "/MaxAttempts", ctx, 0), 3) : 3;
        double backoff = 2.0;
        if (r.has("BackoffRate")) {
            JsonNode b = r.get("BackoffRate");
            if (!b.isNumber() || b.doubleValue() < 1.0) {
                ctx.problem(rAt + "/BackoffRate", "The value for the field 'BackoffRate' must be a number greater than or equal to 1.0");
            } else {
                backoff = b.doubleValue();
            }
        }
        Integer maxDelay = r.has("MaxDelaySeconds") ? positiveInt(r.get("MaxDelaySeconds"), rAt + "/MaxDelaySeconds", ctx, 1) : null;
        if (maxDelay != null && maxDelay > 31_622_400) {
            ctx.problem(rAt + "/MaxDelaySeconds", "The value for the field 'MaxDelaySeconds' must be at most 31622400");
        }
        boolean full = false;
        if (r.has("JitterStrategy")) {
            String j = r.get("JitterStrategy").asText();
            if (!j.equals("FULL") && !j.equals("NONE")) {
                ctx.problem(rAt + "/JitterStrategy", "The value for the field 'JitterStrategy' must be FULL or NONE");
            }
            full = j.equals("FULL");
        }
        return new State.Retrier(errors, interval, max, backoff, maxDelay, full);
    }

    static List<State.Catcher> catchers(JsonNode node, String pointer, ParseContext ctx) {
        boolean jsonata = JsonataParsing.jsonata(node, ctx.jsonata);
        JsonNode c = node.get("Catch");
        if (c == null) {
            return List.of();
        }
        String at = Pointers.child(pointer, "Catch");
        if (!c.isArray()) {
            throw new DefinitionException(at, "The value for the field 'Catch' must be an ARRAY");
        }
        List<State.Catcher> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            JsonNode r = c.get(i);
            String rAt = at + "/" + i;
            if (!r.isObject()) {
                ctx.problem(rAt, "A catcher must be an OBJECT");
                continue;
            }
            unknownFields(r, rAt, Set.of("ErrorEquals", "Next", "ResultPath", "Comment", "Assign", "Output"), ctx);
            List<String> errors = errorEquals(r, rAt, i == c.size() - 1, ctx);
            if (!r.path("Next").isTextual()) {
                ctx.problem(rAt, "The field 'Next' is required but was missing");
                continue;
            }
            String field = "Catch[" + i + "]";
            Assign assign = JsonataParsing.assign(r, rAt, field + "/Assign", jsonata, ctx.problems);
            out.add(jsonata ? jsonataCatcher(r, rAt, field, errors, assign, ctx)
                    : new State.Catcher(errors, r.get("Next").textValue(), resultPath(r, rAt), null, assign));
        }
        return List.copyOf(out);
    }

    /** A JSONata Catcher: its Output and Assign read {@code $states.errorOutput}, never {@code $states.result}. */
    private static State.Catcher jsonataCatcher(JsonNode r, String rAt, String field, List<String> errors, Assign assign,
                                                ParseContext ctx) {
        JsonataTemplate output = JsonataParsing.output(r, rAt, field + "/Output", ctx.problems);
        if (output != null) {
            QueryLanguageRules.statesFields(output.expressions(), rAt + "/Output", false, true, ctx.problems);
        }
        if (assign != null && assign.jsonata() != null) {
            QueryLanguageRules.statesFields(assign.jsonata().expressions(), rAt + "/Assign", false, true, ctx.problems);
        }
        return new State.Catcher(errors, r.get("Next").textValue(), ROOT, output, assign);
    }

    /** The catchers of a state that has them (Task, Parallel, Map), else none. */
    static List<State.Catcher> catchers(State s) {
        if (s instanceof State.Task t) {
            return t.catchers();
        }
        if (s instanceof State.Parallel p) {
            return p.catchers();
        }
        return s instanceof State.Map m ? m.catchers() : List.of();
    }

    private static List<String> errorEquals(JsonNode r, String at, boolean last, ParseContext ctx) {
        JsonNode e = r.get("ErrorEquals");
        if (e == null || !e.isArray() || e.isEmpty()) {
            ctx.problem(at, "The field 'ErrorEquals' is required and must be a non-empty ARRAY");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : e) {
            out.add(x.asText());
        }
        if (out.contains(ErrorName.ALL.text()) && (out.size() > 1 || !last)) {
            ctx.problem(at + "/ErrorEquals", "States.ALL must appear alone and in the last retrier or catcher");
        }
        return List.copyOf(out);
    }
}
