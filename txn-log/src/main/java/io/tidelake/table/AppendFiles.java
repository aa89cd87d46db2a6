package io.tidelake.table;

import io.tidelake.format.Row;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.commit.ReadSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pending append: rows streamed into new data files (written as they are added), and/or data files
 * prepared by {@link DataWriter}s, committed together as one blind append. Blind appends never conflict
 * with other appends.
 */
public final class AppendFiles extends PendingUpdate<AppendFiles> {
  private final List<AddFile> prepared = new ArrayList<>();
  private final List<AddFile> written = new ArrayList<>();
  private long writtenRows;
  private RowWriteSession session;

  AppendFiles(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  /** Appends only insert rows: an enabled change data feed reads them from the adds (no cdc files). */
  @Override
  java.util.Set<String> honouredWriterFeatures() {
    return io.tidelake.table.internal.replay.WriterFeatures.with(
        io.tidelake.table.internal.replay.WriterFeatures.CHANGE_DATA_FEED);
  }

  public AppendFiles addRow(Row row) {
    checkOpen();
    if (!alreadyCommitted()) {
      session().write(row);
    }
    return this;
  }

  public AppendFiles addRows(Iterable<? extends Row> rows) {
    return addRows(rows.iterator());
  }

  public AppendFiles addRows(Iterator<? extends Row> rows) {
    checkOpen();
    if (alreadyCommitted()) {
      return this; // an idempotent re-run: do not even write the data
    }
    session().writeAll(rows, this::abort);
    return this;
  }

  /** Adds files written by {@link DataWriter}s (two-phase writes). */
  public AppendFiles addFiles(Collection<AddFile> files) {
    checkOpen();
    prepared.addAll(files);
    return this;
  }

  private RowWriteSession session() {
    if (session == null) {
      session = new RowWriteSession(ctx, base, "WRITE", progress, null);
    }
    return session;
  }

  private List<AddFile> finishFiles() {
    if (session != null) {
      written.addAll(session.finish());
      writtenRows += session.rowsWritten();
      session = null;
    }
    List<AddFile> adds = new ArrayList<>(written);
    adds.addAll(prepared);
    return adds;
  }

  /** Closes the data files and returns the actions the commit would contain, without committing. */
  public List<Action> apply() {
    return new ArrayList<>(finishFiles());
  }

  public CommitResult commit() {
    List<AddFile> adds = finishFiles();
    long rows = writtenRows; // counted while writing; only prepared files need their stats read
    for (AddFile a : prepared) {
      Long n = io.tidelake.table.internal.Filters.numRecords(a);
      rows += n == null ? 0 : n;
    }
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numFiles", String.valueOf(adds.size()));
    metrics.put("numOutputRows", String.valueOf(rows));
    metrics.put("numOutputBytes", String.valueOf(MatchingFiles.bytes(adds)));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("mode", "Append");
    params.put("partitionBy", io.tidelake.table.internal.codec.PlainJson.toJsonText(base.partitionColumns()));
    List<Action> actions = new ArrayList<>(adds);
    // files this update wrote are deleted if it does not commit; prepared files belong to their caller
    return commit("WRITE", params, metrics, actions, ReadSet.blindAppend(base.version(), Set.of()), true,
        locations(written));
  }

  /**
   * Audits the written rows with {@code suite} before anything is published (write-audit-publish): on
   * {@code commit()} the rows are staged, audited in one pass, rows failing a quarantining expectation go to
   * the {@link #quarantineTo quarantine table}, and the rest is published; when a failed expectation blocks
   * the load, nothing is committed and an {@link io.tidelake.quality.ExpectationFailedException} carries
   * the results. With {@code stage(id)}, the results are stored with the staged commit.
   */
  public AppendFiles expect(io.tidelake.quality.ExpectationSuite suite) {
    this.suite = suite;
    return this;
  }

  /**
   * The table that receives quarantined rows: the row's columns plus {@code _quarantine_reasons},
   * {@code _quarantine_run_id}, {@code _quarantined_at} and {@code _target_table}; created on first use.
   */
  public AppendFiles quarantineTo(Table table) {
    this.quarantine = table;
    return this;
  }

  /** {@link #quarantineTo(Table)} by location in this table's store, the table created on first use. */
  public AppendFiles quarantineTo(String location) {
    this.quarantineLocation = location;
    return this;
  }

  /**
   * Writes the pending files and keeps the commit as the staged commit {@code id} instead of committing:
   * no reader sees the rows until {@link StagedCommit#publish()}.
   *
   * @throws StagedCommitException ALREADY_EXISTS when the table has a staged commit with that id
   */
  public StagedCommit stage(String id) {
    return stageVia(id, suite, this::commit, this::abort);
  }

  /** Deletes the files written so far; nothing is committed. */
  public void abort() {
    if (session != null) {
      session.abort();
    }
    deleteQuietly(locations(written));
    markDone();
  }

}
