package io.tidelake.format.parquet;

/**
 * A data file holds a value that is valid in its Parquet encoding but outside what Tidelake's model can
 * hold (e.g. an INT96 or TIMESTAMP_MILLIS timestamp more than about 292,000 years from 1970, which Delta's
 * int64 microseconds cannot express). Reading it as anything else would return a wrong value, so the
 * read fails naming the file and the column.
 */
public class UnrepresentableValueException extends CorruptDataFileException {
  private final String column;

  public UnrepresentableValueException(String path, String column, String problem) {
    super(path, null, "Data file " + path + ", column '" + column + "': " + problem
        + ". Tidelake will not return a wrapped or clamped value. Rewrite the value with the engine that wrote"
        + " the file, or remove the file from the table to accept losing its rows.");
    this.column = column;
  }

  /** The column (dotted path in the file) that holds the value. */
  public String column() {
    return column;
  }
}
