/** The benchmark suite behind BENCHMARKS.md: each figure measured several times, reported as median [min–max]. */
package dev.dmapworkbook.bench;
