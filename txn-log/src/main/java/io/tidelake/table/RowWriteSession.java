package io.tidelake.table;

import io.tidelake.format.Row;
import io.tidelake.format.RowConformer;
import io.tidelake.format.parquet.DataFile;
import io.tidelake.format.parquet.TableDataWriter;
import io.tidelake.format.parquet.WriteOptions;
import io.tidelake.format.partition.PartitionPaths;
import io.tidelake.table.actions.AddFile;
import io.tidelake.format.types.StructType;
import io.tidelake.table.internal.ColumnMapping;
import io.tidelake.table.internal.TableContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams rows into new data files of a table: schema enforcement (RowConformer), partition routing
 * and file rolling (TableDataWriter), progress reports, and the AddFile actions for the result. A row
 * that fails enforcement aborts the session and deletes every file it wrote, so a bad batch leaves
 * nothing behind.
 */
final class RowWriteSession {
  private static final long PROGRESS_EVERY_ROWS = 100_000;

  private final TableContext ctx;
  private final String operation;
  private final RowConformer conformer;
  private final TableDataWriter writer;
  private final Consumer<WriteProgress> progress;
  private final java.util.function.Predicate<Row> rowCheck;
  private long rows;
  private boolean closed;

  /**
   * @param rowCheck extra per-row condition (replaceWhere); null for none. It receives the conformed row
   *     and returns false to refuse it; it may instead throw its own exception.
   */
  RowWriteSession(TableContext ctx, Snapshot snapshot, String operation, Consumer<WriteProgress> progress,
      java.util.function.Predicate<Row> rowCheck) {
    this(ctx, snapshot, operation, progress, rowCheck, WriteOptions.fromTableProperties(snapshot.properties()));
  }

  /** As above, with explicit write options (a compaction's own target file size). */
  RowWriteSession(TableContext ctx, Snapshot snapshot, String operation, Consumer<WriteProgress> progress,
      java.util.function.Predicate<Row> rowCheck, WriteOptions options) {
    this.ctx = ctx;
    this.operation = operation;
    // Files are written with the schema readers resolve columns by: leftover column-mapping metadata on a
    // table without column mapping must not turn into physical column names nobody reads.
    StructType schema = ColumnMapping.resolutionSchema(snapshot.schema(), snapshot.columnMappingMode());
    this.conformer = new RowConformer(schema);
    this.writer = new TableDataWriter(ctx.store(), ctx.root(), schema, snapshot.partitionColumns(), options)
        .withoutDictionary(ctx.plainColumns());
    this.progress = progress;
    this.rowCheck = rowCheck;
  }

  /**
   * Writes files for a table definition that is not committed yet (a replace's new schema and
   * partitioning); the schema carries no column mapping.
   */
  RowWriteSession(TableContext ctx, StructType schema, java.util.List<String> partitionColumns,
      java.util.Map<String, String> properties, String operation, Consumer<WriteProgress> progress) {
    this.ctx = ctx;
    this.operation = operation;
    this.conformer = new RowConformer(schema);
    this.writer = new TableDataWriter(ctx.store(), ctx.root(), schema, partitionColumns,
        WriteOptions.fromTableProperties(properties)).withoutDictionary(ctx.plainColumns());
    this.progress = progress;
    this.rowCheck = null;
  }

  /** Writes one user row; position {@code rows} in this session is its index for error messages. */
  void write(Row row) {
    try {
      Row conformed = conformer.conform(row, rows);
      if (rowCheck != null && !rowCheck.test(conformed)) {
        throw new io.tidelake.format.SchemaViolationException("*", rows,
            "the row does not satisfy the operation's condition.");
      }
      writer.write(conformed);
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
    rows++;
    if (rows % PROGRESS_EVERY_ROWS == 0) {
      progress.accept(new WriteProgress(operation, rows, writer.filesCompleted(), writer.bytesWritten()));
    }
  }

  /**
   * Writes every row of {@code rows}; if the iterator itself fails (a bad input file), {@code onFailure}
   * runs first, so the update that owns this session can abort and leave no files behind.
   */
  void writeAll(java.util.Iterator<? extends Row> rows, Runnable onFailure) {
    try {
      while (rows.hasNext()) {
        write(rows.next());
      }
    } catch (RuntimeException e) {
      onFailure.run();
      throw e;
    }
  }

  long rowsWritten() {
    return rows;
  }

  /** Closes all files; returns their add actions (dataChange=true). */
  List<AddFile> finish() {
    closed = true;
    List<DataFile> files;
    try {
      files = writer.finish();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
    ctx.learnPlainColumns(writer.dictionaryFallbacks());
    List<AddFile> adds = new ArrayList<>(files.size());
    long bytes = 0;
    for (DataFile f : files) {
      bytes += f.sizeBytes();
      adds.add(AddFile.of(PartitionPaths.encodeLogPath(f.relativePath()), f.partitionValues(), f.sizeBytes(),
          f.modificationTime(), true, f.stats() == null ? null : f.stats().toJson()));
    }
    progress.accept(new WriteProgress(operation, rows, files.size(), bytes));
    return adds;
  }

  void abort() {
    if (!closed) {
      closed = true;
      writer.abort();
    }
  }

}
