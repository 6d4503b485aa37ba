package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a provisioned resource answers: its physical id, its {@code Ref} value and its {@code Fn::GetAtt}
 * attributes ({@code Arn}, {@code RoleId}, …).
 */
record Provisioned(String physicalId, String ref, ObjectNode attributes) {
}
