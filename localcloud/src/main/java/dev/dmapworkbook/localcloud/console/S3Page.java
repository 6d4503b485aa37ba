package dev.dmapworkbook.localcloud.console;

import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.s3.S3Objects.ObjectSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code /_console/s3/{bucket}}: the "folders" (next {@code /}-separated part) and objects under {@code ?prefix=},
 * a page of up to {@value #KEYS} keys at a time; {@code ?key=} shows one object, its text when it is JSON, CSV or
 * text, cut at {@value #VIEW_CAP} bytes.
 */
final class S3Page {
    static final int KEYS = 5000;
    static final int VIEW_CAP = 256 * 1024;

    private S3Page() {
    }

    static String render(Backends b, String bucket, String prefix, String key, String after) {
        S3Objects s3 = b.s3().objects();
        return key != null ? object(s3, bucket, key) : listing(s3, bucket, prefix, after);
    }

    private static String listing(S3Objects s3, String bucket, String prefix, String after) {
        Html page = new Html(prefix.isEmpty() ? bucket : bucket + "/" + prefix, crumbs(bucket, prefix));
        TreeSet<String> folders = new TreeSet<>();
        StringBuilder rows = new StringBuilder();
        Optional<String> token = Optional.ofNullable(after);
        int seen = 0;
        do {
            S3Objects.ListPage p = s3.listObjectsV2(bucket, prefix, token.orElse(null), 1000);
            for (ObjectSummary o : p.contents()) {
                String rest = o.key().substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash >= 0) {
                    folders.add(prefix + rest.substring(0, slash + 1));
                } else {
                    rows.append("<tr><td><a href=\"").append(Html.esc(Html.href("s3", bucket) + "?key=" + Html.query(o.key())))
                            .append("\">").append(Html.esc(rest)).append("</a></td><td>").append(o.size()).append("</td><td>")
                            .append(Html.esc(o.lastModified().toString())).append("</td></tr>");
                }
                seen++;
            }
            token = p.nextContinuationToken();
        } while (token.isPresent() && seen < KEYS);
        page.h(2, "Folders (" + folders.size() + ")").raw("<ul class=\"names\">");
        for (String folder : folders) {
            page.raw("<li>").link(Html.href("s3", bucket) + "?prefix=" + Html.query(folder), folder.substring(prefix.length())).raw("</li>");
        }
        page.raw("</ul>").h(2, "Objects").raw("<table><tr><th>Key</th><th>Size (bytes)</th><th>Last modified</th></tr>")
                .raw(rows.toString()).raw("</table>");
        token.ifPresent(t -> page.raw("<p>").link(Html.href("s3", bucket) + "?prefix=" + Html.query(prefix) + "&after="
                + Html.query(t), "Next " + KEYS + " keys").raw("</p>"));
        return page.finish();
    }

    private static String[] crumbs(String bucket, String prefix) {
        return prefix.isEmpty() ? new String[0] : new String[] {bucket, Html.href("s3", bucket)};
    }

    private static String object(S3Objects s3, String bucket, String key) {
        ObjectSummary head = s3.headObject(bucket, key);
        String folder = key.contains("/") ? key.substring(0, key.lastIndexOf('/') + 1) : "";
        Html page = new Html(key, bucket, Html.href("s3", bucket) + (folder.isEmpty() ? "" : "?prefix=" + Html.query(folder)));
        page.facts("Bucket", bucket, "Key", key, "Size", head.size() + " bytes", "ETag", head.eTag(),
                "Last modified", head.lastModified().toString());
        String lower = key.toLowerCase(Locale.ROOT);
        boolean text = lower.endsWith(".json") || lower.endsWith(".csv") || lower.endsWith(".txt") || lower.endsWith(".jsonl")
                || lower.endsWith(".log") || lower.endsWith(".md");
        if (!text) {
            return page.raw("<p>Only JSON, CSV and text objects are shown here.</p>").finish();
        }
        byte[] bytes;
        try (InputStream in = s3.getObject(bucket, key)) {
            bytes = in.readNBytes(VIEW_CAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String content = new String(bytes, StandardCharsets.UTF_8);
        boolean cut = head.size() > VIEW_CAP;
        if (cut) {
            page.raw("<p>The first " + VIEW_CAP / 1024 + " KiB of " + head.size() + " bytes.</p>").raw("<pre class=\"json\">")
                    .text(content).raw("</pre>");
        } else if (lower.endsWith(".json")) {
            page.json(content);
        } else {
            page.raw("<pre class=\"json\">").text(content).raw("</pre>");
        }
        return page.finish();
    }
}
