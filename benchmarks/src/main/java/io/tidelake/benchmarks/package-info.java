/** Tidelake benchmarks: placeholder until its issue lands. */
package io.tidelake.benchmarks;
