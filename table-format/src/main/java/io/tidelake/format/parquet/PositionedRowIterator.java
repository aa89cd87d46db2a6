package io.tidelake.format.parquet;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;

/**
 * Rows of one data file that also tell where each row sits in the file: {@link #rowIndex()} is the
 * 0-based physical position (across row groups) of the row {@link #next()} returned last — the row index
 * deletion vectors address. Exact even when pages or row groups were skipped, or rows filtered out.
 */
public interface PositionedRowIterator extends CloseableIterator<Row> {

  /** The physical row index of the last row returned; -1 before the first. */
  long rowIndex();
}
