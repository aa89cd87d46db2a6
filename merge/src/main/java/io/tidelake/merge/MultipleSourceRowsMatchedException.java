package io.tidelake.merge;

/**
 * delta-spark's {@code DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE}: two source rows satisfy the
 * ON condition for one target row, so which one updates it would be arbitrary. Raised unless the only
 * MATCHED clause is an unconditional DELETE (then the row is simply deleted once). Clause conditions are
 * not consulted, as in delta-spark. Nothing is committed.
 */
public class MultipleSourceRowsMatchedException extends MergeException {
  private final String key;
  private final long firstSourceRow;
  private final long secondSourceRow;

  public MultipleSourceRowsMatchedException(String key, long firstSourceRow, long secondSourceRow, String targetFile,
      long targetRowIndex) {
    super("MERGE: source rows " + firstSourceRow + " and " + secondSourceRow + " (0-based positions in the source) "
        + "both match the target row at index " + targetRowIndex + " of " + targetFile + " (join key " + key + "). "
        + "A target row may be matched by at most one source row; de-duplicate the source on the ON keys (e.g. keep "
        + "the latest row per key), or make ON more specific.");
    this.key = key;
    this.firstSourceRow = firstSourceRow;
    this.secondSourceRow = secondSourceRow;
  }

  /** The offending join key values, as text. */
  public String key() {
    return key;
  }

  public long firstSourceRow() {
    return firstSourceRow;
  }

  public long secondSourceRow() {
    return secondSourceRow;
  }
}
