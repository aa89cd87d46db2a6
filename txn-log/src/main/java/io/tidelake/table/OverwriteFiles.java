package io.tidelake.table;

import io.tidelake.format.Row;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.codec.PlainJson;
import io.tidelake.table.internal.commit.ReadSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pending overwrite: replaces the whole table, or with {@link #replaceWhere} exactly the rows matching
 * a predicate (whole partitions, or a range: files only partly matching are rewritten copy-on-write).
 * Re-running the same replaceWhere with the same rows gives the same table, which makes partition
 * backfills idempotent. Conflicts with concurrent commits that add or remove files in the replaced range.
 */
public final class OverwriteFiles extends PendingUpdate<OverwriteFiles> {
  private Predicate condition;
  private String conditionText;
  private RowWriteSession session;

  OverwriteFiles(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  /** Only rows matching {@code predicate} are replaced; every new row must match it. */
  public OverwriteFiles replaceWhere(String predicate) {
    return replaceWhere(Filters.parse(predicate, base.schema()));
  }

  public OverwriteFiles replaceWhere(Predicate predicate) {
    if (session != null) {
      throw new IllegalStateException("Call replaceWhere before adding rows.");
    }
    this.condition = Filters.bind(predicate, base.schema());
    this.conditionText = Filters.toSql(condition);
    return this;
  }

  public OverwriteFiles addRow(Row row) {
    checkOpen();
    if (!alreadyCommitted()) {
      session().write(row);
    }
    return this;
  }

  public OverwriteFiles addRows(Iterable<? extends Row> rows) {
    return addRows(rows.iterator());
  }

  public OverwriteFiles addRows(Iterator<? extends Row> rows) {
    checkOpen();
    if (alreadyCommitted()) {
      return this;
    }
    session().writeAll(rows, this::abort);
    return this;
  }

  private RowWriteSession session() {
    if (session == null) {
      java.util.function.Predicate<Row> check = null;
      if (condition != null) {
        Filters.RowTest test = Filters.rowTest(condition, base.schema());
        long[] index = {0};
        check = r -> {
          if (!test.test(r)) {
            throw new ReplaceWhereViolationException(index[0], conditionText, r.toString());
          }
          index[0]++;
          return true;
        };
      }
      session = new RowWriteSession(ctx, base, "WRITE", progress, check);
    }
    return session;
  }

  public CommitResult commit() {
    checkOpen();
    if (alreadyCommitted()) {
      if (session != null) {
        session.abort();
      }
      return commit("WRITE", Map.of(), Map.of(), List.of(), ReadSet.blindAppend(base.version(), Set.of()), false, List.of());
    }
    RowWriteSession s = session(); // rows written so far (possibly none: overwrite with nothing)
    MatchingFiles touched = MatchingFiles.of(base, condition);
    // a file the stats could not rule out but that holds no matching row is left alone: rewriting it would
    // change nothing and, with the change data feed on, read as its rows deleted and inserted again
    touched.rewrite.removeIf(f -> RowChanges.matching(base, f, condition).isEmpty());
    List<AddFile> copiedFiles = List.of();
    long copiedRows = 0;
    long deletedFromRewrites = 0;
    RowWriteSession copy = null;
    List<AddFile> newFiles;
    try {
      if (condition != null && !touched.rewrite.isEmpty()) {
        // survivors of partly matching files are copied without the replaceWhere check (they do not match it)
        copy = new RowWriteSession(ctx, base, "WRITE", progress, null);
        deletedFromRewrites = touched.copySurvivors(ctx, base, condition, copy);
        copiedRows = copy.rowsWritten();
        copiedFiles = copy.finish();
      }
      newFiles = s.finish();
    } catch (RuntimeException e) {
      // e.g. a damaged file among those to rewrite: leave nothing behind
      s.abort();
      if (copy != null) {
        copy.abort();
      }
      deleteQuietly(locations(copiedFiles));
      markDone();
      throw e;
    }
    return finishCommit(newFiles, copiedFiles, touched, copiedRows, deletedFromRewrites, s);
  }

  /** Overwrites write the change data an enabled feed needs (see {@link #changeData}). */
  @Override
  java.util.Set<String> honouredWriterFeatures() {
    return io.tidelake.table.internal.replay.WriterFeatures.with(
        io.tidelake.table.internal.replay.WriterFeatures.CHANGE_DATA_FEED);
  }

  /**
   * With the change data feed on, an overwrite that rewrote part of a file cannot be described by its adds
   * and removes (the copied rows would read as deleted and re-inserted): it writes cdc files instead,
   * the replaced rows as {@code delete} and the new rows as {@code insert}. One that only drops and adds
   * whole files needs none.
   */
  private List<io.tidelake.table.actions.AddCDCFile> changeData(MatchingFiles touched, List<AddFile> newFiles) {
    if (!RowChanges.cdfEnabled(base) || touched.rewrite.isEmpty()) {
      return List.of();
    }
    ChangeDataWriter cdc = new ChangeDataWriter(ctx, base);
    try {
      Filters.RowTest test = Filters.rowTest(condition, base.schema());
      for (AddFile f : touched.touched()) {
        boolean whole = touched.dropWhole.contains(f);
        try (io.tidelake.format.CloseableIterator<Row> it = base.readFile(f, null, null)) {
          while (it.hasNext()) {
            Row r = it.next();
            if (whole || test.test(r)) {
              cdc.write(r, ChangeType.DELETE);
            }
          }
        }
      }
      for (AddFile f : newFiles) {
        try (io.tidelake.format.CloseableIterator<Row> it = base.readFile(f, null, null)) {
          while (it.hasNext()) {
            cdc.write(it.next(), ChangeType.INSERT);
          }
        }
      }
      return cdc.finish();
    } catch (RuntimeException e) {
      cdc.abort();
      throw e;
    }
  }

  private CommitResult finishCommit(List<AddFile> newFiles, List<AddFile> copiedFiles, MatchingFiles touched,
      long copiedRows, long deletedFromRewrites, RowWriteSession s) {
    List<io.tidelake.table.actions.AddCDCFile> cdcFiles;
    try {
      cdcFiles = changeData(touched, newFiles);
    } catch (RuntimeException e) {
      List<AddFile> written = new ArrayList<>(newFiles);
      written.addAll(copiedFiles);
      deleteQuietly(locations(written));
      markDone();
      throw e;
    }
    Set<String> copied = new java.util.HashSet<>();
    copiedFiles.forEach(f -> copied.add(f.path()));
    this.copiedFiles = copied; // kept rows, not new ones: expectations do not audit them
    List<Action> actions = touched.removes(System.currentTimeMillis());
    actions.addAll(newFiles);
    actions.addAll(copiedFiles);
    actions.addAll(cdcFiles);
    List<AddFile> own = new ArrayList<>(newFiles);
    own.addAll(copiedFiles);
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numFiles", String.valueOf(newFiles.size() + copiedFiles.size()));
    metrics.put("numOutputRows", String.valueOf(s.rowsWritten() + copiedRows));
    metrics.put("numOutputBytes", String.valueOf(MatchingFiles.bytes(own)));
    metrics.put("numRemovedFiles", String.valueOf(touched.touched().size()));
    metrics.put("numRemovedBytes", String.valueOf(MatchingFiles.bytes(touched.touched())));
    metrics.put("numCopiedRows", String.valueOf(copiedRows));
    Long droppedWhole = touched.rowsInDroppedFiles();
    if (droppedWhole != null) {
      metrics.put("numDeletedRows", String.valueOf(droppedWhole + deletedFromRewrites));
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("mode", "Overwrite");
    params.put("partitionBy", PlainJson.toJsonText(base.partitionColumns()));
    if (conditionText != null) {
      params.put("predicate", PlainJson.toJsonText(List.of(conditionText)));
    }
    ReadSet reads = touched.readSet(base, condition);
    List<String> ownLocations = locations(own);
    for (io.tidelake.table.actions.AddCDCFile c : cdcFiles) {
      ownLocations.add(ctx.resolveDataPath(c.path()));
    }
    return commit("WRITE", params, metrics, actions, reads, false, ownLocations);
  }

  /**
   * Audits the written rows with {@code suite} before anything is published (write-audit-publish): on
   * {@code commit()} the rows are staged, audited in one pass, rows failing a quarantining expectation go to
   * the {@link #quarantineTo quarantine table}, and the rest is published; when a failed expectation blocks
   * the load, nothing is committed and an {@link io.tidelake.quality.ExpectationFailedException} carries
   * the results. With {@code stage(id)}, the results are stored with the staged commit.
   */
  public OverwriteFiles expect(io.tidelake.quality.ExpectationSuite suite) {
    this.suite = suite;
    return this;
  }

  /**
   * The table that receives quarantined rows: the row's columns plus {@code _quarantine_reasons},
   * {@code _quarantine_run_id}, {@code _quarantined_at} and {@code _target_table}; created on first use.
   */
  public OverwriteFiles quarantineTo(Table table) {
    this.quarantine = table;
    return this;
  }

  /** {@link #quarantineTo(Table)} by location in this table's store, the table created on first use. */
  public OverwriteFiles quarantineTo(String location) {
    this.quarantineLocation = location;
    return this;
  }

  /**
   * Writes the pending files and keeps the overwrite as the staged commit {@code id} instead of
   * committing; {@link StagedCommit#publish()} re-checks its replaced range against later commits.
   */
  public StagedCommit stage(String id) {
    return stageVia(id, suite, this::commit, this::abort);
  }

  @Override
  String stagedReadPredicate() {
    return conditionText;
  }

  /** Deletes the files written so far; nothing is committed. */
  public void abort() {
    if (session != null) {
      session.abort();
    }
    markDone();
  }
}
