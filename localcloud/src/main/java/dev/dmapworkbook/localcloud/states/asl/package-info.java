/** The Amazon States Language interpreter: parse a definition into an immutable model, then run it (no HTTP here). */
package dev.dmapworkbook.localcloud.states.asl;
