/** STS (Query protocol): GetCallerIdentity for the local account; every other action is refused by name. */
package dev.dmapworkbook.localcloud.sts;
