/** CloudFormation: the Query-protocol wire layer, a template engine that knows nothing of HTTP, and one provisioner per resource type. */
package dev.dmapworkbook.localcloud.cloudformation;
