package io.tidelake.compaction;

import io.tidelake.table.ConflictException;

/**
 * A batch of an OPTIMIZE lost to a concurrent commit that deleted or changed one of its input files (a
 * DELETE, UPDATE or MERGE of those rows). That batch committed nothing and its output files were deleted;
 * batches committed before it stay committed (their counts are in {@link #committed()}). No row is lost:
 * the concurrent change wins, and running OPTIMIZE again compacts the files as they are now. A
 * {@link ConflictException} with the losing batch's conflict kind and winning version, so callers that retry on
 * conflicts treat OPTIMIZE like any other operation.
 */
public class OptimizeConflictException extends ConflictException {
  private final OptimizeMetrics committed;

  public OptimizeConflictException(String table, OptimizeMetrics committed, ConflictException cause) {
    super(cause, "OPTIMIZE of " + table + " stopped: a concurrent commit changed files it was compacting ("
        + cause.getMessage() + ") " + committed.numBatches() + " earlier batch(es) with "
        + committed.numRemovedFiles() + " input file(s) were committed. Run OPTIMIZE again to compact the rest.");
    this.committed = committed;
  }

  /** What the batches committed before the conflict did. */
  public OptimizeMetrics committed() {
    return committed;
  }
}
