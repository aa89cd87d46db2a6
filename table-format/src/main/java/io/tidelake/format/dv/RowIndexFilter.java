package io.tidelake.format.dv;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;

/**
 * Drops the rows a deletion vector marks as deleted from the rows of one data file. The input must yield
 * every physical row of the file in file order (no row group or page skipping before this filter), since
 * a row's index is simply its position in that sequence; row filters of a scan run after this one.
 */
public final class RowIndexFilter {
  private RowIndexFilter() {}

  public static CloseableIterator<Row> skipDeleted(CloseableIterator<Row> physicalRows, DeletedRows deleted) {
    if (deleted.isEmpty()) {
      return physicalRows;
    }
    long[] index = {0};
    return physicalRows.filter(row -> !deleted.contains(index[0]++));
  }
}
