import java.util.List;

/** The HTML a notebook shows for tables (numbers right-aligned, links kept), diffs (red −, green +) and console links. */
final class Html {
    private Html() {
    }

    static String table(RunLog.Table table) {
        StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
        for (String header : table.headers()) {
            html.append("<th>").append(Charts.escape(header)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : table.rows()) {
            html.append("<tr>");
            for (int c = 0; c < table.headers().size(); c++) {
                Object cell = c < row.size() ? row.get(c) : "";
                html.append(cell instanceof Number ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">");
                if (cell instanceof RunLog.Link link) {
                    html.append("<a href=\"").append(Charts.escape(link.href())).append("\">").append(Charts.escape(link.text())).append("</a>");
                } else {
                    html.append(Charts.escape(Terminal.text(cell)));
                }
                html.append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }

    static String diff(List<String> lines) {
        StringBuilder html = new StringBuilder("<pre style=\"line-height:1.3\">");
        for (String line : lines) {
            String style = line.startsWith("+") ? "background:#dcfce7;color:#166534"
                    : line.startsWith("-") ? "background:#fee2e2;color:#991b1b"
                    : line.startsWith("@@") ? "color:#0e7490" : "";
            html.append(style.isEmpty() ? "<span>" : "<span style=\"" + style + "\">").append(Charts.escape(line)).append("</span>\n");
        }
        return html.append("</pre>\n").toString();
    }

    /** A console link as the notebook shows it: clickable, opening beside the notebook. */
    static String consoleLink(RunLog.ConsoleLink link) {
        return "<p>\u2197 " + Charts.escape(link.what()) + " in " + Charts.escape(link.where()) + ": <a href=\""
                + Charts.escape(link.url()) + "\" target=\"_blank\" rel=\"noopener\">" + Charts.escape(link.url()) + "</a></p>\n";
    }
}
