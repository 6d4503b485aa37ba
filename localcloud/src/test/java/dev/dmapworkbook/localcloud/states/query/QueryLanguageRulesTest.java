package dev.dmapworkbook.localcloud.states.query;

import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.states.asl.DefinitionException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueryLanguageRulesTest {
    private static List<String> check(String state, boolean jsonata) {
        List<DefinitionException.Problem> problems = new ArrayList<>();
        QueryLanguageRules.check(Json.parse(state), "/States/X", jsonata, problems);
        return problems.stream().map(DefinitionException.Problem::render).toList();
    }

    @Test
    void jsonPathFieldsInAJsonataStateAreRefusedAtTheState() {
        assertEquals(List.of("SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'InputPath' is only "
                + "supported for the 'JSONPath' QueryLanguage at /States/X"), check("{\"Type\":\"Pass\",\"InputPath\":\"$.a\"}", true));
        assertEquals(List.of("SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only "
                + "supported for the 'JSONPath' QueryLanguage at /States/X/Catch/0"),
                check("{\"Type\":\"Task\",\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Y\",\"ResultPath\":\"$.e\"}]}", true));
        assertEquals(1, check("{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.a\",\"IsPresent\":true,\"Next\":\"Y\"}]}", true).size() - 1);
        assertEquals(List.of(), check("{\"Type\":\"Pass\",\"Output\":1,\"Assign\":{\"x\":1}}", true));
    }

    @Test
    void jsonataFieldsInAJsonPathStateAreRefused() {
        assertEquals(List.of("SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is only "
                + "supported for the 'JSONata' QueryLanguage at /States/X"), check("{\"Type\":\"Pass\",\"Output\":1}", false));
        assertEquals(List.of(), check("{\"Type\":\"Pass\",\"Parameters\":{},\"Assign\":{\"x\":1}}", false));
    }

    @Test
    void innerScopesCannotAssignOuterNamesButDistributedChildrenMay() {
        String def = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Assign\":{\"x\":1},\"Next\":\"P\"},"
                + "\"P\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Pass\",\"Assign\":{\"x.$\":\"$\",\"y\":2},\"End\":true}}}],\"Next\":\"M\"},"
                + "\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\"},\"StartAt\":\"C\","
                + "\"States\":{\"C\":{\"Type\":\"Pass\",\"Assign\":{\"x\":3},\"End\":true}}},\"End\":true}}}";
        List<DefinitionException.Problem> problems = new ArrayList<>();
        VariableScopes.check(Json.parse(def), "/", problems);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("/States/P/Branches/0/States/B/Assign/x.$", problems.get(0).location());
    }

    @Test
    void assignedNamesMustBeValid() {
        List<DefinitionException.Problem> problems = new ArrayList<>();
        VariableScopes.check(Json.parse("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Assign\":{\"a-b\":1,\"states\":2},\"End\":true}}}"),
                "/", problems);
        assertEquals(List.of("/States/A/Assign/a-b", "/States/A/Assign/states"),
                problems.stream().map(DefinitionException.Problem::location).toList());
    }
}
