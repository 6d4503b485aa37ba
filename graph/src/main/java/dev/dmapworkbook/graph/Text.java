package dev.dmapworkbook.graph;

import java.util.ArrayList;
import java.util.List;

/** XML escaping and the text measure the layout sizes boxes with (no font is loaded: an estimate per character). */
final class Text {
    static final double FONT = 12;
    static final double SMALL = 11;
    static final double LINE = 16;

    private Text() {
    }

    /** Escapes text for XML content and attribute values (both quotes too). */
    static String xml(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // XML 1.0 forbids most control characters even escaped: show them as a replacement character.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The width of {@code s} at {@code size} px in a sans-serif font, a little generous so text never overflows. */
    static double width(String s, double size) {
        double em = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("il.,:;|!'()[]{}1ftjI ".indexOf(c) >= 0) {
                em += 0.38;
            } else if ("mwMW@%".indexOf(c) >= 0) {
                em += 0.9;
            } else if (Character.isUpperCase(c)) {
                em += 0.7;
            } else {
                em += 0.58;
            }
        }
        return em * size;
    }

    /** Cuts {@code s} to at most {@code max} characters, ending with an ellipsis when cut. */
    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    /** Breaks {@code s} into lines of at most {@code max} characters, at spaces where it can. */
    static List<String> wrap(String s, int max) {
        List<String> lines = new ArrayList<>();
        String rest = s;
        while (rest.length() > max) {
            int cut = rest.lastIndexOf(' ', max);
            if (cut <= max / 3) {
                cut = max;
            }
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = "  " + rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }
}
