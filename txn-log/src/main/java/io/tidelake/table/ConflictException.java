package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * A concurrent commit changed something this transaction depended on, by Delta's conflict rules. Not
 * retryable as is: the table is unchanged, and the operation must be re-planned against the new version
 * (re-read, then write again).
 */
public class ConflictException extends TidelakeException {

  /** Delta's conflict kinds (named after delta-spark's exceptions). */
  public enum Kind {
    /** The winner changed the protocol (or both transactions created the table). */
    PROTOCOL_CHANGED,
    /** The winner changed the table metadata (schema, partitioning, properties). */
    METADATA_CHANGED,
    /** The winner added data files in partitions or ranges this transaction read. */
    CONCURRENT_APPEND,
    /** The winner removed a file this transaction read. */
    CONCURRENT_DELETE_READ,
    /** Both transactions removed the same file. */
    CONCURRENT_DELETE_DELETE,
    /** The winner committed a txn entry for an application id this transaction also uses. */
    CONCURRENT_TRANSACTION,
    /** Both transactions changed the same metadata domain. */
    CONCURRENT_DOMAIN
  }

  private final Kind kind;
  private final long winningVersion;

  public ConflictException(Kind kind, long winningVersion, String detail) {
    super("Commit conflict (" + kind + ") with the concurrent commit of version " + winningVersion + ": " + detail
        + " Nothing was committed. Re-read the table and run the operation again.");
    this.kind = kind;
    this.winningVersion = winningVersion;
  }

  /**
   * For operations that wrap a conflict with their own account of what was and was not done (OPTIMIZE's
   * committed batches): the same kind and winning version, a complete message of the caller's.
   */
  protected ConflictException(ConflictException conflict, String message) {
    super(message, conflict);
    this.kind = conflict.kind;
    this.winningVersion = conflict.winningVersion;
  }

  public Kind kind() {
    return kind;
  }

  /** The version whose commit this transaction conflicted with. */
  public long winningVersion() {
    return winningVersion;
  }
}
