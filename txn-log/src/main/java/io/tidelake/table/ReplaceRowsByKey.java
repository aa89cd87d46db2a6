package io.tidelake.table;

import io.tidelake.format.Row;
import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.replay.WriterFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stages "these rows replace the table's rows with the same key" into a {@link RowDelta}: an upsert by key
 * without a join condition (what a streaming sink in output mode {@code update} needs). Existing rows whose
 * key columns equal a new row's (null-safe: a null key value equals null) are deleted — by deletion vector
 * when the table has {@code delta.enableDeletionVectors=true}, else by rewriting their file without them
 * (copy-on-write) — and the new rows are written; within the new rows the last of a key wins. With the
 * change data feed on, replaced rows are recorded as {@code update_preimage}/{@code update_postimage} and
 * new keys as {@code insert}.
 *
 * <p>{@link #within} narrows the files read: a predicate true for every existing row that may share a key
 * with a new row (e.g. a range of a time column); files whose partition values and stats rule it out are not
 * read, and it becomes the delta's conflict-detection filter. Without it every file is read and any
 * concurrent data change conflicts. The caller commits the delta (with its own txn and operation).
 *
 * <pre>{@code
 * RowDelta d = table.newRowDelta();
 * ReplaceRowsByKey.Outcome o = ReplaceRowsByKey.into(d, List.of("id")).within("day = '2025-01-01'").replace(rows);
 * d.txn(appId, version).operation("STREAMING UPDATE", params, metrics).commit();
 * }</pre>
 */
public final class ReplaceRowsByKey {
  private final RowDelta delta;
  private final List<String> key;
  private Predicate scope;

  /** What {@link #replace} staged: rows deleted because a new row replaces them, new rows, rows copied. */
  public record Outcome(long replacedRows, long insertedRows, long copiedRows, long filesRead) {}

  private ReplaceRowsByKey(RowDelta delta, List<String> key) {
    if (key.isEmpty()) {
      throw new SchemaViolationException("(key)", -1, "a replace by key needs at least one key column");
    }
    this.delta = delta;
    this.key = List.copyOf(key);
  }

  public static ReplaceRowsByKey into(RowDelta delta, List<String> keyColumns) {
    return new ReplaceRowsByKey(delta, keyColumns);
  }

  /** Only rows where {@code predicate} holds can share a key with the new rows (prunes files; conflict filter). */
  public ReplaceRowsByKey within(String predicate) {
    return within(Filters.parse(predicate, delta.snapshot().schema()));
  }

  public ReplaceRowsByKey within(Predicate predicate) {
    this.scope = predicate == null ? null : Filters.bind(predicate, delta.snapshot().schema());
    if (scope != null) {
      RowChanges.requireDeterministic(scope, "a replace by key");
    }
    return this;
  }

  /** Deletes the rows with the keys of {@code rows} and writes {@code rows} (of the table's columns). */
  public Outcome replace(Collection<? extends Row> rows) {
    Snapshot base = delta.snapshot();
    StructType schema = base.schema();
    List<String> columns = new ArrayList<>();
    for (String k : key) {
      StructField f = schema.field(k);
      if (f == null) {
        throw new SchemaViolationException(k, -1, "the key column is not in table " + base.location() + " ("
            + String.join(", ", schema.fieldNames()) + "); name one of its columns");
      }
      columns.add(f.name());
    }
    Map<List<Object>, Row> byKey = new LinkedHashMap<>();
    for (Row r : rows) {
      List<Object> k = new ArrayList<>(columns.size());
      for (String c : columns) {
        k.add(r.get(c));
      }
      byKey.remove(k); // the last row of a key wins
      byKey.put(k, r);
    }
    if (byKey.isEmpty()) {
      return new Outcome(0, 0, 0, 0);
    }
    List<AddFile> candidates = scope == null ? new ArrayList<>(base.files()) : MatchingFiles.of(base, scope).touched();
    if (scope == null) {
      delta.validateNoConcurrentData();
    } else {
      delta.conflictDetectionFilter(scope).validateFilesRead(candidates);
    }
    boolean dv = RowChanges.dvEnabled(base);
    boolean cdf = RowChanges.cdfEnabled(base);
    Set<List<Object>> replaced = new HashSet<>();
    long replacedRows = 0;
    long copied = 0;
    long read = 0;
    DataWriter copy = null;
    for (AddFile f : candidates) {
      read++;
      DeletedRows.Builder positions = DeletedRows.builder();
      // only the key columns, unless the change feed needs the old rows whole
      try (PositionedRowIterator it = base.readFile(f, cdf ? null : columns, scope)) {
        while (it.hasNext()) {
          Row r = it.next();
          List<Object> k = new ArrayList<>(columns.size());
          for (String c : columns) {
            k.add(r.get(c));
          }
          if (byKey.containsKey(k)) {
            positions.add(it.rowIndex());
            replaced.add(k);
            if (cdf) {
              delta.changeDataWriter().write(r, ChangeType.UPDATE_PREIMAGE);
            }
          }
        }
      }
      DeletedRows gone = positions.build();
      if (gone.cardinality() == 0) {
        continue;
      }
      replacedRows += gone.cardinality();
      if (dv) {
        delta.deleteRows(f, gone);
      } else {
        copy = copy != null ? copy : delta.dataWriter();
        delta.removeFile(f);
        copied += DeleteRows.copySurvivors(base, f, gone, copy);
      }
    }
    DataWriter out = copy != null ? copy : delta.dataWriter();
    for (Map.Entry<List<Object>, Row> e : byKey.entrySet()) {
      out.write(e.getValue());
      if (cdf) {
        delta.changeDataWriter().write(e.getValue(),
            replaced.contains(e.getKey()) ? ChangeType.UPDATE_POSTIMAGE : ChangeType.INSERT);
      }
    }
    if (cdf) {
      delta.declareWriterFeatures(WriterFeatures.CHANGE_DATA_FEED);
    }
    return new Outcome(replacedRows, byKey.size() - replaced.size(), copied, read);
  }
}
