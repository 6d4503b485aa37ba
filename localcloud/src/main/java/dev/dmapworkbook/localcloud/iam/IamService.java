package dev.dmapworkbook.localcloud.iam;

import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.QueryService;
import dev.dmapworkbook.localcloud.core.Xml;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * IAM's role API over the Query protocol (namespace {@code https://iam.amazonaws.com/doc/2010-05-08/}): decode
 * the parameters, call {@link IamRoles}, encode the answer. IAM is global: any signing region is accepted and
 * ARNs carry none. Policy documents are returned URL-encoded, as IAM returns them (the AWS CLI decodes them;
 * SDK users call {@code URLDecoder}).
 */
public final class IamService extends QueryService {
    private static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final Set<String> ACTIONS = Set.of("CreateRole", "GetRole", "DeleteRole", "ListRoles",
            "PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy", "ListRolePolicies", "AttachRolePolicy",
            "DetachRolePolicy", "ListAttachedRolePolicies", "TagRole", "UntagRole", "ListRoleTags");

    private final IamRoles roles;

    /** Loads the roles recorded in {@code <dataDir>/iam/roles.json}. */
    public IamService(Path dataDir) {
        super("iam", NAMESPACE, ACTIONS);
        this.roles = new IamRoles(dataDir.resolve("iam").resolve("roles.json"));
    }

    /** The role store, for in-process callers (CloudFormation's {@code AWS::IAM::Role}). */
    public IamRoles roles() {
        return roles;
    }

    // one flat switch, an action to its parameters and its call: longer than ~40 lines, and clearest so
    @Override
    protected Consumer<Xml> answer(String action, EdgeRequest request) {
        QueryParameters p = new QueryParameters(action, request.form());
        return switch (action) {
            case "CreateRole" -> {
                p.accept(Set.of("RoleName", "Path", "AssumeRolePolicyDocument", "Description", "MaxSessionDuration",
                        "PermissionsBoundary"), Set.of("Tags"));
                Role role = roles.createRole(p.get("RoleName"), p.get("Path"), p.get("AssumeRolePolicyDocument"),
                        p.get("Description"), p.intValue("MaxSessionDuration", 3600), p.get("PermissionsBoundary"),
                        p.tags("Tags"));
                yield x -> role(x, role, true);
            }
            case "GetRole" -> {
                p.accept(Set.of("RoleName"), Set.of());
                Role role = roles.getRole(p.get("RoleName"));
                yield x -> role(x, role, true);
            }
            case "DeleteRole" -> {
                p.accept(Set.of("RoleName"), Set.of());
                roles.deleteRole(p.get("RoleName"));
                yield null;
            }
            case "ListRoles" -> {
                p.accept(Set.of("PathPrefix", "Marker", "MaxItems"), Set.of());
                yield list("Roles", Page.of(roles.listRoles(p.get("PathPrefix")), p), (x, role) -> {
                    x.open("member");
                    roleFields(x, role, false);
                    x.close("member");
                });
            }
            case "PutRolePolicy" -> {
                p.accept(Set.of("RoleName", "PolicyName", "PolicyDocument"), Set.of());
                roles.putRolePolicy(p.get("RoleName"), p.get("PolicyName"), p.get("PolicyDocument"));
                yield null;
            }
            case "GetRolePolicy" -> {
                p.accept(Set.of("RoleName", "PolicyName"), Set.of());
                String document = roles.getRolePolicy(p.get("RoleName"), p.get("PolicyName"));
                yield x -> x.element("RoleName", roles.getRole(p.get("RoleName")).name())
                        .element("PolicyName", p.get("PolicyName"))
                        .element("PolicyDocument", urlEncode(document));
            }
            case "DeleteRolePolicy" -> {
                p.accept(Set.of("RoleName", "PolicyName"), Set.of());
                roles.deleteRolePolicy(p.get("RoleName"), p.get("PolicyName"));
                yield null;
            }
            case "ListRolePolicies" -> {
                p.accept(Set.of("RoleName", "Marker", "MaxItems"), Set.of());
                List<String> names = roles.getRole(p.get("RoleName")).inlinePolicies().keySet().stream().sorted().toList();
                yield list("PolicyNames", Page.of(names, p), (x, name) -> x.element("member", name));
            }
            case "AttachRolePolicy" -> {
                p.accept(Set.of("RoleName", "PolicyArn"), Set.of());
                roles.attachRolePolicy(p.get("RoleName"), p.get("PolicyArn"));
                yield null;
            }
            case "DetachRolePolicy" -> {
                p.accept(Set.of("RoleName", "PolicyArn"), Set.of());
                roles.detachRolePolicy(p.get("RoleName"), p.get("PolicyArn"));
                yield null;
            }
            case "ListAttachedRolePolicies" -> {
                p.accept(Set.of("RoleName", "PathPrefix", "Marker", "MaxItems"), Set.of());
                String prefix = p.get("PathPrefix") == null ? "/" : p.get("PathPrefix");
                List<String> arns = roles.getRole(p.get("RoleName")).attachedPolicyArns().stream()
                        .filter(arn -> policyPath(arn).startsWith(prefix)).toList();
                yield list("AttachedPolicies", Page.of(arns, p), (x, arn) -> x.open("member")
                        .element("PolicyName", arn.substring(arn.lastIndexOf('/') + 1))
                        .element("PolicyArn", arn)
                        .close("member"));
            }
            case "TagRole" -> {
                p.accept(Set.of("RoleName"), Set.of("Tags"));
                roles.tagRole(p.get("RoleName"), p.tags("Tags"));
                yield null;
            }
            case "UntagRole" -> {
                p.accept(Set.of("RoleName"), Set.of("TagKeys"));
                roles.untagRole(p.get("RoleName"), p.strings("TagKeys"));
                yield null;
            }
            case "ListRoleTags" -> {
                p.accept(Set.of("RoleName", "Marker", "MaxItems"), Set.of());
                Page<Map.Entry<String, String>> page = Page.of(List.copyOf(roles.getRole(p.get("RoleName")).tags().entrySet()), p);
                yield list("Tags", page, (x, tag) -> x.open("member").element("Key", tag.getKey())
                        .element("Value", tag.getValue()).close("member"));
            }
            default -> throw new IllegalStateException(action);
        };
    }

    /** A paginated list: {@code <wrapper>} with one entry per item of the page, then IsTruncated and Marker. */
    private static <T> Consumer<Xml> list(String wrapper, Page<T> page, BiConsumer<Xml, T> item) {
        return x -> {
            x.open(wrapper);
            page.items().forEach(i -> item.accept(x, i));
            x.close(wrapper);
            page.write(x);
        };
    }

    private static void role(Xml x, Role role, boolean full) {
        x.open("Role");
        roleFields(x, role, full);
        x.close("Role");
    }

    /** The Role shape (IAM API Reference, "Role"); ListRoles leaves out tags and the permissions boundary. */
    private static void roleFields(Xml x, Role role, boolean full) {
        x.element("Path", role.path())
                .element("RoleName", role.name())
                .element("RoleId", role.roleId())
                .element("Arn", role.arn())
                .element("CreateDate", role.createDate())
                .element("AssumeRolePolicyDocument", urlEncode(role.assumeRolePolicyDocument()))
                .element("Description", role.description())
                .element("MaxSessionDuration", role.maxSessionDuration());
        if (full && role.permissionsBoundary() != null) {
            x.open("PermissionsBoundary").element("PermissionsBoundaryType", "Policy")
                    .element("PermissionsBoundaryArn", role.permissionsBoundary()).close("PermissionsBoundary");
        }
        if (full && !role.tags().isEmpty()) {
            x.open("Tags");
            role.tags().forEach((k, v) -> x.open("member").element("Key", k).element("Value", v).close("member"));
            x.close("Tags");
        }
    }

    /** IAM returns policy documents URL-encoded (RFC 3986: a space is {@code %20}, never {@code +}). */
    static String urlEncode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The path of a managed policy ARN: {@code arn:aws:iam::aws:policy/service-role/X} → {@code /service-role/}. */
    private static String policyPath(String arn) {
        String afterType = arn.substring(arn.indexOf(":policy/") + ":policy".length());
        return afterType.substring(0, afterType.lastIndexOf('/') + 1);
    }

    /** One page of a list: {@code MaxItems} (1–1000, default 100) from {@code Marker} (an opaque position). */
    private record Page<T>(List<T> items, String nextMarker) {
        static <T> Page<T> of(List<T> all, QueryParameters p) {
            int max = p.intValue("MaxItems", 100);
            if (max < 1 || max > 1000) {
                throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + max
                        + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
            }
            int start = 0;
            if (p.get("Marker") != null) {
                try {
                    start = Integer.parseInt(p.get("Marker"));
                } catch (NumberFormatException e) {
                    start = -1;
                }
                if (start < 0 || start > all.size()) {
                    throw IamError.VALIDATION_ERROR.exception("Invalid Marker.");
                }
            }
            int end = Math.min(all.size(), start + max);
            return new Page<>(all.subList(start, end), end < all.size() ? Integer.toString(end) : null);
        }

        void write(Xml x) {
            x.element("IsTruncated", nextMarker != null).element("Marker", nextMarker);
        }
    }
}
