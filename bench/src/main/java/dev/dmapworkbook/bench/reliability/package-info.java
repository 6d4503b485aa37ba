/** The reliability suite: what the local cloud keeps and refuses under kill -9, faults, malformed input and load. */
package dev.dmapworkbook.bench.reliability;
