/** The edge: one HTTP port that picks the AWS service for each request and renders its errors per protocol. */
package dev.dmapworkbook.localcloud.edge;
