/** Helpers every service and engine shares, knowing nothing of HTTP: JSON, XML, whole-or-nothing files, AWS errors, request ids. */
package dev.dmapworkbook.localcloud.core;
