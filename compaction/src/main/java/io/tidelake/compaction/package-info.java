/**
 * Table maintenance: {@link io.tidelake.compaction.Optimize} (bin-packing compaction, Z-order),
 * {@link io.tidelake.compaction.Vacuum} (deleting files no version within the retention needs) and
 * {@link io.tidelake.compaction.LogCleanup} (expired log files), all safe to run next to writers.
 */
package io.tidelake.compaction;
