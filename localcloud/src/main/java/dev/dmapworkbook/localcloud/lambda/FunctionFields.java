package dev.dmapworkbook.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members of CreateFunction and UpdateFunctionConfiguration, checked as Lambda checks them (its messages, its
 * limits); a member the local cloud does not implement is refused by name, never ignored.
 */
final class FunctionFields {
    static final Set<String> RUNTIMES = Set.of("java17", "java21", "java25");
    private static final String ROLE_PATTERN = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
    /** "Defined runtime environment variables" that a function may not set. */
    private static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    private FunctionFields() {
    }

    static String runtime(JsonNode in) {
        String runtime = in.path("Runtime").asText(null);
        if (runtime == null || !RUNTIMES.contains(runtime)) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("The runtime parameter of " + runtime
                    + " is not supported by the local cloud, which runs Java functions only. Supported runtimes: "
                    + RUNTIMES.stream().sorted().toList());
        }
        return runtime;
    }

    static String role(JsonNode in) {
        String role = in.path("Role").asText(null);
        if (role == null || role.isEmpty()) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null");
        }
        if (!role.matches(ROLE_PATTERN)) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value '" + role
                    + "' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: " + ROLE_PATTERN);
        }
        return role;
    }

    static String handler(String handler) {
        if (handler.isEmpty() || handler.length() > 128 || !handler.matches("[^\\s]+")) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value '" + handler
                    + "' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+");
        }
        return handler;
    }

    static int range(JsonNode in, String field, int dflt, int min, int max) {
        if (!in.hasNonNull(field)) {
            return dflt;
        }
        int value = in.get(field).asInt();
        String member = Character.toLowerCase(field.charAt(0)) + field.substring(1);
        if (value < min) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return value;
    }

    static Map<String, String> environment(JsonNode in) {
        JsonNode env = in.path("Environment");
        env.fieldNames().forEachRemaining(field -> {
            if (!field.equals("Variables")) {
                throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement Environment." + field);
            }
        });
        Map<String, String> variables = new LinkedHashMap<>();
        env.path("Variables").fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
        List<String> reserved = variables.keySet().stream().filter(RESERVED::contains).toList();
        if (!reserved.isEmpty()) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Lambda was unable to configure your environment variables because "
                    + "the environment variables you have provided contains reserved keys that are currently not supported for "
                    + "modification. Reserved keys used in this request: " + String.join(", ", reserved));
        }
        int size = Json.write(env.path("Variables")).getBytes(StandardCharsets.UTF_8).length;
        if (size > 4096) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Lambda was unable to configure your environment variables because "
                    + "the environment variables you have provided exceeded the 4KB limit. String measured: " + Json.write(env.path("Variables")));
        }
        return java.util.Collections.unmodifiableMap(variables);
    }

    static List<String> architectures(JsonNode in) {
        if (!in.has("Architectures")) {
            return List.of("x86_64");
        }
        List<String> list = new ArrayList<>();
        in.get("Architectures").forEach(a -> list.add(a.asText()));
        if (list.size() != 1 || !(list.get(0).equals("x86_64") || list.get(0).equals("arm64"))) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value '" + list
                    + "' at 'architectures' failed to satisfy constraint: Member must have length 1 and satisfy enum value set: [x86_64, arm64]");
        }
        return List.copyOf(list);
    }

    static int ephemeralStorage(JsonNode in, int dflt) {
        return in.has("EphemeralStorage") ? range(in.get("EphemeralStorage"), "Size", dflt, 512, 10240) : dflt;
    }

    static String tracing(JsonNode in, String dflt) {
        String mode = in.path("TracingConfig").path("Mode").asText(dflt);
        if (!mode.equals("PassThrough") && !mode.equals("Active")) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value '" + mode
                    + "' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]");
        }
        return mode;
    }

    static String logGroup(JsonNode in, String dflt) {
        JsonNode logging = in.path("LoggingConfig");
        logging.fieldNames().forEachRemaining(field -> {
            if (!field.equals("LogGroup") && !field.equals("LogFormat")) {
                throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement LoggingConfig." + field);
            }
        });
        if (!logging.path("LogFormat").asText("Text").equals("Text")) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud writes Text logs only, not LogFormat '"
                    + logging.path("LogFormat").asText() + "'");
        }
        return logging.path("LogGroup").asText(dflt);
    }

    /** Members accepted only when they ask for nothing (CloudFormation sends some of them empty). */
    static void unsupportedUnlessEmpty(JsonNode in) {
        if (in.path("Layers").size() > 0) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement Lambda layers (Layers)");
        }
        if (in.path("VpcConfig").path("SubnetIds").size() > 0 || in.path("VpcConfig").path("SecurityGroupIds").size() > 0) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement VpcConfig");
        }
        if (in.path("DeadLetterConfig").hasNonNull("TargetArn") && !in.path("DeadLetterConfig").path("TargetArn").asText().isEmpty()) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement DeadLetterConfig");
        }
        if (!in.path("SnapStart").path("ApplyOn").asText("None").equals("None")) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement SnapStart");
        }
        if (!in.path("KMSKeyArn").asText("").isEmpty()) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement KMSKeyArn");
        }
    }

    static void allow(JsonNode in, String operation, String... fields) {
        Set<String> allowed = Set.of(fields);
        in.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement the member '" + field
                        + "' of " + operation);
            }
        });
    }
}
