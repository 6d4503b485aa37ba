package dev.dmapworkbook.localcloud.lambda;

import dev.dmapworkbook.localcloud.core.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.s3.S3Objects;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Lambda's control plane: functions, their published versions, code and settings, validated as Lambda validates
 * them and kept on disk under {@code <dataDir>/lambda/functions/<region>/<name>.json} (written atomically). A member
 * the local cloud does not implement is refused by name, never ignored. Knows nothing of HTTP.
 */
final class Functions {
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /** A function: its $LATEST, its published versions and function-level settings. */
    static final class Function {
        FunctionConfig latest;
        final TreeMap<Integer, FunctionConfig> versions = new TreeMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        Integer reservedConcurrency;
        int lastVersion;
    }

    private final Path root;
    private final CodeStore code;
    private final Supplier<S3Objects> s3;
    private final Map<String, Function> functions = new TreeMap<>();

    Functions(Path root, CodeStore code, Supplier<S3Objects> s3) {
        this.root = root;
        this.code = code;
        this.s3 = s3;
        load();
    }

    private static String key(String region, String name) {
        return region + "|" + name;
    }

    // ---- queries ----

    synchronized Function function(FunctionRef ref) {
        Function f = functions.get(key(ref.region(), ref.name()));
        if (f == null) {
            throw LambdaError.functionNotFound(ref.arn());
        }
        return f;
    }

    /** The configuration a (possibly qualified) name refers to. */
    synchronized FunctionConfig config(FunctionRef ref) {
        Function f = function(ref);
        String q = ref.version();
        if (q.equals("$LATEST")) {
            return f.latest;
        }
        try {
            FunctionConfig v = f.versions.get(Integer.parseInt(q));
            if (v != null) {
                return v;
            }
        } catch (NumberFormatException e) {
            // an alias name: the local cloud has no aliases, so it does not exist
        }
        throw LambdaError.functionNotFound(ref.arn());
    }

    synchronized List<FunctionConfig> list(String region) {
        return functions.values().stream().filter(f -> f.latest.region().equals(region)).map(f -> f.latest).toList();
    }

    synchronized List<FunctionConfig> versions(FunctionRef ref) {
        Function f = function(ref);
        List<FunctionConfig> all = new ArrayList<>();
        all.add(f.latest);
        all.addAll(f.versions.values());
        return all;
    }

    synchronized Integer reservedConcurrency(FunctionRef ref) {
        return function(ref).reservedConcurrency;
    }

    synchronized Map<String, String> tags(FunctionRef ref) {
        return Map.copyOf(function(ref).tags);
    }

    byte[] zip(String hex) {
        return code.zip(hex);
    }

    // ---- changes ----

    synchronized FunctionConfig create(String region, JsonNode in) {
        FunctionFields.allow(in, "CreateFunction", "FunctionName", "Runtime", "Role", "Handler", "Code", "Description", "Timeout",
                "MemorySize", "Publish", "Environment", "PackageType", "Architectures", "EphemeralStorage", "TracingConfig",
                "Tags", "LoggingConfig", "Layers", "VpcConfig", "DeadLetterConfig", "SnapStart", "KMSKeyArn");
        FunctionRef ref = FunctionRef.parse(in.path("FunctionName").asText(null), null, region);
        if (ref.qualifier() != null) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Unsupported: a version or alias in FunctionName '"
                    + in.path("FunctionName").asText(null) + "' for CreateFunction");
        }
        if (functions.containsKey(key(region, ref.name()))) {
            throw LambdaError.RESOURCE_CONFLICT.exception("Function already exist: " + ref.name());
        }
        String packageType = in.path("PackageType").asText("Zip");
        if (!packageType.equals("Zip")) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud runs only Zip packages, not PackageType '" + packageType + "'");
        }
        if (!in.hasNonNull("Code")) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be null");
        }
        String runtime = FunctionFields.runtime(in);
        String handler = in.path("Handler").asText(null);
        if (handler == null || handler.isEmpty()) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Handler and Runtime are required for a function of PackageType Zip.");
        }
        FunctionFields.unsupportedUnlessEmpty(in);
        CodeStore.Code stored = code(in.get("Code"), "CreateFunction");
        FunctionConfig config = new FunctionConfig(region, ref.name(), "$LATEST", runtime, FunctionFields.role(in), FunctionFields.handler(handler),
                in.path("Description").asText(""), FunctionFields.range(in, "Timeout", 3, 1, 900), FunctionFields.range(in, "MemorySize", 128, 128, 10240),
                FunctionFields.environment(in), stored.sha256(), stored.size(), now(), UUID.randomUUID().toString(), FunctionFields.architectures(in),
                FunctionFields.ephemeralStorage(in, 512), FunctionFields.tracing(in, "PassThrough"), FunctionFields.logGroup(in, "/aws/lambda/" + ref.name()));
        Function f = new Function();
        f.latest = config;
        in.path("Tags").fields().forEachRemaining(e -> f.tags.put(e.getKey(), e.getValue().asText()));
        functions.put(key(region, ref.name()), f);
        if (in.path("Publish").asBoolean(false)) {
            publish(f, config.description());
        }
        save(f);
        return config;
    }

    synchronized FunctionConfig updateCode(FunctionRef ref, JsonNode in) {
        FunctionFields.allow(in, "UpdateFunctionCode", "FunctionName", "ZipFile", "S3Bucket", "S3Key", "S3ObjectVersion", "ImageUri",
                "Publish", "DryRun", "RevisionId", "Architectures");
        Function f = function(unqualified(ref, "UpdateFunctionCode"));
        revision(f, in);
        CodeStore.Code stored = code(in, "UpdateFunctionCode");
        FunctionConfig old = f.latest;
        FunctionConfig updated = new FunctionConfig(old.region(), old.name(), "$LATEST", old.runtime(), old.role(), old.handler(),
                old.description(), old.timeout(), old.memorySize(), old.environment(), stored.sha256(), stored.size(), now(),
                UUID.randomUUID().toString(), in.has("Architectures") ? FunctionFields.architectures(in) : old.architectures(),
                old.ephemeralStorage(), old.tracingMode(), old.logGroup());
        if (in.path("DryRun").asBoolean(false)) {
            return updated;
        }
        f.latest = updated;
        if (in.path("Publish").asBoolean(false)) {
            publish(f, updated.description());
        }
        save(f);
        return updated;
    }

    synchronized FunctionConfig updateConfiguration(FunctionRef ref, JsonNode in) {
        FunctionFields.allow(in, "UpdateFunctionConfiguration", "FunctionName", "Role", "Handler", "Description", "Timeout", "MemorySize",
                "Environment", "Runtime", "TracingConfig", "RevisionId", "EphemeralStorage", "LoggingConfig", "Layers",
                "VpcConfig", "DeadLetterConfig", "SnapStart", "KMSKeyArn");
        Function f = function(unqualified(ref, "UpdateFunctionConfiguration"));
        revision(f, in);
        FunctionConfig old = f.latest;
        FunctionFields.unsupportedUnlessEmpty(in);
        FunctionConfig updated = new FunctionConfig(old.region(), old.name(), "$LATEST",
                in.has("Runtime") ? FunctionFields.runtime(in) : old.runtime(),
                in.has("Role") ? FunctionFields.role(in) : old.role(),
                in.has("Handler") ? FunctionFields.handler(in.path("Handler").asText()) : old.handler(),
                in.has("Description") ? in.path("Description").asText("") : old.description(),
                in.has("Timeout") ? FunctionFields.range(in, "Timeout", 3, 1, 900) : old.timeout(),
                in.has("MemorySize") ? FunctionFields.range(in, "MemorySize", 128, 128, 10240) : old.memorySize(),
                in.has("Environment") ? FunctionFields.environment(in) : old.environment(),
                old.codeSha256(), old.codeSize(), now(), UUID.randomUUID().toString(), old.architectures(),
                in.has("EphemeralStorage") ? FunctionFields.ephemeralStorage(in, old.ephemeralStorage()) : old.ephemeralStorage(),
                in.has("TracingConfig") ? FunctionFields.tracing(in, old.tracingMode()) : old.tracingMode(),
                in.has("LoggingConfig") ? FunctionFields.logGroup(in, old.logGroup()) : old.logGroup());
        f.latest = updated;
        save(f);
        return updated;
    }

    /** Deletes the function, or one published version when qualified. */
    synchronized void delete(FunctionRef ref) {
        Function f = function(ref);
        if (ref.qualifier() == null) {
            functions.remove(key(ref.region(), ref.name()));
            try {
                Files.deleteIfExists(file(ref.region(), ref.name()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        if (ref.qualifier().equals("$LATEST")) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("$LATEST version cannot be deleted without deleting the function.");
        }
        config(ref);
        f.versions.remove(Integer.parseInt(ref.qualifier()));
        save(f);
    }

    synchronized FunctionConfig publish(FunctionRef ref, JsonNode in) {
        FunctionFields.allow(in, "PublishVersion", "FunctionName", "CodeSha256", "Description", "RevisionId");
        Function f = function(unqualified(ref, "PublishVersion"));
        revision(f, in);
        if (in.has("CodeSha256") && !in.path("CodeSha256").asText().equals(f.latest.codeSha256())) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("CodeSHA256 (" + in.path("CodeSha256").asText()
                    + ") is different from current CodeSHA256 in $LATEST (" + f.latest.codeSha256() + "). Please try again with the CodeSHA256 in $LATEST.");
        }
        FunctionConfig published = publish(f, in.has("Description") ? in.path("Description").asText() : f.latest.description());
        save(f);
        return published;
    }

    synchronized void reservedConcurrency(FunctionRef ref, Integer value) {
        Function f = function(unqualified(ref, "PutFunctionConcurrency"));
        if (value != null && (value < 0 || value > 1000)) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [0].");
        }
        f.reservedConcurrency = value;
        save(f);
    }

    private FunctionConfig publish(Function f, String description) {
        FunctionConfig last = f.versions.isEmpty() ? null : f.versions.lastEntry().getValue();
        FunctionConfig l = f.latest;
        if (last != null && last.codeSha256().equals(l.codeSha256()) && sameSettings(last, l)) {
            return last; // Lambda does not publish a version identical to the last one
        }
        f.lastVersion++;
        FunctionConfig v = new FunctionConfig(l.region(), l.name(), String.valueOf(f.lastVersion), l.runtime(), l.role(),
                l.handler(), description, l.timeout(), l.memorySize(), l.environment(), l.codeSha256(), l.codeSize(),
                now(), UUID.randomUUID().toString(), l.architectures(), l.ephemeralStorage(), l.tracingMode(), l.logGroup());
        f.versions.put(f.lastVersion, v);
        return v;
    }

    private static boolean sameSettings(FunctionConfig a, FunctionConfig b) {
        return a.runtime().equals(b.runtime()) && a.role().equals(b.role()) && a.handler().equals(b.handler())
                && a.timeout() == b.timeout() && a.memorySize() == b.memorySize() && a.environment().equals(b.environment());
    }

    // ---- validation ----

    private static FunctionRef unqualified(FunctionRef ref, String operation) {
        if (ref.qualifier() != null && !ref.qualifier().equals("$LATEST")) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception(operation + " applies to $LATEST only; '" + ref.arn() + "' names a version");
        }
        return new FunctionRef(ref.region(), ref.name(), null);
    }

    private static void revision(Function f, JsonNode in) {
        if (in.has("RevisionId") && !in.path("RevisionId").asText().equals(f.latest.revisionId())) {
            throw LambdaError.PRECONDITION_FAILED.exception("The Revision Id provided does not match the latest Revision Id. "
                    + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    /** The deployment package from {@code ZipFile} (base64) or {@code S3Bucket}/{@code S3Key}. */
    private CodeStore.Code code(JsonNode c, String operation) {
        for (String field : List.of("ImageUri", "S3ObjectVersion", "SourceKMSKeyArn")) {
            if (c.hasNonNull(field) && !c.get(field).asText().isEmpty()) {
                throw LambdaError.INVALID_PARAMETER_VALUE.exception("The local cloud does not implement the member '" + field + "' of " + operation);
            }
        }
        boolean zip = c.hasNonNull("ZipFile");
        boolean fromS3 = c.hasNonNull("S3Bucket") || c.hasNonNull("S3Key");
        if (zip == fromS3) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Please provide a source for function code.");
        }
        byte[] bytes;
        if (zip) {
            try {
                bytes = Base64.getDecoder().decode(c.get("ZipFile").asText());
            } catch (IllegalArgumentException e) {
                throw LambdaError.INVALID_PARAMETER_VALUE.exception("Could not decode ZipFile: not base64");
            }
        } else {
            bytes = fromS3(c.path("S3Bucket").asText(null), c.path("S3Key").asText(null));
        }
        return code.put(bytes);
    }

    private byte[] fromS3(String bucket, String key) {
        if (bucket == null || key == null) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Please provide a source for function code.");
        }
        S3Objects objects = s3.get();
        if (objects == null) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Error occurred while GetObject. S3 is not running in this local cloud.");
        }
        try (InputStream in = objects.getObject(bucket, key)) {
            return in.readAllBytes();
        } catch (ServiceException e) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Error occurred while GetObject. S3 Error Code: " + e.code()
                    + ". S3 Error Message: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(LAST_MODIFIED);
    }

    // ---- disk ----

    private Path file(String region, String name) {
        return root.resolve(region).resolve(name + ".json");
    }

    private void save(Function f) {
        ArrayNode versions = Json.MAPPER.createArrayNode();
        f.versions.values().forEach(v -> versions.add(v.toJson()));
        ObjectNode node = Json.object("Latest", f.latest.toJson(), "Versions", versions, "Tags", f.tags,
                "ReservedConcurrentExecutions", f.reservedConcurrency, "LastVersion", f.lastVersion);
        AtomicFiles.write(file(f.latest.region(), f.latest.name()), Json.writeBytes(node));
    }

    private void load() {
        try {
            Files.createDirectories(root);
            try (DirectoryStream<Path> regions = Files.newDirectoryStream(root, Files::isDirectory)) {
                for (Path region : regions) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(region, "*.json")) {
                        for (Path file : files) {
                            JsonNode node = Json.parse(Files.readAllBytes(file));
                            Function f = new Function();
                            f.latest = FunctionConfig.fromJson(node.get("Latest"));
                            node.path("Versions").forEach(v -> {
                                FunctionConfig c = FunctionConfig.fromJson(v);
                                f.versions.put(Integer.parseInt(c.version()), c);
                            });
                            node.path("Tags").fields().forEachRemaining(e -> f.tags.put(e.getKey(), e.getValue().asText()));
                            if (node.hasNonNull("ReservedConcurrentExecutions")) {
                                f.reservedConcurrency = node.get("ReservedConcurrentExecutions").asInt();
                            }
                            f.lastVersion = node.path("LastVersion").asInt();
                            functions.put(key(f.latest.region(), f.latest.name()), f);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lambda functions under " + root, e);
        }
    }
}
