/** The local cloud: wiring of the services behind one edge port, its configuration and its command line. */
package dev.dmapworkbook.localcloud;
