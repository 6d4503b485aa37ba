/** The query languages' runtime: JSONata expressions with AWS's {@code $states} and functions, and workflow variables. */
package dev.dmapworkbook.localcloud.states.query;
