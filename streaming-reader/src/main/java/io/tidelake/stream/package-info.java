/**
 * Streaming reads of Delta tables and the incremental processor: a {@link io.tidelake.stream.TableSource}
 * (the initial snapshot, then each commit, with Delta's offsets and options), transformations in the
 * expression language, exactly-once sinks, Spark's checkpoint layout and triggers, through
 * {@link io.tidelake.stream.StreamingQuery}.
 */
package io.tidelake.stream;
