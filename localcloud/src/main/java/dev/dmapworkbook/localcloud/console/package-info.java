/** The web console under {@code /_console/} on the edge port: server-rendered pages over the same in-process services the APIs use, two actions (start, stop). */
package dev.dmapworkbook.localcloud.console;
