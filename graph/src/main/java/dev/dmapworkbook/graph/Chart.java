package dev.dmapworkbook.graph;

import java.util.List;

/** What the picture shows, before layout: states in scopes, and the transitions between them. */
final class Chart {
    private Chart() {
    }

    /** The kinds of arrow, each drawn in its own way. */
    enum EdgeKind { START, NEXT, CHOICE, DEFAULT, CATCH, END }

    /**
     * One state. {@code subtitle} is its type (and resource, for a Task); {@code notes} are the lines a
     * compound state prints above its nested boxes (a Distributed Map's ItemReader, ItemBatcher, ...).
     */
    record Node(String name, String type, String subtitle, List<String> notes, List<Scope> scopes) {
        boolean compound() {
            return !scopes.isEmpty();
        }
    }

    /** A state machine, a Parallel branch or a Map's item processor: its states and its arrows. */
    record Scope(String title, List<Node> states, List<Edge> edges, boolean topLevel) {
    }

    /** An arrow from one state to another of the same scope; {@code null} names the Start or End marker. */
    record Edge(String from, String to, EdgeKind kind, String label) {
    }
}
