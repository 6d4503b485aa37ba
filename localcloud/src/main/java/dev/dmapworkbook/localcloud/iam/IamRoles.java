package dev.dmapworkbook.localcloud.iam;

import dev.dmapworkbook.localcloud.core.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The IAM role store, shared by the IAM wire layer and CloudFormation ({@code AWS::IAM::Role}). Roles are
 * recorded, validated as IAM validates them, and persisted (one JSON file, replaced atomically on every
 * change); nothing is enforced. Every method throws {@link ServiceException} with IAM's error code
 * ({@code NoSuchEntity}, {@code EntityAlreadyExists}, {@code DeleteConflict}, {@code MalformedPolicyDocument},
 * {@code ValidationError}, {@code InvalidInput}). Thread-safe.
 */
public final class IamRoles {
    // Patterns and limits from the IAM API Reference (CreateRole, PutRolePolicy, AttachRolePolicy).
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]*/");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}|aws):policy/[\\x21-\\x7E]+");
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Role> roles = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    IamRoles(Path file) {
        this.file = file;
        load();
    }

    /**
     * Creates a role (IAM CreateRole). {@code path} null means {@code /}; {@code description} may be null;
     * {@code tags} may be empty. Returns the role with its ARN and id.
     */
    public Role createRole(String name, String path, String assumeRolePolicyDocument, String description,
                           Map<String, String> tags) {
        return createRole(name, path, assumeRolePolicyDocument, description, 3600, null, tags);
    }

    /** CreateRole with every parameter the local cloud records. */
    public synchronized Role createRole(String name, String path, String assumeRolePolicyDocument, String description,
                                       int maxSessionDuration, String permissionsBoundary, Map<String, String> tags) {
        checkName("roleName", name, 64);
        String rolePath = path == null ? "/" : path;
        if (rolePath.length() > 512 || !PATH.matcher(rolePath).matches()) {
            throw constraint("path", rolePath, "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
        }
        if (assumeRolePolicyDocument == null) {
            throw constraint("assumeRolePolicyDocument", null, "Member must not be null");
        }
        checkPolicy(assumeRolePolicyDocument, "This policy contains invalid Json");
        if (description != null && description.length() > 1000) {
            throw constraint("description", description, "Member must have length less than or equal to 1000");
        }
        if (maxSessionDuration < 3600 || maxSessionDuration > 43200) {
            throw constraint("maxSessionDuration", Integer.toString(maxSessionDuration),
                    "Member must have value between 3600 and 43200");
        }
        if (permissionsBoundary != null) {
            checkPolicyArn(permissionsBoundary);
        }
        if (tags.size() > 50) {
            throw IamError.LIMIT_EXCEEDED.exception("Cannot exceed quota for TagsPerRole: 50.");
        }
        if (roles.containsKey(name)) {
            throw IamError.ENTITY_ALREADY_EXISTS.exception("Role with name " + name + " already exists.");
        }
        Role role = new Role("arn:aws:iam::" + LocalCloudConfig.ACCOUNT_ID + ":role" + rolePath + name, newRoleId(),
                name, rolePath, assumeRolePolicyDocument, description, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                maxSessionDuration, permissionsBoundary, tags, Map.of(), List.of());
        commit(name, role);
        return role;
    }

    public synchronized Role getRole(String name) {
        checkName("roleName", name, 64);
        Role role = roles.get(name);
        if (role == null) {
            throw IamError.NO_SUCH_ENTITY.exception("The role with name " + name + " cannot be found.");
        }
        return role;
    }

    /** Roles whose path starts with {@code pathPrefix} (null: all), by name. */
    public synchronized List<Role> listRoles(String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        return roles.values().stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    /** Deletes a role; IAM refuses while inline or attached policies remain ({@code DeleteConflict}). */
    public synchronized void deleteRole(String name) {
        Role role = getRole(name);
        if (!role.inlinePolicies().isEmpty()) {
            throw IamError.DELETE_CONFLICT.exception("Cannot delete entity, must delete policies first.");
        }
        if (!role.attachedPolicyArns().isEmpty()) {
            throw IamError.DELETE_CONFLICT.exception("Cannot delete entity, must detach all policies first.");
        }
        commit(role.name(), null);
    }

    /** Adds or replaces an inline policy (IAM PutRolePolicy). */
    public synchronized Role putRolePolicy(String roleName, String policyName, String policyDocument) {
        Role role = getRole(roleName);
        checkName("policyName", policyName, 128);
        if (policyDocument == null) {
            throw constraint("policyDocument", null, "Member must not be null");
        }
        checkPolicy(policyDocument, "Syntax errors in policy.");
        Map<String, String> policies = new LinkedHashMap<>(role.inlinePolicies());
        policies.put(policyName, policyDocument);
        return replace(role, role.tags(), policies, role.attachedPolicyArns());
    }

    /** The inline policy document, as it was put. */
    public synchronized String getRolePolicy(String roleName, String policyName) {
        Role role = getRole(roleName);
        checkName("policyName", policyName, 128);
        String document = role.inlinePolicies().get(policyName);
        if (document == null) {
            throw noSuchPolicy(roleName, policyName);
        }
        return document;
    }

    public synchronized Role deleteRolePolicy(String roleName, String policyName) {
        Role role = getRole(roleName);
        checkName("policyName", policyName, 128);
        if (!role.inlinePolicies().containsKey(policyName)) {
            throw noSuchPolicy(roleName, policyName);
        }
        Map<String, String> policies = new LinkedHashMap<>(role.inlinePolicies());
        policies.remove(policyName);
        return replace(role, role.tags(), policies, role.attachedPolicyArns());
    }

    /** Records a managed policy as attached (IAM AttachRolePolicy); attaching it twice is a no-op, as in IAM. */
    public synchronized Role attachRolePolicy(String roleName, String policyArn) {
        Role role = getRole(roleName);
        checkPolicyArn(policyArn);
        if (role.attachedPolicyArns().contains(policyArn)) {
            return role;
        }
        List<String> attached = new ArrayList<>(role.attachedPolicyArns());
        attached.add(policyArn);
        return replace(role, role.tags(), role.inlinePolicies(), attached);
    }

    public synchronized Role detachRolePolicy(String roleName, String policyArn) {
        Role role = getRole(roleName);
        checkPolicyArn(policyArn);
        if (!role.attachedPolicyArns().contains(policyArn)) {
            throw IamError.NO_SUCH_ENTITY.exception("Policy " + policyArn + " was not found.");
        }
        List<String> attached = new ArrayList<>(role.attachedPolicyArns());
        attached.remove(policyArn);
        return replace(role, role.tags(), role.inlinePolicies(), attached);
    }

    /** Adds or overwrites tags (IAM TagRole). */
    public synchronized Role tagRole(String roleName, Map<String, String> tags) {
        Role role = getRole(roleName);
        Map<String, String> merged = new LinkedHashMap<>(role.tags());
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw IamError.LIMIT_EXCEEDED.exception("Cannot exceed quota for TagsPerRole: 50.");
        }
        return replace(role, merged, role.inlinePolicies(), role.attachedPolicyArns());
    }

    /** Removes tags by key (IAM UntagRole); keys that are not there are ignored, as in IAM. */
    public synchronized Role untagRole(String roleName, List<String> keys) {
        Role role = getRole(roleName);
        Map<String, String> remaining = new LinkedHashMap<>(role.tags());
        keys.forEach(remaining::remove);
        return replace(role, remaining, role.inlinePolicies(), role.attachedPolicyArns());
    }

    private Role replace(Role role, Map<String, String> tags, Map<String, String> inline, List<String> attached) {
        Role updated = new Role(role.arn(), role.roleId(), role.name(), role.path(), role.assumeRolePolicyDocument(),
                role.description(), role.createDate(), role.maxSessionDuration(), role.permissionsBoundary(),
                tags, inline, attached);
        commit(role.name(), updated);
        return updated;
    }

    /** Applies one change (null: delete) and persists it; if the file cannot be written the change is undone. */
    private void commit(String name, Role role) {
        Role before = role == null ? roles.remove(name) : roles.put(name, role);
        try {
            save();
        } catch (UncheckedIOException e) {
            if (before == null) {
                roles.remove(name);
            } else {
                roles.put(name, before);
            }
            throw e;
        }
    }

    private static ServiceException noSuchPolicy(String roleName, String policyName) {
        return IamError.NO_SUCH_ENTITY.exception("The role policy with name " + policyName
                + " cannot be found for role " + roleName + ".");
    }

    private static void checkName(String member, String value, int max) {
        if (value == null) {
            throw constraint(member, null, "Member must not be null");
        }
        if (value.isEmpty() || value.length() > max) {
            throw constraint(member, value, "Member must have length between 1 and " + max);
        }
        if (!NAME.matcher(value).matches()) {
            throw constraint(member, value, "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
    }

    private static void checkPolicyArn(String arn) {
        if (arn == null) {
            throw constraint("policyArn", null, "Member must not be null");
        }
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw IamError.INVALID_INPUT.exception("ARN " + arn + " is not valid.");
        }
    }

    /** A policy must be a JSON object with a {@code Statement} (IAM JSON policy grammar); it is not evaluated. */
    private static void checkPolicy(String document, String message) {
        JsonNode policy;
        try {
            policy = Json.parse(document);
        } catch (IllegalArgumentException e) {
            throw IamError.MALFORMED_POLICY_DOCUMENT.exception(message);
        }
        if (policy == null || !policy.isObject()) {
            throw IamError.MALFORMED_POLICY_DOCUMENT.exception(message);
        }
        JsonNode statement = policy.get("Statement");
        if (statement == null || !(statement.isObject() || statement.isArray())) {
            throw IamError.MALFORMED_POLICY_DOCUMENT.exception("Syntax errors in policy.");
        }
    }

    /** IAM's validation message: {@code 1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: …}. */
    private static ServiceException constraint(String member, String value, String constraint) {
        return IamError.VALIDATION_ERROR.exception("1 validation error detected: Value "
                + (value == null ? "null" : "'" + value + "'") + " at '" + member + "' failed to satisfy constraint: "
                + constraint);
    }

    private String newRoleId() {
        StringBuilder id = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode root = Json.parse(Files.readAllBytes(file));
            for (JsonNode r : root.path("roles")) {
                Map<String, String> tags = new LinkedHashMap<>();
                r.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
                Map<String, String> inline = new LinkedHashMap<>();
                r.path("inlinePolicies").fields().forEachRemaining(e -> inline.put(e.getKey(), e.getValue().asText()));
                List<String> attached = new ArrayList<>();
                r.path("attachedPolicyArns").forEach(a -> attached.add(a.asText()));
                Role role = new Role(r.path("arn").asText(), r.path("roleId").asText(), r.path("name").asText(),
                        r.path("path").asText(), r.path("assumeRolePolicyDocument").asText(),
                        r.hasNonNull("description") ? r.get("description").asText() : null,
                        Instant.parse(r.path("createDate").asText()), r.path("maxSessionDuration").asInt(3600),
                        r.hasNonNull("permissionsBoundary") ? r.get("permissionsBoundary").asText() : null,
                        tags, inline, attached);
                roles.put(role.name(), role);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the IAM store " + file, e);
        }
    }

    /** Writes all roles to a temporary file in the same folder, then moves it over the store atomically. */
    private void save() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Role role : roles.values()) {
            ObjectNode r = Json.object("arn", role.arn(), "roleId", role.roleId(), "name", role.name(),
                    "path", role.path(), "assumeRolePolicyDocument", role.assumeRolePolicyDocument(),
                    "description", role.description(), "createDate", role.createDate().toString(),
                    "maxSessionDuration", role.maxSessionDuration(), "permissionsBoundary", role.permissionsBoundary(),
                    "tags", role.tags(), "inlinePolicies", role.inlinePolicies(),
                    "attachedPolicyArns", role.attachedPolicyArns());
            list.add(r);
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("roles", list);
        AtomicFiles.write(file, Json.writeBytes(root));
    }
}
