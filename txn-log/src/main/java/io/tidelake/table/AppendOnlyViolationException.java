package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/** An operation that would delete or change rows of a table with {@code delta.appendOnly=true}. */
public class AppendOnlyViolationException extends TidelakeException {
  public AppendOnlyViolationException(String location, String operation) {
    super(operation + " would remove data from " + location + ", which is append-only (delta.appendOnly=true). "
        + "Set delta.appendOnly=false first if the table must change, or only append to it.");
  }
}
