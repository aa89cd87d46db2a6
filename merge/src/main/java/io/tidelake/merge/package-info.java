/**
 * MERGE upserts with delta-spark's semantics: {@link io.tidelake.merge.Merge} (builder and SQL clause
 * text), {@link io.tidelake.merge.MergeSource} (Java rows or a table scan), {@link io.tidelake.merge.MergeResult}
 * (delta-spark's metric names) and the typed errors. Execution lives in {@code io.tidelake.merge.internal}.
 */
package io.tidelake.merge;
