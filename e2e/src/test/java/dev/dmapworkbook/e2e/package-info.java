/** End-to-end tests: the labs run through ./jbang exactly as a learner runs them, against a fresh local cloud. */
package dev.dmapworkbook.e2e;
