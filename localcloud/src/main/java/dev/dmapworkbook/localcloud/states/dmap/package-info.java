/** Distributed Map: item readers, batching, Map Runs, failure tolerance and ResultWriter (ASL spec section 9). */
package dev.dmapworkbook.localcloud.states.dmap;
