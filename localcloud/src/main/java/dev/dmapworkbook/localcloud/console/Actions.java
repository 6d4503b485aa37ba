package dev.dmapworkbook.localcloud.console;

import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import java.util.Map;

/** The console's two actions, as on AWS's: Start execution and Stop execution. Both answer with the page to show. */
final class Actions {
    private Actions() {
    }

    /** StartExecution with the form's optional name and its input, which must be JSON (checked before sending). */
    static String start(Backends backends, String stateMachineArn, Map<String, String> form) {
        String input = form.getOrDefault("input", "").isBlank() ? "{}" : form.get("input");
        try {
            Json.parse(input);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(400, "InvalidExecutionInput", "The input is not valid JSON: " + e.getMessage());
        }
        String name = form.getOrDefault("name", "").isBlank() ? null : form.get("name").trim();
        String arn = backends.states("StartExecution", "stateMachineArn", stateMachineArn, "name", name, "input", input)
                .path("executionArn").asText();
        return Html.href("executions", arn);
    }

    static String stop(Backends backends, String executionArn) {
        backends.states("StopExecution", "executionArn", executionArn);
        return Html.href("executions", executionArn);
    }
}
