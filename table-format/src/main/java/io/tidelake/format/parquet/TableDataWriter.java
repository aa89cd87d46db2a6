package io.tidelake.format.parquet;

import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.parquet.internal.ParquetFiles;
import io.tidelake.format.parquet.internal.ParquetSchemas;
import io.tidelake.format.parquet.internal.RowWriteSupport;
import io.tidelake.format.parquet.internal.StoreOutputFile;
import io.tidelake.format.partition.PartitionPaths;
import io.tidelake.format.partition.PartitionValues;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.StorageException;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes table rows into Parquet data files: one open file per partition (a Hive-style directory), each
 * rolled over when it reaches the target size, with Delta statistics collected while writing. Partition
 * column values are not stored in the files (the log carries them).
 *
 * <p>Rows must already be in table layout ({@link io.tidelake.format.RowConformer} ran): values of the
 * schema's Java types, nullability checked. {@link #finish()} returns the files for the commit; nothing is
 * visible to readers until a commit references them. On failure call {@link #abort()}, which deletes the
 * files this writer created. {@link #close()} without {@code finish()} aborts.
 *
 * <p>Memory: every open file buffers up to one row group (default up to 128 MiB, in practice the encoded
 * size of the rows since the last flush), so a write touching many partitions at once holds one buffer per
 * partition. The open files of one writer together buffer at most {@link #bufferLimit(long)} (default a
 * sixteenth of the heap, at least 16 MiB): past it the file buffering most is closed early and its
 * partition continues in a new file, as Spark's writers shrink row groups under memory pressure. More,
 * smaller files are the price (OPTIMIZE compacts them); an out-of-memory error would be the alternative.
 * Sorting or clustering input by partition avoids both.
 *
 * <p>Not thread-safe: one instance per thread. Instances are independent, so several may write the same
 * table in parallel (file names are unique).
 */
public final class TableDataWriter implements AutoCloseable {
  private final ObjectStore store;
  private final String tableRoot;
  private final StructType tableSchema;
  private final StructType dataSchema;
  private final int[] dataOrdinals;
  private final int[] partOrdinals;
  private final DataType[] partTypes;
  private final List<String> partNames; // physical names: partitionValues keys and directory names
  private final WriteOptions opts;
  /** Directory under the table root the files go to ("" for data files, "_change_data/" for CDC files). */
  private String directoryPrefix = "";
  private String filePrefix = "part";

  private final Map<List<String>, OpenFile> open = new HashMap<>();
  private final List<OpenFile> created = new ArrayList<>();
  private OpenFile last; // the file of the previous row: consecutive rows usually share a partition
  private Object[] lastPartValues;
  private int fileCounter;
  private long rows;
  private long closedBytes;
  /** The open files' buffered bytes as last measured (at their size checks), and the limit on their sum. */
  private long bufferedTotal;
  private long bufferLimit = defaultBufferLimit();
  private int memoryRolls;
  /** Columns written without a dictionary, and those whose dictionary a finished file gave up on. */
  private java.util.Set<String> plainColumns = java.util.Set.of();
  private final java.util.Set<String> dictionaryFallbacks = new java.util.TreeSet<>();
  private boolean failed;
  private boolean done;

  public TableDataWriter(ObjectStore store, String tableRoot, StructType tableSchema, List<String> partitionColumns,
      WriteOptions opts) {
    this.store = Objects.requireNonNull(store, "store");
    this.tableRoot = Objects.requireNonNull(tableRoot, "tableRoot");
    this.tableSchema = Objects.requireNonNull(tableSchema, "tableSchema");
    this.opts = Objects.requireNonNull(opts, "opts");
    int np = partitionColumns.size();
    this.partOrdinals = new int[np];
    this.partTypes = new DataType[np];
    List<String> names = new ArrayList<>(np);
    boolean[] isPartition = new boolean[tableSchema.size()];
    for (int i = 0; i < np; i++) {
      int ord = tableSchema.indexOf(partitionColumns.get(i));
      if (ord < 0) {
        throw new TidelakeException("Partition column '" + partitionColumns.get(i) + "' is not in the table schema "
            + tableSchema.fieldNames() + ".");
      }
      StructField f = tableSchema.field(ord);
      if (!(f.type() instanceof PrimitiveType || f.type() instanceof DecimalType)) {
        throw new TidelakeException("Partition column '" + f.name() + "' has type " + f.type().simpleString()
            + "; partition columns must have a primitive type.");
      }
      partOrdinals[i] = ord;
      partTypes[i] = f.type();
      names.add(ParquetSchemas.physicalName(f));
      isPartition[ord] = true;
    }
    this.partNames = List.copyOf(names);
    List<StructField> data = new ArrayList<>();
    List<Integer> ords = new ArrayList<>();
    for (int i = 0; i < tableSchema.size(); i++) {
      if (!isPartition[i]) {
        data.add(tableSchema.field(i));
        ords.add(i);
      }
    }
    if (data.isEmpty()) {
      throw new TidelakeException("Every column of " + tableSchema.fieldNames() + " is a partition column; "
          + "a Delta table needs at least one column that is not.");
    }
    this.dataSchema = new StructType(data);
    this.dataOrdinals = ords.stream().mapToInt(Integer::intValue).toArray();
    this.lastPartValues = new Object[np];
  }

  /**
   * A writer of change data (CDC) files: {@code tableSchemaWithChangeType} is the table schema plus the
   * {@code _change_type} string column; files go to {@code _change_data/<partition dirs>/cdc-*.parquet},
   * where every Delta reader of the table's data ignores them.
   */
  public static TableDataWriter forChangeData(ObjectStore store, String tableRoot,
      StructType tableSchemaWithChangeType, List<String> partitionColumns, WriteOptions opts) {
    TableDataWriter w = new TableDataWriter(store, tableRoot, tableSchemaWithChangeType, partitionColumns, opts);
    w.directoryPrefix = CHANGE_DATA_DIR + "/";
    w.filePrefix = "cdc";
    return w;
  }

  /** The directory of change data files under the table root (PROTOCOL.md "Change Data Files"). */
  public static final String CHANGE_DATA_DIR = "_change_data";

  /** A sixteenth of the maximum heap, at least 16 MiB: a MERGE or OPTIMIZE runs a few writers at once. */
  static long defaultBufferLimit() {
    return Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 16);
  }

  /**
   * Caps the bytes this writer's open files buffer together (see the class comment); returns this.
   *
   * @throws IllegalArgumentException when {@code bytes} is not positive
   */
  public TableDataWriter bufferLimit(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("buffer limit must be positive, got " + bytes);
    }
    this.bufferLimit = bytes;
    return this;
  }

  /**
   * Writes these data columns (Parquet dotted paths, as {@link #dictionaryFallbacks()} names them) with
   * plain encoding from the first value, skipping the dictionary Parquet would otherwise try on each new
   * file; returns this. For writers of many small files to one table (a stream's batches): a column whose
   * dictionary an earlier file gave up on (unique ids, measurements) would be dictionary-encoded again for
   * every file's whole first page, only to be written plain after it.
   */
  public TableDataWriter withoutDictionary(java.util.Set<String> columnPaths) {
    this.plainColumns = java.util.Set.copyOf(columnPaths);
    return this;
  }

  /**
   * The data columns (dotted paths) for which some file this writer finished started with a dictionary and
   * fell back to plain encoding: Parquet found the dictionary not worth it for their values.
   */
  public java.util.Set<String> dictionaryFallbacks() {
    return java.util.Collections.unmodifiableSet(dictionaryFallbacks);
  }

  /** Files closed before their target size because the open files' buffers reached the limit. */
  public int memoryRolls() {
    return memoryRolls;
  }

  /** The schema of the data files: the table schema without partition columns. */
  public StructType dataSchema() {
    return dataSchema;
  }

  /** Writes one row (table layout). */
  public void write(Row row) {
    if (done || failed) {
      throw new IllegalStateException(failed ? "This writer failed earlier; call abort()."
          : "This writer is finished or aborted.");
    }
    if (row.size() != tableSchema.size()) {
      throw new IllegalArgumentException("Row has " + row.size() + " columns, the table has " + tableSchema.size()
          + "; pass rows through RowConformer first.");
    }
    try {
      OpenFile f = fileFor(row);
      f.writer.write(row);
      rows++;
      if (++f.rows >= f.nextSizeCheck) {
        checkSize(f);
      }
    } catch (IOException e) {
      failed = true;
      throw new StorageException("Cannot write data file: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      failed = true; // a half-written record leaves the Parquet writer unusable
      throw e;
    }
  }

  private OpenFile fileFor(Row row) {
    int np = partOrdinals.length;
    if (last != null) {
      boolean same = true;
      for (int i = 0; i < np && same; i++) {
        same = sameValue(lastPartValues[i], row.get(partOrdinals[i]));
      }
      if (same) {
        return last;
      }
    }
    List<String> key = new ArrayList<>(np);
    for (int i = 0; i < np; i++) {
      Object v = row.get(partOrdinals[i]);
      lastPartValues[i] = v;
      key.add(PartitionValues.serialize(partTypes[i], v));
    }
    OpenFile f = open.get(key);
    if (f == null) {
      f = newFile(key);
      open.put(key, f);
    }
    last = f;
    return f;
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    return Objects.equals(a, b);
  }

  private OpenFile newFile(List<String> serialized) {
    String dir = PartitionPaths.partitionDirectory(partNames, serialized);
    String name = filePrefix + PartitionPaths.dataFileName(fileCounter++, UUID.randomUUID(), opts.codec().fileSuffix())
        .substring("part".length());
    String relative = directoryPrefix + (dir.isEmpty() ? name : dir + "/" + name);
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < partNames.size(); i++) {
      values.put(partNames.get(i), serialized.get(i));
    }
    OpenFile f = new OpenFile(serialized, relative, store.resolve(tableRoot, relative), values);
    created.add(f); // before opening: abort() must delete it even if opening fails half-way
    f.out = new StoreOutputFile(store, f.absolutePath);
    f.support = new RowWriteSupport(dataSchema, dataOrdinals, opts.numIndexedCols());
    try {
      f.writer = ParquetFiles.openWriter(f.out, f.support, opts.codec().parquetName(), opts.effectiveRowGroupSize(),
          opts.pageSizeBytes(), plainColumns);
    } catch (IOException e) {
      throw new StorageException("Cannot create data file " + f.absolutePath + ": " + e.getMessage(), e);
    }
    return f;
  }

  /**
   * Rolls the file once it reaches the target. getDataSize() sums every column's buffers, so it is not
   * called per row: the next check is scheduled about halfway to the target at the current bytes per row.
   */
  private void checkSize(OpenFile f) throws IOException {
    long size = f.writer.getDataSize();
    long target = opts.targetFileSizeBytes();
    if (size >= target) {
      roll(f);
      return;
    }
    long buffered = Math.max(0, size - f.out.bytesWritten()); // row groups already flushed are on disk
    bufferedTotal += buffered - f.buffered;
    f.buffered = buffered;
    if (bufferedTotal > bufferLimit && open.size() > 1) {
      OpenFile largest = f;
      for (OpenFile o : open.values()) {
        if (o.buffered > largest.buffered) {
          largest = o;
        }
      }
      memoryRolls++;
      roll(largest);
      if (largest == f) {
        return;
      }
    }
    long perRow = Math.max(1, size / f.rows);
    // a lone open file is bounded by its row group, not by the limit: do not check it every row
    long room = open.size() > 1 ? Math.max(0, bufferLimit - bufferedTotal) : Long.MAX_VALUE;
    long step = Math.min(target - size, room) / perRow / 2;
    f.nextSizeCheck = f.rows + Math.max(1, Math.min(step, 10_000));
  }

  /** Closes an open file; its partition's next row starts a new one. */
  private void roll(OpenFile f) throws IOException {
    closeFile(f);
    open.remove(f.key);
    if (last == f) {
      last = null;
    }
  }

  private void closeFile(OpenFile f) throws IOException {
    bufferedTotal -= f.buffered;
    f.buffered = 0;
    f.writer.close();
    for (org.apache.parquet.hadoop.metadata.BlockMetaData block : f.writer.getFooter().getBlocks()) {
      for (org.apache.parquet.hadoop.metadata.ColumnChunkMetaData c : block.getColumns()) {
        // Parquet gives a dictionary up either after its first page (the page is then re-encoded plain: no
        // dictionary page at all) or once the dictionary outgrows its page (dictionary, then plain pages)
        org.apache.parquet.column.EncodingStats es = c.getEncodingStats();
        String path = c.getPath().toDotString();
        if (es != null && c.getPrimitiveType().getPrimitiveTypeName()
            != org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN // never dictionary-encoded
            && c.getValueCount() > 0 && !plainColumns.contains(path)
            && (!es.hasDictionaryPages() || es.hasNonDictionaryEncodedPages())) {
          dictionaryFallbacks.add(path);
        }
      }
    }
    long size = f.out.bytesWritten();
    closedBytes += size;
    f.result = new DataFile(f.relativePath, f.partitionValues, size, f.rows, f.support.stats(f.rows),
        System.currentTimeMillis());
    f.writer = null;
  }

  /** Closes all files and returns them in creation order. */
  public List<DataFile> finish() {
    if (failed) {
      throw new IllegalStateException("This writer failed earlier; call abort() to delete its files.");
    }
    if (done) {
      throw new IllegalStateException("finish() or abort() was already called.");
    }
    try {
      for (OpenFile f : created) {
        if (f.writer != null) {
          closeFile(f);
        }
      }
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e instanceof RuntimeException r ? r
          : new StorageException("Cannot finish data file: " + e.getMessage(), e);
    }
    done = true;
    open.clear();
    last = null;
    List<DataFile> out = new ArrayList<>(created.size());
    for (OpenFile f : created) {
      out.add(f.result);
    }
    return out;
  }

  /**
   * Closes and deletes every file this writer created, best effort (leftovers are unreferenced and removed
   * by vacuum). Also valid after {@link #finish()}, for when the commit that should reference them fails.
   */
  public void abort() {
    done = true;
    for (OpenFile f : created) {
      if (f.result == null && f.out != null) {
        f.out.abort(); // not writer.close(): no point compressing a row group we delete next
      }
      f.writer = null; // its buffers go with it
      try {
        store.delete(f.absolutePath);
      } catch (RuntimeException ignored) {
        // best effort: an unreferenced file is invisible to readers and removed by vacuum
      }
    }
    // then the partition directories those files were the first in (vacuum does not remove directories,
    // and an empty date=.../ looks like data to people and to tools that list partitions by directory)
    for (OpenFile f : created) {
      try {
        store.deleteEmptyParents(f.absolutePath, tableRoot);
      } catch (RuntimeException ignored) {
        // best effort, as above
      }
    }
    open.clear();
    last = null;
  }

  /** Aborts unless {@link #finish()} was called. */
  @Override
  public void close() {
    if (!done) {
      abort();
    }
  }

  /** Bytes written so far (closed files exactly, open files as Parquet's estimate). */
  public long bytesWritten() {
    long b = closedBytes;
    for (OpenFile f : created) {
      if (f.writer != null) {
        b += f.writer.getDataSize();
      }
    }
    return b;
  }

  /** Data files completed (closed) so far, for progress reports. */
  public int filesCompleted() {
    int n = 0;
    for (OpenFile f : created) {
      if (f.result != null) {
        n++;
      }
    }
    return n;
  }

  public long rowsWritten() {
    return rows;
  }

  private static final class OpenFile {
    final List<String> key;
    final String relativePath;
    final String absolutePath;
    final Map<String, String> partitionValues;
    StoreOutputFile out;
    RowWriteSupport support;
    ParquetWriter<Row> writer;
    long rows;
    long nextSizeCheck = 1;
    long buffered;
    DataFile result;

    OpenFile(List<String> key, String relativePath, String absolutePath, Map<String, String> partitionValues) {
      this.key = key;
      this.relativePath = relativePath;
      this.absolutePath = absolutePath;
      this.partitionValues = partitionValues;
    }
  }
}
