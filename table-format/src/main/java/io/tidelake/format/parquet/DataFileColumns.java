package io.tidelake.format.parquet;

import io.tidelake.format.parquet.internal.ParquetColumns;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.StructType;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One table data file read a column at a time, row group by row group, without assembling rows: for
 * scans that look at each column on its own (data-quality audits). Values are the Java objects a row read
 * by {@link DataFileReader} would hold; partition columns come from the add action's values, columns the
 * file lacks are null. Only flat (primitive and decimal) columns: see {@link #open}.
 *
 * <pre>{@code
 * try (DataFileColumns f = DataFileColumns.open(...)) {
 *   while (f != null && f.nextRowGroup()) {
 *     for (int c = 0; c < projection.size(); c++) f.read(c, value -> ...);
 *   }
 * }
 * }</pre>
 */
public final class DataFileColumns implements AutoCloseable {
  private final ParquetColumns columns;

  private DataFileColumns(ParquetColumns columns) {
    this.columns = columns;
  }

  /** Whether {@link #open} can read the columns of {@code projection} (all primitive or decimal). */
  public static boolean readable(StructType projection) {
    return ParquetColumns.readable(projection);
  }

  /**
   * Opens one file of a table (arguments as {@link DataFileReader#readTableFileIndexed}, whose checks it
   * makes: {@code expectedSize}, column mapping), or returns null when the file stores a requested column
   * as a nested or repeated field: read such a file by rows.
   *
   * @param projection {@link #readable} columns of {@code tableSchema}
   */
  public static DataFileColumns open(ObjectStore store, String path, StructType tableSchema,
      List<String> partitionColumns, Map<String, String> partitionValues, StructType projection,
      ColumnMappingMode mode, long expectedSize) {
    if (!readable(projection)) {
      throw new IllegalArgumentException("only primitive and decimal columns can be read by column: " + projection);
    }
    Object[] constants = DataFileReader.constants(tableSchema, partitionColumns, partitionValues, projection);
    ParquetColumns c = ParquetColumns.open(store, path, projection, constants, mode, expectedSize);
    return c == null ? null : new DataFileColumns(c);
  }

  /** Moves to the next row group; false after the last (the file is then closed). */
  public boolean nextRowGroup() {
    return columns.nextRowGroup();
  }

  /** The rows of the current row group. */
  public long rowCount() {
    return columns.rowCount();
  }

  /**
   * What the file's footer says about an integer column (byte, short, int, long stored as a signed Parquet
   * INT32/INT64) in the current row group: its null count and, unless every value is null, its smallest and
   * largest value — enough to decide some checks without decoding the column. Null when the column is of
   * another type, a partition column, or the writer recorded no such statistics.
   */
  public IntegralStats integralStats(int column) {
    Long[] s = columns.integralStats(column);
    return s == null ? null : new IntegralStats(s[0], s[1], s[2]);
  }

  /** Footer statistics of an integer column chunk; {@code min} and {@code max} null when all are null. */
  public record IntegralStats(long nullCount, Long min, Long max) {}

  /**
   * Passes the value of projection column {@code column} in each row of the current row group to
   * {@code sink}, in row order (null for a null). Each column once per row group; different columns may
   * be read at the same time by different threads (not across {@link #nextRowGroup()}).
   */
  public void read(int column, Consumer<Object> sink) {
    columns.read(column, sink);
  }

  @Override
  public void close() {
    columns.close();
  }
}
