package io.tidelake.merge;

/**
 * Reading the MERGE source failed part way (the iterator threw, a row did not fit the source schema).
 * {@link #sourceRow()} is the 0-based position of the row being read. Nothing is committed.
 */
public class MergeSourceException extends MergeException {
  private final long sourceRow;

  public MergeSourceException(String source, long sourceRow, String problem, Throwable cause) {
    super("MERGE: reading row " + sourceRow + " (0-based) of " + source + " failed: " + problem + ". The target is "
        + "unchanged; fix the source and run the MERGE again.", cause);
    this.sourceRow = sourceRow;
  }

  public long sourceRow() {
    return sourceRow;
  }
}
