package dev.dmapworkbook.localcloud.cloudformation;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an {@code Fn::Sub} string: literal text and {@code ${Name}} / {@code ${Resource.Attribute}}
 * variables; {@code ${!Literal}} is the literal {@code ${Literal}} (AWS, "Fn::Sub").
 */
record SubString(List<Part> parts) {
    record Part(String literal, String variable) {
    }

    static SubString parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                literal.append(text, i, text.length());
                break;
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, start);
            String inside = text.substring(start + 2, end);
            if (inside.startsWith("!")) {
                literal.append("${").append(inside.substring(1)).append('}');
            } else {
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), null));
                    literal.setLength(0);
                }
                parts.add(new Part(null, inside.strip()));
            }
            i = end + 1;
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), null));
        }
        return new SubString(List.copyOf(parts));
    }

    List<String> variables() {
        return parts.stream().filter(p -> p.variable() != null).map(Part::variable).toList();
    }
}
