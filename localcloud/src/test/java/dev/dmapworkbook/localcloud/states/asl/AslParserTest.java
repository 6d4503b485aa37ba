package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Distributed Map seam of the parser: what the registered support sees and what the engine checks itself. */
class AslParserTest {
    static final class RecordingSupport implements DistributedMapSupport {
        final List<String> pointers = new ArrayList<>();

        @Override
        public Object parse(JsonNode mapState, String pointer) {
            pointers.add(pointer);
            return "parsed " + mapState.path("Label").asText("");
        }

        @Override
        public CompletableFuture<JsonNode> run(DistributedMapRun run) {
            return CompletableFuture.failedFuture(new StatesFailure("Test", "not run here"));
        }
    }

    static String distributed(String name, String label, String inner) {
        return "\"" + name + "\": {\"Type\": \"Map\", \"Label\": \"" + label + "\", \"ItemReader\": {\"Resource\": \"x\"},"
                + "\"ItemProcessor\": {\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"},"
                + "\"StartAt\": \"" + (inner == null ? "P" : "Inner") + "\", \"States\": {"
                + (inner == null ? "\"P\": {\"Type\": \"Pass\", \"End\": true}" : inner) + "}}, \"End\": true}";
    }

    @Test
    void handsDistributedMapsToTheSupportWithTheirPointers() {
        RecordingSupport support = new RecordingSupport();
        StateMachine m = new AslParser(support).parse("{\"StartAt\": \"Outer\", \"States\": {"
                + distributed("Outer", "outer", distributed("Inner", "inner", null)) + "}}", false);
        assertEquals(List.of("/States/Outer/ItemProcessor/States/Inner", "/States/Outer"), support.pointers);
        State.Map outer = assertInstanceOf(State.Map.class, m.state("Outer"));
        assertEquals(State.Mode.DISTRIBUTED, outer.mode());
        assertEquals("parsed outer", outer.distributed());
        assertEquals(State.Mode.DISTRIBUTED, ((State.Map) outer.processor().state("Inner")).mode());
    }

    @Test
    void refusesALabelUsedTwiceInOneDefinition() {
        var e = assertThrows(DefinitionException.class, () -> new AslParser(new RecordingSupport()).parse("{\"StartAt\": \"Outer\", \"States\": {"
                + distributed("Outer", "same", distributed("Inner", "same", null)) + "}}", false));
        assertTrue(e.getMessage().contains("The Label 'same' is already used") && e.getMessage().contains("at /States/Outer/Label"), e.getMessage());
    }

    @Test
    void refusesDistributedMapsInExpressMachines() {
        var e = assertThrows(DefinitionException.class, () -> new AslParser(new RecordingSupport()).parse("{\"StartAt\": \"M\", \"States\": {"
                + distributed("M", "m", null) + "}}", true));
        assertTrue(e.getMessage().contains("not supported in an EXPRESS state machine"), e.getMessage());
    }
}
