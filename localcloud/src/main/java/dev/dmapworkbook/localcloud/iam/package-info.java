/** IAM (Query protocol): roles with their inline and attached policies, recorded and persisted, not enforced. */
package dev.dmapworkbook.localcloud.iam;
