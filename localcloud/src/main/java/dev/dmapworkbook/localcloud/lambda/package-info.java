/** Lambda: the 2015-03-31 REST API, a function store, and Java functions run in worker JVMs that speak the Lambda Runtime API. */
package dev.dmapworkbook.localcloud.lambda;
