package io.tidelake.table.internal;

import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.parquet.DataFileColumns;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.types.StructType;
import io.tidelake.table.MissingDataFileException;
import io.tidelake.table.Snapshot;
import io.tidelake.table.actions.AddFile;
import java.util.List;

/** Reading one of a snapshot's files column by column ({@link DataFileColumns}), with the checks of a row read. */
public final class ColumnScans {
  private ColumnScans() {}

  /**
   * The {@code columns} of {@code add} (a file of {@code s}) to read by column, or null when the file must be
   * read by rows instead ({@link Filters#readFileIndexed}): it has a deletion vector, or a column is not
   * flat in the table or in the file. The file's size is checked against the add's, as a row read does.
   */
  public static DataFileColumns open(TableContext ctx, Snapshot s, AddFile add, List<String> columns) {
    StructType readSchema = s.schema().select(columns);
    if (add.deletionVector() != null || !DataFileColumns.readable(readSchema)) {
      return null;
    }
    ColumnMappingMode mode = s.columnMappingMode();
    String location = ctx.resolveDataPath(add.path());
    if (DataPaths.isInLog(ctx.root(), location)) {
      return null; // the row read refuses it with the full explanation
    }
    try {
      return DataFileColumns.open(ctx.store(), location, ColumnMapping.resolutionSchema(s.schema(), mode),
          s.partitionColumns(), add.partitionValues(), ColumnMapping.resolutionSchema(readSchema, mode), mode,
          add.size());
    } catch (ObjectNotFoundException e) {
      throw new MissingDataFileException(ctx.root(), location, e);
    }
  }
}
