package io.tidelake.table;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.parquet.DataFileReader;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.internal.ColumnMapping;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.replay.ProtocolSupport;
import io.tidelake.table.internal.replay.WriterFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The change data feed of a version range (delta-spark's {@code table_changes}): the table's columns
 * (as of the range's last version) plus {@code _change_type}, {@code _commit_version} and
 * {@code _commit_timestamp}. Per commit, by the protocol's reader rules: a commit with {@code cdc} files is
 * exactly their rows; otherwise its data-changing adds are {@code insert} rows and its data-changing
 * removes {@code delete} rows, except that a remove and an add of the same file (a deletion vector
 * replaced) yield only the rows the new vector deletes (and, for a vector that shrank, re-inserts);
 * {@code dataChange=false} commits (OPTIMIZE) yield nothing. Rows are read lazily, commit by commit.
 */
public final class ChangeFeed {
  private final TableContext ctx;
  private final Snapshot end;
  private final List<VersionChanges> commits;
  private final StructType schema;

  ChangeFeed(TableContext ctx, Table table, long startVersion, long endVersion) {
    if (startVersion < 0 || startVersion > endVersion) {
      throw new IllegalArgumentException("A change feed range needs 0 <= start <= end, got [" + startVersion + ", "
          + endVersion + "]");
    }
    this.ctx = ctx;
    this.end = table.snapshotAt(endVersion);
    this.commits = table.changes(startVersion, endVersion);
    checkRecorded(table.snapshotAt(startVersion).metadata(), startVersion, endVersion);
    this.schema = end.schema()
        .add(new StructField(ChangeType.CHANGE_TYPE_COLUMN, PrimitiveType.STRING, false))
        .add(new StructField(ChangeType.COMMIT_VERSION_COLUMN, PrimitiveType.LONG, false))
        .add(new StructField(ChangeType.COMMIT_TIMESTAMP_COLUMN, PrimitiveType.TIMESTAMP, false));
  }

  /** delta-spark refuses a range in which some version did not record change data: so do we. */
  private void checkRecorded(Metadata atStart, long start, long endVersion) {
    Metadata md = atStart;
    for (VersionChanges c : commits) {
      if (c.metadata() != null) {
        md = c.metadata();
      }
      if (!ProtocolSupport.isTrue(md.configuration().get(WriterFeatures.ENABLE_CDF))
          && !ProtocolSupport.isTrue(md.configuration().get("delta.enableChangeDataCapture"))) {
        throw new ChangeDataNotRecordedException(ctx.root(), start, endVersion, c.version());
      }
    }
  }

  /** The table's columns, then {@code _change_type}, {@code _commit_version}, {@code _commit_timestamp}. */
  public StructType schema() {
    return schema;
  }

  /** The change rows, commit by commit (within a commit, file by file). Close the iterator when done. */
  public CloseableIterator<Row> rows() {
    List<Supplier<CloseableIterator<Row>>> parts = new ArrayList<>();
    for (VersionChanges c : commits) {
      Object[] extra = {c.version(), Instant.ofEpochMilli(c.timestamp())};
      if (!c.cdc().isEmpty()) {
        for (AddCDCFile f : c.cdc()) {
          parts.add(() -> cdcRows(f, extra));
        }
        continue;
      }
      Map<String, RemoveFile> removed = new HashMap<>();
      for (RemoveFile r : c.removes()) {
        if (r.dataChange()) {
          removed.put(r.path(), r);
        }
      }
      for (AddFile a : c.adds()) {
        if (!a.dataChange()) {
          continue;
        }
        RemoveFile r = removed.remove(a.path());
        if (r == null) {
          parts.add(() -> fileRows(a, ChangeType.INSERT, extra));
        } else {
          parts.add(() -> vectorDiff(r, a, extra));
        }
      }
      for (RemoveFile r : removed.values()) {
        requirePartitionValues(r, c.version());
        parts.add(() -> fileRows(asAdd(r), ChangeType.DELETE, extra));
      }
    }
    return CloseableIterator.concat(parts.iterator());
  }

  public List<Row> toList() {
    return rows().toList();
  }

  private CloseableIterator<Row> cdcRows(AddCDCFile f, Object[] extra) {
    StructType table = ColumnMapping.resolutionSchema(end.schema(), end.columnMappingMode());
    StructType withType = table.add(new StructField(ChangeType.CHANGE_TYPE_COLUMN, PrimitiveType.STRING, true));
    String location = ctx.resolveDataPath(f.path());
    CloseableIterator<Row> rows;
    try {
      rows = DataFileReader.readTableFile(ctx.store(), location, withType, end.partitionColumns(),
          f.partitionValues(), withType, end.columnMappingMode());
    } catch (ObjectNotFoundException e) {
      throw new MissingDataFileException(ctx.root(), location, e);
    }
    int width = table.size();
    return rows.map(r -> {
      Object[] v = new Object[width + 3];
      for (int i = 0; i <= width; i++) {
        v[i] = r.get(i);
      }
      v[width + 1] = extra[0];
      v[width + 2] = extra[1];
      return GenericRow.trusted(schema, v);
    });
  }

  /** Every live row of {@code f} (its own deletion vector applied) as a change of kind {@code type}. */
  private CloseableIterator<Row> fileRows(AddFile f, ChangeType type, Object[] extra) {
    return end.readFile(f, null, null).map(r -> withChange(r, type, extra));
  }

  /**
   * A deletion vector replaced: rows in the new vector but not the old are deleted now; rows in the old but
   * not the new came back (a restore).
   */
  private CloseableIterator<Row> vectorDiff(RemoveFile removed, AddFile added, Object[] extra) {
    DeletedRows before = Filters.deletedRows(ctx, asAdd(removed));
    DeletedRows after = Filters.deletedRows(ctx, added);
    DeletedRows deletedNow = after.minus(before);
    DeletedRows restored = before.minus(after);
    if (deletedNow.isEmpty() && restored.isEmpty()) {
      return CloseableIterator.empty();
    }
    PositionedRowIterator all = end.readFile(added.withDeletionVector(null), null, null);
    return new CloseableIterator<>() {
      private Row next;

      @Override
      public boolean hasNext() {
        while (next == null && all.hasNext()) {
          Row r = all.next();
          long i = all.rowIndex();
          if (deletedNow.contains(i)) {
            next = withChange(r, ChangeType.DELETE, extra);
          } else if (restored.contains(i)) {
            next = withChange(r, ChangeType.INSERT, extra);
          }
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
      }

      @Override
      public void close() {
        all.close();
      }
    };
  }

  private Row withChange(Row r, ChangeType type, Object[] extra) {
    int width = r.size();
    Object[] v = new Object[width + 3];
    for (int i = 0; i < width; i++) {
      v[i] = r.get(i);
    }
    v[width] = type.text();
    v[width + 1] = extra[0];
    v[width + 2] = extra[1];
    return GenericRow.trusted(schema, v);
  }

  /**
   * A remove written without extended file metadata does not say the partition values of its rows; reading
   * them as nulls would give wrong delete rows, so the range is refused.
   */
  private void requirePartitionValues(RemoveFile r, long version) {
    for (String p : end.partitionColumns()) {
      Map<String, String> values = r.partitionValues();
      String physical = end.schema().field(p) == null ? p : end.schema().field(p).physicalName();
      if (values == null || !(values.containsKey(p) || values.containsKey(physical))) {
        throw new ChangeDataNotRecordedException("Cannot read the change data feed of " + ctx.root() + " at version "
            + version + ": it removes " + r.path() + " without its partition values (a remove without extended "
            + "file metadata, written by an older engine), so the deleted rows' partition column '" + p
            + "' is unknown. Read the feed from a later version.");
      }
    }
  }

  /** A remove read as the file it removed (extended metadata carries partition values and size). */
  private static AddFile asAdd(RemoveFile r) {
    return new AddFile(r.path(), r.partitionValues(), r.size() == null ? -1 : r.size(), 0, true, r.stats(), r.tags(),
        r.deletionVector(), r.baseRowId(), r.defaultRowCommitVersion(), null);
  }
}
