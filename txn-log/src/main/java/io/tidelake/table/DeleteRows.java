package io.tidelake.table;

import io.tidelake.format.Row;
import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.codec.PlainJson;
import io.tidelake.table.internal.replay.WriterFeatures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pending DELETE: files whose partition values satisfy the predicate are dropped whole; in files it may
 * partly match (by partition values and min/max stats) the matching rows are deleted — by deletion vector
 * when the table has {@code delta.enableDeletionVectors=true}, else by rewriting the file without them
 * (copy-on-write); files where no row matches are left alone. Rows where the predicate is NULL are kept,
 * as in SQL. Without a predicate every file is removed. With the change data feed on, the deleted rows
 * are written as {@code delete} change rows whenever a file had to be read (a pure partition drop is
 * recorded by its removes alone, as delta-spark does). Commits through a {@link RowDelta}.
 */
public final class DeleteRows extends PendingUpdate<DeleteRows> {
  private Predicate condition;
  private String conditionText;

  DeleteRows(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  public DeleteRows where(String predicate) {
    return where(Filters.parse(predicate, base.schema()));
  }

  public DeleteRows where(Predicate predicate) {
    this.condition = Filters.bind(predicate, base.schema());
    RowChanges.requireDeterministic(condition, "DELETE");
    this.conditionText = Filters.toSql(condition);
    return this;
  }

  public CommitResult commit() {
    checkOpen();
    markDone();
    long start = System.nanoTime();
    RowDelta delta = inheritSettings(new RowDelta(ctx, base));
    MatchingFiles touched = MatchingFiles.of(base, condition);
    boolean dv = RowChanges.dvEnabled(base);
    boolean cdf = RowChanges.cdfEnabled(base);
    long deletedRows = 0;
    long copiedRows = 0;
    long scanNanos = 0;
    List<Action> actions;
    try {
      if (condition == null) {
        delta.validateNoConcurrentData();
      } else {
        delta.conflictDetectionFilter(condition).validateFilesRead(touched.touched());
      }
      touched.dropWhole.forEach(delta::removeFile);
      DataWriter copy = dv || touched.rewrite.isEmpty() ? null : delta.copyWriter(); // kept rows, not new
      Filters.RowTest test = condition == null ? null : Filters.rowTest(condition, base.schema());
      long scanStart = System.nanoTime();
      for (AddFile f : touched.rewrite) {
        long[] counts = deleteIn(f, test, delta, copy, cdf);
        deletedRows += counts[0];
        copiedRows += counts[1];
      }
      scanNanos = System.nanoTime() - scanStart;
      if (cdf && delta.changeDataWriter().rowsWritten() > 0) {
        // once a commit has cdc files, readers take its changes from them alone: the dropped files too
        for (AddFile f : touched.dropWhole) {
          writeAll(f, delta.changeDataWriter(), ChangeType.DELETE);
        }
      }
      actions = delta.apply();
    } catch (RuntimeException e) {
      delta.abort(); // e.g. a damaged file among those to rewrite: leave nothing behind
      throw e;
    }
    Long droppedWhole = touched.liveRowsInDroppedFiles();
    Map<String, String> metrics = metrics(actions, droppedWhole == null ? null : droppedWhole + deletedRows,
        copiedRows, start, scanNanos);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("predicate", PlainJson.toJsonText(conditionText == null ? List.of() : List.of(conditionText)));
    if (actions.isEmpty() && txnAppId == null && stageRequest == null) {
      delta.abort(); // nothing matched: no commit, as Spark does for a DELETE that touches no file
      return new CommitResult(base.version(), false, 0, metrics);
    }
    delta.operation("DELETE", params, metrics);
    if (cdf) {
      delta.declareWriterFeatures(WriterFeatures.CHANGE_DATA_FEED);
    }
    CommitResult r = delta.commit();
    staged = delta.staged;
    return r;
  }

  /**
   * Finds and writes what the DELETE changes (new files, deletion vectors, change data) and keeps it as the
   * staged commit {@code id} instead of committing: {@code staged.scan()} shows the table without the
   * changed rows' old versions, {@code stagedRows()} only the rows it writes anew, and {@code publish()}
   * commits it conflict-checked with the read set a direct commit would have. A DELETE that matches no row is
   * staged too (its publish commits no file).
   *
   * @throws StagedCommitException ALREADY_EXISTS when the table has a staged commit with that id
   */
  public StagedCommit stage(String id) {
    return stageVia(id, null, this::commit, this::markDone);
  }

  /**
   * Deletes the matching rows of one file into {@code delta}: by position when {@code copy} is null, else
   * by removing the file and copying its other rows. The matches are found reading only the predicate's
   * columns (all columns when the change feed needs the deleted rows); the copy is a second read, so
   * memory stays bounded by a row. Returns {deleted, copied}.
   */
  private long[] deleteIn(AddFile f, Filters.RowTest test, RowDelta delta, DataWriter copy, boolean cdf) {
    DeletedRows gone;
    if (cdf) {
      // the change feed needs the deleted rows whole: one full read
      DeletedRows.Builder positions = DeletedRows.builder();
      try (PositionedRowIterator it = base.readFile(f, null, null)) {
        while (it.hasNext()) {
          Row r = it.next();
          if (test.test(r)) {
            positions.add(it.rowIndex());
            delta.changeDataWriter().write(r, ChangeType.DELETE);
          }
        }
      }
      gone = positions.build();
    } else {
      gone = RowChanges.matching(base, f, condition); // only the predicate's columns
    }
    long deleted = gone.cardinality();
    if (deleted == 0) {
      return new long[] {0, 0}; // untouched: no action for this file
    }
    if (copy == null) {
      delta.deleteRows(f, gone);
      return new long[] {deleted, 0};
    }
    delta.removeFile(f);
    return new long[] {deleted, copySurvivors(base, f, gone, copy)};
  }

  /** Copies the live rows of {@code f} whose index is not in {@code gone}; returns how many. */
  static long copySurvivors(Snapshot base, AddFile f, DeletedRows gone, DataWriter copy) {
    long copied = 0;
    try (PositionedRowIterator it = base.readFile(f, null, null)) {
      while (it.hasNext()) {
        Row r = it.next();
        if (!gone.contains(it.rowIndex())) {
          copy.write(r);
          copied++;
        }
      }
    }
    return copied;
  }

  private void writeAll(AddFile f, ChangeDataWriter cdc, ChangeType type) {
    try (PositionedRowIterator it = base.readFile(f, null, null)) {
      while (it.hasNext()) {
        cdc.write(it.next(), type);
      }
    }
  }

  private static Map<String, String> metrics(List<Action> actions, Long deletedRows, long copiedRows, long start,
      long scanNanos) {
    Map<String, String> m = new LinkedHashMap<>();
    RowLevelMetrics.files(actions, m);
    if (deletedRows != null) {
      m.put("numDeletedRows", String.valueOf(deletedRows));
    }
    m.put("numCopiedRows", String.valueOf(copiedRows));
    RowLevelMetrics.times(m, start, scanNanos);
    RowLevelMetrics.bytes(actions, m);
    return m;
  }
}
