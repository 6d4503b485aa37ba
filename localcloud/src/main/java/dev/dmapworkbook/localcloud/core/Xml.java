package dev.dmapworkbook.localcloud.core;

import java.util.ArrayDeque;
import java.util.Deque;

/** A small streaming XML writer for REST-XML and Query responses; escapes text, checks nesting. */
public final class Xml {
    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens an element; the first element may carry the service's namespace via {@link #open(String, String)}. */
    public Xml open(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    public Xml open(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"").append(escape(xmlns)).append("\">");
        open.push(name);
        return this;
    }

    public Xml close(String name) {
        String expected = open.pop();
        if (!expected.equals(name)) {
            throw new IllegalStateException("closing <" + name + "> while <" + expected + "> is open");
        }
        out.append("</").append(name).append('>');
        return this;
    }

    /** Writes {@code <name>text</name>}; a null value writes nothing (the field is absent). */
    public Xml element(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
        }
        return this;
    }

    public static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\r' -> b.append("&#13;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements " + open);
        }
        return out.toString();
    }
}
