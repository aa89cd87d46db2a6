package io.tidelake.format.parquet;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.parquet.internal.PageIndexFilter;
import io.tidelake.format.parquet.internal.ParquetFile;
import io.tidelake.format.parquet.internal.ParquetRowIterator;
import io.tidelake.format.parquet.internal.ParquetSchemas;
import io.tidelake.format.parquet.internal.RowReadSupport;
import io.tidelake.format.partition.PartitionValues;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads rows from Delta data files, whoever wrote them (Tidelake, Spark, Delta Kernel, delta-rs).
 * Columns are matched by physical name (column mapping) or name, ignoring case; requested columns a file
 * lacks read as null. A file that is not valid Parquet raises {@link CorruptDataFileException}.
 */
public final class DataFileReader {
  /**
   * System property: {@code false} turns off the verification of Parquet page CRCs, which is on by default
   * (a damaged page then fails as {@link CorruptDataFileException} instead of decoding to wrong values).
   * Read when a row group is read, so it can be changed at run time.
   */
  public static final String VERIFY_CHECKSUMS_PROPERTY = "tidelake.parquet.verifyChecksums";

  private DataFileReader() {}

  /** Rows of {@code requestedSchema} from the file at {@code path} (a full store location). */
  public static CloseableIterator<Row> read(ObjectStore store, String path, StructType requestedSchema) {
    return ParquetRowIterator.open(store, path, new RowReadSupport(requestedSchema, null, path));
  }

  /**
   * Like {@link #read}, for sparse files such as Delta checkpoints: columns that the footer statistics
   * prove null in every row are not decoded at all, and a struct whose fields are all null reads as null
   * (for a checkpoint, a null action column means "no such action in this row").
   */
  public static CloseableIterator<Row> readSparse(ObjectStore store, String path, StructType requestedSchema) {
    return ParquetRowIterator.open(store, path, new RowReadSupport(requestedSchema, null, path), true);
  }

  /**
   * {@link #readSparse} where the requested schema depends on the file's Parquet schema (e.g. a
   * checkpoint's table-specific {@code stats_parsed} column): one open and one footer read.
   */
  public static CloseableIterator<Row> readSparse(ObjectStore store, String path,
      java.util.function.Function<org.apache.parquet.schema.MessageType, StructType> requestedSchemaForFile) {
    return ParquetRowIterator.open(store, path,
        file -> new RowReadSupport(requestedSchemaForFile.apply(file), null, path), true);
  }

  /**
   * Rows of {@code projection} from one file of a table: data columns are read from the file, partition
   * columns are taken from {@code partitionValues} (the add action's map, keyed by physical name),
   * deserialized to their types. Partition columns stored in the file anyway are ignored: the log wins.
   *
   * @param projection columns of {@code tableSchema} to return, in the order wanted
   */
  public static CloseableIterator<Row> readTableFile(ObjectStore store, String path, StructType tableSchema,
      List<String> partitionColumns, Map<String, String> partitionValues, StructType projection) {
    return readTableFile(store, path, tableSchema, partitionColumns, partitionValues, projection,
        ColumnMappingMode.NAME);
  }

  /**
   * As above, for a table with column mapping: data columns are found in the file by display name,
   * physical name or field id as {@code mode} says; partition values are looked up by physical name
   * first, then by display name (Spark and Kernel key them by physical name under column mapping).
   */
  public static CloseableIterator<Row> readTableFile(ObjectStore store, String path, StructType tableSchema,
      List<String> partitionColumns, Map<String, String> partitionValues, StructType projection,
      ColumnMappingMode mode) {
    return readTableFile(store, path, tableSchema, partitionColumns, partitionValues, projection, mode, null);
  }

  /**
   * As above, for a scan with a row filter: pages whose Parquet page-index bounds prove that no row can
   * satisfy {@code skipPredicate} are not decoded, so some non-matching rows are never returned. The caller
   * must still filter the rows it gets by the same predicate; rows are not returned in full, so this is
   * only for scans, never for rewrites, and not for files with deletion vectors (row positions matter).
   *
   * @param skipPredicate bound to {@code tableSchema}; null reads every row
   */
  public static CloseableIterator<Row> readTableFile(ObjectStore store, String path, StructType tableSchema,
      List<String> partitionColumns, Map<String, String> partitionValues, StructType projection,
      ColumnMappingMode mode, io.tidelake.format.predicate.Predicate skipPredicate) {
    return readTableFile(store, path, tableSchema, partitionColumns, partitionValues, projection, mode,
        skipPredicate, -1);
  }

  /**
   * As above, first checking that the file is {@code expectedSize} bytes long, the size the table's log
   * recorded when the file was added: a file truncated, extended or replaced since then is refused with
   * {@link CorruptDataFileException} (naming both sizes) before any row is returned. The length is the
   * open object's (no extra request).
   *
   * @param expectedSize the add action's {@code size}; -1 skips the check; other values below 12 bytes
   *     (the smallest Parquet file) are refused
   */
  public static CloseableIterator<Row> readTableFile(ObjectStore store, String path, StructType tableSchema,
      List<String> partitionColumns, Map<String, String> partitionValues, StructType projection,
      ColumnMappingMode mode, io.tidelake.format.predicate.Predicate skipPredicate, long expectedSize) {
    return readTableFileIndexed(store, path, tableSchema, partitionColumns, partitionValues, projection, mode,
        skipPredicate, expectedSize);
  }

  /**
   * As {@link #readTableFile(ObjectStore, String, StructType, List, Map, StructType, ColumnMappingMode,
   * io.tidelake.format.predicate.Predicate, long)}, with each row's physical index in the file (what
   * deletion vectors address), exact also when the page index skipped pages.
   */
  public static PositionedRowIterator readTableFileIndexed(ObjectStore store, String path, StructType tableSchema,
      List<String> partitionColumns, Map<String, String> partitionValues, StructType projection,
      ColumnMappingMode mode, io.tidelake.format.predicate.Predicate skipPredicate, long expectedSize) {
    Object[] constants = constants(tableSchema, partitionColumns, partitionValues, projection);
    RowReadSupport support = new RowReadSupport(projection, constants, path, mode);
    PageIndexFilter pages = skipPredicate == null ? null : new PageIndexFilter(skipPredicate, tableSchema, mode, path);
    return ParquetRowIterator.open(store, path, support, pages, expectedSize);
  }

  /** Per projected column, its partition value (deserialized), or the marker to read it from the file. */
  static Object[] constants(StructType tableSchema, List<String> partitionColumns, Map<String, String> partitionValues,
      StructType projection) {
    Object[] constants = new Object[projection.size()];
    for (int i = 0; i < projection.size(); i++) {
      StructField f = projection.field(i);
      if (isPartitionColumn(f.name(), partitionColumns)) {
        StructField tf = tableSchema.field(f.name());
        StructField typed = tf != null ? tf : f;
        constants[i] = PartitionValues.deserialize(typed.type(), lookup(partitionValues, typed), typed.name());
      } else {
        constants[i] = RowReadSupport.fromFile();
      }
    }
    return constants;
  }

  /**
   * As {@link #readTableFileIndexed}, reading only the row groups that hold a row at {@code rowIndexes}
   * (ascending). The other rows of those row groups are returned too (rows are not skipped inside a row
   * group: see {@code ParquetRowIterator.restrictTo}), so callers keep the rows they want by
   * {@code rowIndex()}. For row-level changes that rewrite a few known rows.
   */
  public static PositionedRowIterator readTableFileRows(ObjectStore store, String path, StructType tableSchema,
      List<String> partitionColumns, Map<String, String> partitionValues, StructType projection,
      ColumnMappingMode mode, long expectedSize, java.util.PrimitiveIterator.OfLong rowIndexes) {
    PositionedRowIterator it = readTableFileIndexed(store, path, tableSchema, partitionColumns, partitionValues,
        projection, mode, null, expectedSize);
    if (it instanceof ParquetRowIterator p) {
      p.restrictTo(rowIndexes);
    }
    return it;
  }

  /** The number of rows in a file, from its footer. */
  public static long rowCount(ObjectStore store, String path) {
    return ParquetFile.readFooter(store, path).rowCount();
  }

  private static boolean isPartitionColumn(String name, List<String> partitionColumns) {
    for (String p : partitionColumns) {
      if (p.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Spark and Kernel key partitionValues by physical name under column mapping, by name otherwise. */
  private static String lookup(Map<String, String> values, StructField f) {
    String physical = ParquetSchemas.physicalName(f);
    if (values.containsKey(physical)) {
      return values.get(physical);
    }
    if (values.containsKey(f.name())) {
      return values.get(f.name());
    }
    String folded = f.name().toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(folded)) {
        return e.getValue();
      }
    }
    return null;
  }
}
