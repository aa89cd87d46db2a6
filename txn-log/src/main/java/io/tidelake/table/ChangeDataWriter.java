package io.tidelake.table;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.parquet.DataFile;
import io.tidelake.format.parquet.TableDataWriter;
import io.tidelake.format.parquet.WriteOptions;
import io.tidelake.format.partition.PartitionPaths;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.internal.ColumnMapping;
import io.tidelake.table.internal.TableContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes change data files ({@code _change_data/.../cdc-*.parquet}): the rows an operation deleted,
 * inserted or updated (pre- and post-image), each with its {@code _change_type}, filed under its own
 * partition values (an update that moves a row writes the pre-image under the old partition and the
 * post-image under the new). What a change data feed reader returns for a commit that has cdc files is
 * exactly these rows. Obtain one from {@link RowDelta#changeDataWriter()}, which commits its files; rows
 * are in table layout (as read from the snapshot). Not thread-safe.
 */
public final class ChangeDataWriter {
  private final TableDataWriter writer;
  private final int width;
  private final StructType schema;
  private long rows;
  private List<AddCDCFile> finished;

  ChangeDataWriter(TableContext ctx, Snapshot base) {
    StructType table = ColumnMapping.resolutionSchema(base.schema(), base.columnMappingMode());
    this.schema = table.add(new StructField(ChangeType.CHANGE_TYPE_COLUMN, PrimitiveType.STRING, true));
    this.width = table.size();
    this.writer = TableDataWriter.forChangeData(ctx.store(), ctx.root(), schema, base.partitionColumns(),
        WriteOptions.fromTableProperties(base.properties()));
  }

  /** Writes {@code row} (the table's columns, in schema order) as a change of kind {@code type}. */
  public void write(Row row, ChangeType type) {
    if (finished != null) {
      throw new IllegalStateException("This change data writer is finished");
    }
    if (row.size() != width) {
      throw new IllegalArgumentException("A change row has the table's " + width + " columns, got " + row.size());
    }
    Object[] v = new Object[width + 1];
    for (int i = 0; i < width; i++) {
      v[i] = row.get(i);
    }
    v[width] = type.text();
    writer.write(GenericRow.trusted(schema, v));
    rows++;
  }

  public long rowsWritten() {
    return rows;
  }

  /** Closes the files and returns their cdc actions (none when no row was written). */
  List<AddCDCFile> finish() {
    if (finished == null) {
      List<AddCDCFile> out = new ArrayList<>();
      for (DataFile f : writer.finish()) {
        out.add(new AddCDCFile(PartitionPaths.encodeLogPath(f.relativePath()), f.partitionValues(), f.sizeBytes(),
            false, null));
      }
      finished = out;
    }
    return finished;
  }

  /** Deletes whatever was written. */
  void abort() {
    writer.abort();
  }
}
