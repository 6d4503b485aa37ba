package dev.dmapworkbook.localcloud.states.asl;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Distributed Map part of the parser: the typed part a DISTRIBUTED Map carries and what the parser checks itself. */
class AslParserTest {
    static String distributed(String name, String label, String inner) {
        return "\"" + name + "\": {\"Type\": \"Map\", \"Label\": \"" + label + "\","
                + "\"ItemProcessor\": {\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"},"
                + "\"StartAt\": \"" + (inner == null ? "P" : "Inner") + "\", \"States\": {"
                + (inner == null ? "\"P\": {\"Type\": \"Pass\", \"End\": true}" : inner) + "}}, \"End\": true}";
    }

    @Test
    void aDistributedMapCarriesItsDistributedPartWithItsPointer() {
        StateMachine m = new AslParser(true).parse("{\"StartAt\": \"Outer\", \"States\": {"
                + distributed("Outer", "outer", distributed("Inner", "inner", null)) + "}}", false);
        State.Map outer = assertInstanceOf(State.Map.class, m.state("Outer"));
        assertEquals(State.Mode.DISTRIBUTED, outer.mode());
        assertEquals("/States/Outer", outer.distributed().pointer());
        assertEquals(Optional.of("outer"), outer.distributed().label());
        State.Map inner = (State.Map) outer.processor().state("Inner");
        assertEquals(State.Mode.DISTRIBUTED, inner.mode());
        assertEquals("/States/Outer/ItemProcessor/States/Inner", inner.distributed().pointer());
    }

    @Test
    void anInlineMapHasNoDistributedPartAndADistributedOneIsRefusedWithoutSupport() {
        StateMachine m = new AslParser(false).parse("{\"StartAt\": \"M\", \"States\": {\"M\": {\"Type\": \"Map\","
                + "\"ItemProcessor\": {\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}, \"End\": true}}}", false);
        assertNull(((State.Map) m.state("M")).distributed());
        var e = assertThrows(DefinitionException.class, () -> new AslParser(false).parse("{\"StartAt\": \"M\", \"States\": {"
                + distributed("M", "m", null) + "}}", false));
        assertEquals("/States/M/ItemProcessor/ProcessorConfig/Mode", e.pointer());
    }

    @Test
    void refusesALabelUsedTwiceInOneDefinition() {
        var e = assertThrows(DefinitionException.class, () -> new AslParser(true).parse("{\"StartAt\": \"Outer\", \"States\": {"
                + distributed("Outer", "same", distributed("Inner", "same", null)) + "}}", false));
        assertTrue(e.getMessage().contains("The Label 'same' is already used") && e.getMessage().contains("at /States/Outer/Label"), e.getMessage());
    }

    @Test
    void refusesDistributedMapsInExpressMachines() {
        var e = assertThrows(DefinitionException.class, () -> new AslParser(true).parse("{\"StartAt\": \"M\", \"States\": {"
                + distributed("M", "m", null) + "}}", true));
        assertTrue(e.getMessage().contains("not supported in an EXPRESS state machine"), e.getMessage());
    }
}
