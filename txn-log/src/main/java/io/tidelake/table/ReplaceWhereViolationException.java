package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/** A row written by {@code replaceWhere(p)} that does not satisfy {@code p}; nothing was committed. */
public class ReplaceWhereViolationException extends TidelakeException {
  public ReplaceWhereViolationException(long rowIndex, String predicate, String row) {
    super("Row " + rowIndex + " " + row + " does not match the replaceWhere condition '" + predicate
        + "'. Every row written by replaceWhere must match it (otherwise the overwrite would not be idempotent); "
        + "filter the input or widen the condition. Nothing was committed.");
  }
}
