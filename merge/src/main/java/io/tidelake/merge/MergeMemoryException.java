package io.tidelake.merge;

/**
 * The MERGE source does not fit in memory even after spilling: either spilling is turned off
 * ({@link Merge#spillDirectory} {@code null}) and the source passes {@link Merge#memoryBudget}, or one spill
 * partition (rows sharing a join-key hash) is larger than the budget and a quarter of the heap. Raised as
 * soon as the estimate passes the limit, long before an OutOfMemoryError; nothing is committed.
 */
public class MergeMemoryException extends MergeException {
  public MergeMemoryException(long rowsRead, long estimatedBytes, long budgetBytes) {
    super("MERGE: the source needs more memory than the budget of " + budgetBytes + " bytes (about "
        + estimatedBytes + " bytes after " + rowsRead + " rows) and spilling to disk is off. Set a spill directory "
        + "with Merge.spillDirectory(path), raise the budget with Merge.memoryBudget(bytes) (default: half the "
        + "maximum heap), or give the JVM more heap (-Xmx).");
  }

  public MergeMemoryException(long estimatedBytes, long limitBytes, String what) {
    super("MERGE: " + what + " " + limitBytes + " bytes (about " + estimatedBytes + " bytes). Raise "
        + "Merge.memoryBudget(bytes) or the heap (-Xmx), or split the source into smaller MERGEs.");
  }
}
