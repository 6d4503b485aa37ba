package dev.dmapworkbook.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An HTML page being written. Every text that comes from user data goes through {@link #text} or {@link #attr}
 * (both escape {@code < > & " '}); raw markup is only what this package writes itself, and the graph's SVG, whose
 * text the graph module escapes.
 */
final class Html {
    static final String ROOT = "/_console/";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(8192);

    /** Opens the page: title, the console's own stylesheet and script, the top bar, the breadcrumb. */
    Html(String title, String... crumbs) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append(" \u2014 local cloud console</title><link rel=\"stylesheet\" href=\"").append(ROOT)
                .append("assets/console.css\"><script src=\"").append(ROOT).append("assets/console.js\" defer></script>")
                .append("</head><body><header class=\"top\"><a class=\"brand\" href=\"").append(ROOT)
                .append("\">Local cloud console</a><form class=\"search\" method=\"get\" action=\"").append(ROOT)
                .append("search\"><input name=\"arn\" placeholder=\"Go to an ARN, a function, bucket or table name\" size=\"60\">")
                .append("<button>Go</button></form></header><main>");
        out.append("<nav class=\"crumbs\"><a href=\"").append(ROOT).append("\">Home</a>");
        for (int i = 0; i + 1 < crumbs.length; i += 2) {
            out.append(" \u203a <a href=\"").append(esc(crumbs[i + 1])).append("\">").append(esc(crumbs[i])).append("</a>");
        }
        out.append(" \u203a <span>").append(esc(title)).append("</span></nav>");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code /_console/<kind>/<id>} with the id (an ARN, a name) percent-encoded as one path segment. */
    static String href(String kind, String id) {
        return ROOT + kind + "/" + segment(id);
    }

    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Appends markup this package wrote (never user data). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html text(String s) {
        out.append(esc(s));
        return this;
    }

    Html h(int level, String s) {
        return raw("<h" + level + ">").text(s).raw("</h" + level + ">");
    }

    Html link(String href, String s) {
        return raw("<a href=\"").raw(esc(href)).raw("\">").text(s).raw("</a>");
    }

    /** A status word in its colour (RUNNING, SUCCEEDED, FAILED, ...). */
    Html status(String status) {
        return raw("<span class=\"status st-").raw(esc(status.toLowerCase())).raw("\" data-status=\"").raw(esc(status))
                .raw("\">").text(status).raw("</span>");
    }

    /** A definition list of label / value pairs (values are text). */
    Html facts(String... labelsAndValues) {
        raw("<dl class=\"facts\">");
        for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
            raw("<dt>").text(labelsAndValues[i]).raw("</dt><dd>").text(labelsAndValues[i + 1]).raw("</dd>");
        }
        return raw("</dl>");
    }

    /** A JSON text pretty-printed in a code block (text that is not JSON is shown as it is). */
    Html json(String text) {
        return raw("<pre class=\"json\">").text(pretty(text)).raw("</pre>");
    }

    static String pretty(String text) {
        if (text == null) {
            return "";
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.parse(text));
        } catch (Exception e) {
            return text;
        }
    }

    /** Epoch seconds (as the Step Functions API gives them) as a UTC time, or "" when absent. */
    static String time(JsonNode epochSeconds) {
        return epochSeconds == null || epochSeconds.isMissingNode() || epochSeconds.isNull() ? "" : TIME.format(instant(epochSeconds));
    }

    static String millis(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    static Instant instant(JsonNode epochSeconds) {
        return Instant.ofEpochMilli(epochSeconds.decimalValue().movePointRight(3).longValue());
    }

    /** The time between two epoch-seconds values, {@code now} when the second is absent. */
    static String duration(JsonNode start, JsonNode stop) {
        if (start == null || start.isMissingNode()) {
            return "";
        }
        Instant end = stop == null || stop.isMissingNode() || stop.isNull() ? Instant.now() : instant(stop);
        Duration d = Duration.between(instant(start), end);
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return new BigDecimal(ms).movePointLeft(3).setScale(1, java.math.RoundingMode.HALF_UP) + " s";
        }
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    String finish() {
        return out.append("</main></body></html>\n").toString();
    }
}
