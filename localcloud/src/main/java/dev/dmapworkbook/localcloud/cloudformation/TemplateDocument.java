package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A template as read from YAML or JSON: the tree (short-form tags already turned into their long form,
 * {@code !Ref X} → {@code {"Ref": "X"}}) and, for YAML, the line of each node by JSON pointer, so errors
 * can say where.
 */
record TemplateDocument(JsonNode root, Map<String, Integer> lines) {
    /** {@code " (line 12)"} for a pointer (or its nearest ancestor) whose line is known, else {@code ""}. */
    String where(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return " (line " + line + ")";
            }
            int slash = p.lastIndexOf('/');
            if (slash <= 0) {
                return "";
            }
            p = p.substring(0, slash);
        }
    }
}
