package dev.dmapworkbook.e2e;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console links a lab printed (issue 15 point 8): each {@code - ↗ … in the console: <http://…/_console/…>} line of
 * its transcript is fetched as a learner's browser would; each answers 200 with a page that names what it links.
 */
final class ConsoleLinkChecks {
    private static final Pattern LINK = Pattern.compile("^- ↗ .* in the console: <(http://[^>\\s]+/_console/[^>\\s]*)>$",
            Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConsoleLinkChecks() {
    }

    static List<URI> links(String transcript) {
        List<URI> links = new ArrayList<>();
        Matcher m = LINK.matcher(transcript);
        while (m.find()) {
            links.add(URI.create(m.group(1)));
        }
        return links;
    }

    /**
     * Fetches every console link of {@code transcript} from {@code endpoint}'s console and asserts it answers 200 with
     * a page naming its resource; returns the kinds of page linked ({@code executions}, {@code map-runs}, {@code home}, …).
     */
    static Set<String> answer(String lab, String transcript, String endpoint) throws Exception {
        List<URI> links = links(transcript);
        assertTrue(!links.isEmpty(), lab + "'s transcript links nothing in the console:\n" + transcript);
        Set<String> kinds = new TreeSet<>();
        for (URI link : links) {
            assertEquals(URI.create(endpoint).getRawAuthority(), link.getRawAuthority(), lab + " links the local cloud it ran on: " + link);
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(link).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), lab + "'s link " + link + " answers\n" + page.body());
            String[] parts = link.getRawPath().substring("/_console/".length()).split("/");
            if (parts.length == 1 && parts[0].isEmpty()) {
                kinds.add("home");
                assertTrue(page.body().contains("Local cloud console"), link + " is the console's home");
                continue;
            }
            assertEquals(2, parts.length, lab + "'s link " + link + " is /_console/<kind>/<one segment>");
            kinds.add(parts[0]);
            String id = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            assertTrue(page.body().contains(escaped(id)), link + "'s page names " + id);
            String query = link.getRawQuery();
            if (query != null && query.startsWith("key=")) {
                String key = URLDecoder.decode(query.substring(4), StandardCharsets.UTF_8);
                assertTrue(page.body().contains(escaped(key)), link + "'s page names the object " + key);
            }
        }
        return kinds;
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
