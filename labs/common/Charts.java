import java.util.List;
import java.util.Locale;

/**
 * Small hand-made SVG charts for the notebooks (no browser, no library): lines over time, horizontal bars, a
 * histogram. Every text is escaped; sizes are fixed so that a notebook shows them at their natural size.
 */
final class Charts {
    static final String BLUE = "#3b82f6";
    static final String GREEN = "#16a34a";
    static final String RED = "#dc2626";
    private static final int WIDTH = 640;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 130;
    private static final int TOP = 36;
    private static final int BOTTOM = 44;

    private Charts() {
    }

    /** One line of a line chart: its name (in the legend), colour, and points. */
    record Series(String name, String color, double[] x, double[] y) {
    }

    /** Lines against a common x axis (e.g. children running, succeeded and failed against seconds). */
    static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        double maxX = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x())).max().orElse(1);
        double maxY = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).max().orElse(1);
        double xStep = niceStep(Math.max(maxX, 1e-9));
        double yStep = niceStep(Math.max(maxY, 1));
        double xTop = Math.max(xStep, Math.ceil(maxX / xStep) * xStep);
        double yTop = Math.max(yStep, Math.ceil(maxY / yStep) * yStep);
        StringBuilder svg = open(title, WIDTH, HEIGHT);
        axes(svg, xLabel, yLabel);
        yGrid(svg, yStep, yTop);
        for (double v = 0; v <= xTop + 1e-9; v += xStep) {
            double x = plotX(v, xTop);
            svg.append(text(x, HEIGHT - BOTTOM + 16, number(v), "middle", 11, "#374151"));
        }
        int legendY = TOP + 10;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                points.append(fmt(plotX(s.x()[i], xTop))).append(',').append(fmt(plotY(s.y()[i], yTop))).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color()).append("\" points=\"")
                    .append(points.toString().strip()).append("\"><title>").append(escape(s.name())).append("</title></polyline>\n");
            svg.append("<rect x=\"").append(WIDTH - RIGHT + 12).append("\" y=\"").append(legendY - 9)
                    .append("\" width=\"12\" height=\"12\" fill=\"").append(s.color()).append("\"/>\n");
            svg.append(text(WIDTH - RIGHT + 30, legendY + 1, s.name(), "start", 12, "#111827"));
            legendY += 20;
        }
        return svg.append("</svg>\n").toString();
    }

    /** Horizontal bars, one per label, longest first as given; values written at the bars' ends. */
    static String bars(String title, String valueLabel, List<String> labels, List<Double> values) {
        int rowHeight = 24;
        int left = 120;
        int height = TOP + labels.size() * rowHeight + BOTTOM;
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double scale = (WIDTH - left - 90) / Math.max(max, 1e-9);
        StringBuilder svg = open(title, WIDTH, height);
        for (int i = 0; i < labels.size(); i++) {
            double y = TOP + i * rowHeight;
            double w = Math.max(1, values.get(i) * scale);
            svg.append(text(left - 8, y + 16, labels.get(i), "end", 12, "#111827"));
            svg.append("<rect x=\"").append(left).append("\" y=\"").append(fmt(y + 4)).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"").append(rowHeight - 8).append("\" fill=\"").append(BLUE).append("\"><title>")
                    .append(escape(labels.get(i) + ": " + number(values.get(i)))).append("</title></rect>\n");
            svg.append(text(left + w + 6, y + 16, number(values.get(i)), "start", 11, "#374151"));
        }
        svg.append(text(left, height - 14, valueLabel, "start", 12, "#374151"));
        return svg.append("</svg>\n").toString();
    }

    /**
     * A histogram of {@code values} (not negative) in about {@code bins} bins of a round width up to the 99th
     * percentile, and one last bar for the values beyond it, so that a few outliers do not flatten the rest.
     */
    static String histogram(String title, String xLabel, double[] values, int bins) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double p99 = sorted.length == 0 ? 1 : sorted[(int) Math.floor(0.99 * (sorted.length - 1))];
        double width = nice(Math.max(p99, 1e-9) / bins);
        int regular = Math.max(1, (int) Math.ceil(p99 / width));
        double edge = regular * width;
        boolean overflow = sorted.length > 0 && sorted[sorted.length - 1] >= edge;
        int[] counts = new int[regular + (overflow ? 1 : 0)];
        for (double v : values) {
            counts[v >= edge ? counts.length - 1 : Math.min(regular - 1, Math.max(0, (int) (v / width)))]++;
        }
        int most = java.util.Arrays.stream(counts).max().orElse(1);
        double yStep = niceStep(Math.max(most, 1));
        double yTop = Math.max(yStep, Math.ceil(most / yStep) * yStep);
        StringBuilder svg = open(title, WIDTH, HEIGHT);
        axes(svg, xLabel, "stations");
        yGrid(svg, yStep, yTop);
        double barWidth = (WIDTH - LEFT - RIGHT) / (double) counts.length;
        int labelEvery = Math.max(1, (int) Math.ceil(regular / 6.0));
        for (int b = 0; b < counts.length; b++) {
            double x = LEFT + b * barWidth;
            double y = plotY(counts[b], yTop);
            boolean last = overflow && b == counts.length - 1;
            String range = last ? "≥ " + number(edge) : number(b * width) + " – " + number((b + 1) * width);
            bar(svg, x, y, barWidth, last ? RED : BLUE, range + ": " + counts[b] + (counts[b] == 1 ? " station" : " stations"));
            if (counts[b] > 0) {
                svg.append(text(x + barWidth / 2, y - 3, number(counts[b]), "middle", 9, "#374151"));
            }
            if (last) {
                svg.append(text(x + barWidth / 2, HEIGHT - BOTTOM + 16, "≥ " + number(edge), "middle", 11, RED));
            } else if (b % labelEvery == 0) {
                svg.append(text(x, HEIGHT - BOTTOM + 16, number(b * width), "middle", 11, "#374151"));
            }
        }
        if (!overflow) {
            svg.append(text(WIDTH - RIGHT, HEIGHT - BOTTOM + 16, number(edge), "middle", 11, "#374151"));
        }
        return svg.append("</svg>\n").toString();
    }

    /** Horizontal grid lines and their labels every {@code yStep} up to {@code yTop}. */
    private static void yGrid(StringBuilder svg, double yStep, double yTop) {
        for (double v = 0; v <= yTop + 1e-9; v += yStep) {
            double y = plotY(v, yTop);
            svg.append(line(LEFT, y, WIDTH - RIGHT, y, "#e5e7eb"));
            svg.append(text(LEFT - 6, y + 4, number(v), "end", 11, "#374151"));
        }
    }

    /** One bar from {@code y} down to the x axis; {@code title} is its tooltip. */
    private static void bar(StringBuilder svg, double x, double y, double barWidth, String fill, String title) {
        svg.append("<rect x=\"").append(fmt(x + 1)).append("\" y=\"").append(fmt(y)).append("\" width=\"")
                .append(fmt(barWidth - 2)).append("\" height=\"").append(fmt(HEIGHT - BOTTOM - y)).append("\" fill=\"")
                .append(fill).append("\"><title>").append(escape(title)).append("</title></rect>\n");
    }

    private static StringBuilder open(String title, int width, int height) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" role=\"img\" aria-label=\"").append(escape(title)).append("\">\n");
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.append(text(12, 22, title, "start", 14, "#111827").replace("<text ", "<text font-weight=\"bold\" "));
        return svg;
    }

    private static void axes(StringBuilder svg, String xLabel, String yLabel) {
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#6b7280"));
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#6b7280"));
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, xLabel, "middle", 12, "#374151"));
        svg.append("<text x=\"16\" y=\"").append((TOP + HEIGHT - BOTTOM) / 2).append("\" font-size=\"12\" fill=\"#374151\" "
                + "text-anchor=\"middle\" transform=\"rotate(-90 16 ").append((TOP + HEIGHT - BOTTOM) / 2).append(")\">")
                .append(escape(yLabel)).append("</text>\n");
    }

    private static double plotX(double v, double top) {
        return LEFT + v / top * (WIDTH - LEFT - RIGHT);
    }

    private static double plotY(double v, double top) {
        return HEIGHT - BOTTOM - v / top * (HEIGHT - TOP - BOTTOM);
    }

    /** 1, 2 or 5 times a power of ten, giving about five steps up to {@code max}. */
    static double niceStep(double max) {
        return nice(max / 5);
    }

    /** The smallest of 1, 2, 5 or 10 times a power of ten that is at least {@code raw}. */
    static double nice(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / power;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + color + "\" stroke-width=\"1\"/>\n";
    }

    private static String text(double x, double y, String text, String anchor, int size, String color) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" font-size=\"" + size + "\" fill=\"" + color
                + "\" text-anchor=\"" + anchor + "\">" + escape(text) + "</text>\n";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%,.1f", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Text for XML and HTML: the five characters that could end or start markup. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
