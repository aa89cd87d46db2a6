package io.tidelake.format;

/**
 * A row that does not fit the table schema: an unknown column, a value of the wrong type, a null in a
 * non-nullable column. Raised before anything is written, so the table is unchanged.
 */
public class SchemaViolationException extends TidelakeException {
  private final String column;
  private final long rowIndex;

  /**
   * @param column the column (dotted path for nested fields)
   * @param rowIndex position of the row in the write (0-based), or -1 when not known
   */
  public SchemaViolationException(String column, long rowIndex, String problem) {
    super("Schema violation in column '" + column + "'" + (rowIndex >= 0 ? " of row " + rowIndex : "") + ": "
        + problem);
    this.column = column;
    this.rowIndex = rowIndex;
  }

  public String column() {
    return column;
  }

  /** 0-based position of the offending row in the batch being written, or -1. */
  public long rowIndex() {
    return rowIndex;
  }
}
