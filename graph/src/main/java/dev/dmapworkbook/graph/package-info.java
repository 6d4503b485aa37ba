/**
 * An ASL definition as a laid-out SVG graph ({@link dev.dmapworkbook.graph.StateGraph}), for the console and the labs alike; layout by Eclipse ELK layered, the one maintained Java layout engine that does nested (compound) graphs, orthogonal edges and edge labels; a JBang script takes it with {@code //SOURCES ../../graph/src/main/java/dev/dmapworkbook/graph/*.java} and {@code //DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1 org.eclipse.elk:org.eclipse.elk.alg.layered:0.10.0 com.google.guava:guava:33.8.0-jre} (ELK brings EMF; Guava is pinned because ELK asks for an open range).
 */
package dev.dmapworkbook.graph;
