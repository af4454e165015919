/**
 * JMH micro-benchmarks for the CPU-bound work on Wharf's hot paths: hashing every uploaded byte
 * three ways in one pass ({@link dev.wharf.distributions.StreamingDigester}) measured against each
 * digest alone, and parsing and ordering a large project's PEP 440 versions; and the Trusted
 * Publishing exchange on a real data directory against the bare RS256 check it contains
 * ({@link dev.wharf.benchmarks.MintBenchmark}). Run them with {@code benchmarks/scripts/jmh.sh}
 * (the mint benchmark with {@code benchmarks/scripts/mint.sh}); results and method are in
 * {@code benchmarks/README.md}.
 */
package dev.wharf.benchmarks;
