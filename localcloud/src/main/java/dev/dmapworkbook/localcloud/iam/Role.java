package dev.dmapworkbook.localcloud.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM role as IAM describes it ({@code GetRole}), plus what is recorded on it: inline policies (name →
 * JSON document, as given) and attached managed policy ARNs, both in the order they were added.
 *
 * @param arn                      {@code arn:aws:iam::000000000000:role<path><name>}
 * @param roleId                   {@code AROA…}, 21 characters, unique per creation
 * @param permissionsBoundary      the boundary policy ARN, or null
 */
public record Role(String arn, String roleId, String name, String path, String assumeRolePolicyDocument,
                   String description, Instant createDate, int maxSessionDuration, String permissionsBoundary,
                   Map<String, String> tags, Map<String, String> inlinePolicies, List<String> attachedPolicyArns) {
    public Role {
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        inlinePolicies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inlinePolicies));
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
    }
}
