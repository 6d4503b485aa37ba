package dev.dmapworkbook.graph;

import java.util.Map;
import java.util.Objects;

/**
 * A state machine's graph, as the console and the labs' notebooks draw it: states as boxes, transitions as
 * arrows (Choice rules and Catch errors as labels), Parallel branches and Map item processors as nested boxes, a
 * Distributed Map annotated with its ItemReader, ItemBatcher, MaxConcurrency, tolerances and ResultWriter.
 */
public final class StateGraph {
    private StateGraph() {
    }

    /** The ASL definition (JSON text) laid out and drawn as a standalone SVG document. */
    public static String svg(String aslDefinitionJson) {
        return SvgWriter.write(Layout.of(AslReader.read(aslDefinitionJson)), null);
    }

    /**
     * Same, each state coloured by its status (state name -> status; states not in the map are NOT_REACHED), with
     * a legend. States nested in Parallel branches and Map item processors are keyed by their own names.
     */
    public static String svg(String aslDefinitionJson, Map<String, StateStatus> statusByStateName) {
        Objects.requireNonNull(statusByStateName, "statusByStateName");
        return SvgWriter.write(Layout.of(AslReader.read(aslDefinitionJson)), statusByStateName);
    }
}
