/**
 * Tidelake benchmarks: append, scan, snapshot load, memory and commit latency, each measured against a
 * baseline (raw parquet-mr, Delta Kernel) in the same run and reported as one {@code RESULT} line per
 * figure. Entry point {@link io.tidelake.benchmarks.BenchMain}, launched by {@code benchmarks/run}.
 */
package io.tidelake.benchmarks;
