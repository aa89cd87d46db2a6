package io.tidelake.format.parquet;

import io.tidelake.format.TidelakeException;

/**
 * A data file cannot be matched to the table's columns under the table's column mapping mode, e.g. a
 * file without Parquet field ids in a table that maps columns by id. Reading it would return nulls or
 * the wrong columns, so it is refused.
 */
public class ColumnMappingException extends TidelakeException {
  public ColumnMappingException(String message) {
    super(message);
  }
}
