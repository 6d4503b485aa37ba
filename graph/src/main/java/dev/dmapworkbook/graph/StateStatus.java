package dev.dmapworkbook.graph;

/** How far an execution got with one state, as the console's graph colours it. */
public enum StateStatus { SUCCEEDED, FAILED, CAUGHT, IN_PROGRESS, NOT_REACHED }
