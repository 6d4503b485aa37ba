package dev.dmapworkbook.graph;

import dev.dmapworkbook.graph.Chart.Edge;
import dev.dmapworkbook.graph.Chart.Node;
import dev.dmapworkbook.graph.Chart.Scope;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.ContentAlignment;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Builds the ELK graph of a {@link Chart} and lays it out with ELK's layered (Sugiyama) algorithm, top to bottom,
 * nested scopes laid out together with their parents (hierarchy handling INCLUDE_CHILDREN) and edges routed
 * orthogonally. Sizes come from {@link Text}'s estimate. The result keeps, for every ELK element, what it draws.
 */
final class Layout {
    static final double NODE_HEIGHT = 42;
    static final double MIN_NODE_WIDTH = 150;
    static final double MARKER_WIDTH = 64;
    static final double MARKER_HEIGHT = 26;
    static final double SCOPE_TITLE = 24;
    static final int NOTE_COLUMNS = 80;
    static final int LABEL_COLUMNS = 44;

    /** What an ELK node draws: a state (with its header lines), a nested scope, or the Start/End marker. */
    sealed interface Shape permits StateShape, ScopeShape, MarkerShape {
    }

    record StateShape(Node node, List<String> header) implements Shape {
    }

    record ScopeShape(Scope scope) implements Shape {
    }

    record MarkerShape(boolean start) implements Shape {
    }

    final ElkNode root = ElkGraphUtil.createGraph();
    final Map<ElkNode, Shape> shapes = new IdentityHashMap<>();
    final Map<ElkEdge, Edge> edges = new IdentityHashMap<>();

    private Layout() {
    }

    static Layout of(Scope top) {
        Layout layout = new Layout();
        ElkNode root = layout.root;
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(16));
        layout.fill(root, top);
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        return layout;
    }

    /** Adds the states of {@code scope} to {@code parent}, and the arrows between them. */
    private void fill(ElkNode parent, Scope scope) {
        options(parent);
        Map<String, ElkNode> byName = new HashMap<>();
        ElkNode start = null;
        ElkNode end = null;
        for (Node node : scope.states()) {
            byName.put(node.name(), node.compound() ? compound(parent, node) : leaf(parent, node));
        }
        for (Edge edge : scope.edges()) {
            if (edge.from() == null && start == null) {
                start = marker(parent, true);
            }
            if (edge.to() == null && end == null) {
                end = marker(parent, false);
            }
            ElkNode source = edge.from() == null ? start : byName.get(edge.from());
            ElkNode target = edge.to() == null ? end : byName.get(edge.to());
            ElkEdge e = ElkGraphUtil.createEdge(parent);
            e.getSources().add(source);
            e.getTargets().add(target);
            if (edge.label() != null) {
                String text = Text.cut(edge.label(), LABEL_COLUMNS);
                ElkLabel label = ElkGraphUtil.createLabel(text, e);
                label.setDimensions(Text.width(text, Text.SMALL) + 6, Text.LINE);
                label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            }
            edges.put(e, edge);
        }
    }

    private static void options(ElkNode parent) {
        parent.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        parent.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        parent.setProperty(CoreOptions.SPACING_NODE_NODE, 28.0);
        parent.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 36.0);
        parent.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
        parent.setProperty(CoreOptions.SPACING_EDGE_LABEL, 4.0);
    }

    private ElkNode leaf(ElkNode parent, Node node) {
        ElkNode n = ElkGraphUtil.createNode(parent);
        double width = Math.max(Text.width(node.name(), Text.FONT + 1), Text.width(node.subtitle(), Text.SMALL)) + 28;
        n.setDimensions(Math.max(MIN_NODE_WIDTH, width), NODE_HEIGHT);
        shapes.put(n, new StateShape(node, List.of()));
        return n;
    }

    /** A Parallel or Map: a box whose header prints the name, the type and the notes, above one box per scope. */
    private ElkNode compound(ElkNode parent, Node node) {
        ElkNode n = ElkGraphUtil.createNode(parent);
        List<String> header = new ArrayList<>();
        node.notes().forEach(note -> header.addAll(Text.wrap(note, NOTE_COLUMNS)));
        double width = Math.max(Text.width(node.name(), Text.FONT + 1), Text.width(node.subtitle(), Text.SMALL));
        for (String line : header) {
            width = Math.max(width, Text.width(line, Text.SMALL));
        }
        double top = 12 + 2 * Text.LINE + header.size() * (Text.LINE - 1) + 8;
        n.setProperty(CoreOptions.PADDING, new ElkPadding(top, 14, 14, 14));
        n.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(SizeConstraint.MINIMUM_SIZE));
        n.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new KVector(width + 28, top + 40));
        n.setProperty(CoreOptions.CONTENT_ALIGNMENT, EnumSet.of(ContentAlignment.H_CENTER, ContentAlignment.V_TOP));
        shapes.put(n, new StateShape(node, header));
        options(n);
        // Branches side by side in one layer, as the console draws them, not packed as separate components.
        n.setProperty(LayeredOptions.SEPARATE_CONNECTED_COMPONENTS, false);
        for (Scope scope : node.scopes()) {
            ElkNode box = ElkGraphUtil.createNode(n);
            box.setProperty(CoreOptions.PADDING, new ElkPadding(SCOPE_TITLE + 6, 12, 12, 12));
            box.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(SizeConstraint.MINIMUM_SIZE));
            box.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new KVector(Text.width(scope.title(), Text.SMALL) + 24, 60));
            shapes.put(box, new ScopeShape(scope));
            fill(box, scope);
        }
        return n;
    }

    private ElkNode marker(ElkNode parent, boolean start) {
        ElkNode n = ElkGraphUtil.createNode(parent);
        n.setDimensions(MARKER_WIDTH, MARKER_HEIGHT);
        shapes.put(n, new MarkerShape(start));
        return n;
    }
}
