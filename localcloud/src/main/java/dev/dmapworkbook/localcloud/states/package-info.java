/** AWS Step Functions: the awsJson 1.0 wire layer, the execution store with its persistence, and the engine glue. */
package dev.dmapworkbook.localcloud.states;
