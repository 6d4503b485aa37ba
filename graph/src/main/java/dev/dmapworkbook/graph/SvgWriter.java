package dev.dmapworkbook.graph;

import dev.dmapworkbook.graph.Chart.Edge;
import dev.dmapworkbook.graph.Chart.EdgeKind;
import dev.dmapworkbook.graph.Layout.MarkerShape;
import dev.dmapworkbook.graph.Layout.ScopeShape;
import dev.dmapworkbook.graph.Layout.Shape;
import dev.dmapworkbook.graph.Layout.StateShape;
import java.util.Locale;
import java.util.Map;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;

/**
 * Draws a laid-out {@link Layout} as one standalone SVG document. Every state is a {@code <g class="sg-state">}
 * carrying {@code data-state}, {@code data-type} and (when coloured) {@code data-status}; nested scopes are
 * {@code <g class="sg-scope">} inside their state's group; arrows are {@code <g class="sg-edge sg-KIND">} with
 * {@code data-from}/{@code data-to}. Every text from the definition goes through {@link Text#xml}.
 */
final class SvgWriter {
    private static final double LEGEND_HEIGHT = 34;
    private static final String STYLE = """
            .sg text{font-family:"Helvetica Neue",Arial,sans-serif;fill:#16191f}
            .sg .sg-name{font-size:13px;font-weight:bold}
            .sg .sg-sub{font-size:11px;fill:#545b64}
            .sg .sg-note{font-size:11px;fill:#16191f}
            .sg .sg-box{fill:#ffffff;stroke:#545b64;stroke-width:1.5}
            .sg .sg-compound>.sg-box{fill:#fafafa}
            .sg .sg-scope>rect{fill:#ffffff;stroke:#aab7b8;stroke-dasharray:4 3}
            .sg .sg-scope>text{font-size:11px;fill:#545b64;font-style:italic}
            .sg .sg-marker rect{fill:#232f3e;stroke:none}
            .sg .sg-marker text{fill:#ffffff;font-size:11px;font-weight:bold}
            .sg .sg-edge path{fill:none;stroke:#545b64;stroke-width:1.3}
            .sg .sg-edge text{font-size:11px;fill:#545b64}
            .sg .sg-catch path{stroke:#d13212;stroke-dasharray:6 4}
            .sg .sg-catch text{fill:#d13212}
            .sg .sg-label-bg{fill:#ffffff;fill-opacity:0.9;stroke:none}
            .sg .sg-succeeded>.sg-box,.sg .sg-legend .sg-succeeded{fill:#e9f6ea;stroke:#1d8102}
            .sg .sg-failed>.sg-box,.sg .sg-legend .sg-failed{fill:#fde9e7;stroke:#d13212}
            .sg .sg-caught>.sg-box,.sg .sg-legend .sg-caught{fill:#fff3e0;stroke:#ec7211}
            .sg .sg-in_progress>.sg-box,.sg .sg-legend .sg-in_progress{fill:#e6f1fb;stroke:#0972d3}
            .sg .sg-not_reached>.sg-box,.sg .sg-legend .sg-not_reached{fill:#f2f3f3;stroke:#aab7b8}
            .sg .sg-not_reached>text{fill:#879596}
            .sg .sg-legend text{font-size:11px}
            """;

    private final Layout layout;
    private final Map<String, StateStatus> statuses;
    private final StringBuilder out = new StringBuilder(4096);

    private SvgWriter(Layout layout, Map<String, StateStatus> statuses) {
        this.layout = layout;
        this.statuses = statuses;
    }

    /** {@code statuses} null draws the definition alone (no colours, no legend). */
    static String write(Layout layout, Map<String, StateStatus> statuses) {
        return new SvgWriter(layout, statuses).document();
    }

    private String document() {
        double width = Math.max(layout.root.getWidth(), statuses == null ? 0 : 560);
        double height = layout.root.getHeight() + (statuses == null ? 0 : LEGEND_HEIGHT);
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sg\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
                .append(n(height)).append("\">\n<style>").append(STYLE).append("</style>\n")
                .append("<defs><marker id=\"sg-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                        + "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#545b64\"/></marker>"
                        + "<marker id=\"sg-arrow-catch\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                        + "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#d13212\"/></marker></defs>\n");
        contents(layout.root);
        if (statuses != null) {
            legend(layout.root.getHeight() + 6);
        }
        return out.append("</svg>\n").toString();
    }

    /** The children of {@code container} and the arrows it contains, in its own coordinates. */
    private void contents(ElkNode container) {
        for (ElkNode child : container.getChildren()) {
            out.append("<g transform=\"translate(").append(n(child.getX())).append(',').append(n(child.getY())).append(")\"");
            Shape shape = layout.shapes.get(child);
            if (shape instanceof StateShape state) {
                state(child, state);
            } else if (shape instanceof ScopeShape scope) {
                out.append(" class=\"sg-scope\" data-scope=\"").append(Text.xml(scope.scope().title())).append("\">");
                out.append("<rect width=\"").append(n(child.getWidth())).append("\" height=\"").append(n(child.getHeight()))
                        .append("\" rx=\"6\"/><text x=\"10\" y=\"17\">").append(Text.xml(scope.scope().title())).append("</text>\n");
                contents(child);
            } else if (shape instanceof MarkerShape marker) {
                String word = marker.start() ? "Start" : "End";
                out.append(" class=\"sg-marker sg-").append(word.toLowerCase(Locale.ROOT)).append("\"><rect width=\"")
                        .append(n(child.getWidth())).append("\" height=\"").append(n(child.getHeight()))
                        .append("\" rx=\"13\"/><text x=\"").append(n(child.getWidth() / 2))
                        .append("\" y=\"17\" text-anchor=\"middle\">").append(word).append("</text>");
            }
            out.append("</g>\n");
        }
        for (ElkEdge edge : container.getContainedEdges()) {
            edge(edge, layout.edges.get(edge));
        }
    }

    private void state(ElkNode node, StateShape shape) {
        String name = shape.node().name();
        StateStatus status = statuses == null ? null : statuses.getOrDefault(name, StateStatus.NOT_REACHED);
        out.append(" class=\"sg-state").append(shape.node().compound() ? " sg-compound" : "");
        if (status != null) {
            out.append(" sg-").append(status.name().toLowerCase(Locale.ROOT));
        }
        out.append("\" data-state=\"").append(Text.xml(name)).append("\" data-type=\"").append(Text.xml(shape.node().type())).append('"');
        if (status != null) {
            out.append(" data-status=\"").append(status.name()).append('"');
        }
        out.append("><title>").append(Text.xml(name)).append(status == null ? "" : " \u2014 " + status.name()).append("</title>");
        out.append("<rect class=\"sg-box\" width=\"").append(n(node.getWidth())).append("\" height=\"").append(n(node.getHeight()))
                .append("\" rx=\"").append("Choice".equals(shape.node().type()) ? "18" : "6").append("\"/>");
        if (shape.node().compound()) {
            text("sg-name", 14, 22, null, name);
            text("sg-sub", 14, 22 + Text.LINE, null, shape.node().subtitle());
            double y = 22 + 2 * Text.LINE + 2;
            for (String line : shape.header()) {
                text("sg-note", 14, y, null, line);
                y += Text.LINE - 1;
            }
            out.append('\n');
            contents(node);
        } else {
            double mid = node.getWidth() / 2;
            text("sg-name", mid, 18, "middle", name);
            text("sg-sub", mid, 33, "middle", shape.node().subtitle());
        }
    }

    private void edge(ElkEdge elk, Edge edge) {
        String kind = edge.kind().name().toLowerCase(Locale.ROOT);
        out.append("<g class=\"sg-edge sg-").append(kind).append("\" data-kind=\"").append(edge.kind().name()).append('"');
        if (edge.from() != null) {
            out.append(" data-from=\"").append(Text.xml(edge.from())).append('"');
        }
        if (edge.to() != null) {
            out.append(" data-to=\"").append(Text.xml(edge.to())).append('"');
        }
        out.append('>');
        if (edge.label() != null) {
            out.append("<title>").append(Text.xml(edge.label())).append("</title>");
        }
        for (ElkEdgeSection section : elk.getSections()) {
            out.append("<path d=\"M").append(n(section.getStartX())).append(' ').append(n(section.getStartY()));
            for (ElkBendPoint bend : section.getBendPoints()) {
                out.append(" L").append(n(bend.getX())).append(' ').append(n(bend.getY()));
            }
            out.append(" L").append(n(section.getEndX())).append(' ').append(n(section.getEndY()))
                    .append("\" marker-end=\"url(#").append(edge.kind() == EdgeKind.CATCH ? "sg-arrow-catch" : "sg-arrow").append(")\"/>");
        }
        for (ElkLabel label : elk.getLabels()) {
            out.append("<rect class=\"sg-label-bg\" x=\"").append(n(label.getX())).append("\" y=\"").append(n(label.getY()))
                    .append("\" width=\"").append(n(label.getWidth())).append("\" height=\"").append(n(label.getHeight())).append("\"/>");
            text(null, label.getX() + 3, label.getY() + 12, null, label.getText());
        }
        out.append("</g>\n");
    }

    private void legend(double y) {
        out.append("<g class=\"sg-legend\" transform=\"translate(16,").append(n(y)).append(")\">");
        double x = 0;
        for (StateStatus status : StateStatus.values()) {
            String word = status.name().replace('_', ' ').toLowerCase(Locale.ROOT);
            word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            out.append("<g data-legend=\"").append(status.name()).append("\"><rect class=\"sg-")
                    .append(status.name().toLowerCase(Locale.ROOT)).append("\" x=\"").append(n(x))
                    .append("\" y=\"4\" width=\"16\" height=\"16\" rx=\"3\" stroke-width=\"1.5\"/>");
            text(null, x + 22, 16, null, word);
            out.append("</g>");
            x += 22 + Text.width(word, Text.SMALL) + 18;
        }
        out.append("</g>\n");
    }

    private void text(String cls, double x, double y, String anchor, String content) {
        out.append("<text");
        if (cls != null) {
            out.append(" class=\"").append(cls).append('"');
        }
        out.append(" x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"');
        if (anchor != null) {
            out.append(" text-anchor=\"").append(anchor).append('"');
        }
        out.append('>').append(Text.xml(content)).append("</text>");
    }

    /** A coordinate with one decimal at most. */
    private static String n(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
    }
}
