package io.tidelake.merge;

/**
 * The MERGE source does not fit the heap budget: the source is held in memory as the build side of the
 * hash join, and spilling to disk is not implemented yet. Raised as soon as the estimate passes the
 * budget, long before an OutOfMemoryError; nothing is committed.
 */
public class MergeMemoryException extends MergeException {
  public MergeMemoryException(long rowsRead, long estimatedBytes, long budgetBytes) {
    super("MERGE: the source needs more memory than the budget of " + budgetBytes + " bytes (about "
        + estimatedBytes + " bytes after " + rowsRead + " rows). Split the source into smaller MERGEs, raise the "
        + "budget with Merge.memoryBudget(bytes) (default: half the maximum heap), or give the JVM more heap (-Xmx).");
  }
}
