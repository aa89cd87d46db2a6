package io.tidelake.merge.internal;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.format.types.StructType;
import io.tidelake.merge.MergeClause;
import io.tidelake.merge.MergeClause.Action;
import io.tidelake.merge.MergeResult;
import io.tidelake.merge.MergeSource;
import io.tidelake.merge.MultipleSourceRowsMatchedException;
import io.tidelake.table.ChangeType;
import io.tidelake.table.CommitResult;
import io.tidelake.table.DataWriter;
import io.tidelake.table.RowDelta;
import io.tidelake.table.ScanFile;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one MERGE: bind, read the source into a hash table, prune the target's files, find each target
 * row's fate (pass 1, reading only the columns ON and the target-side conditions need), apply it to the
 * touched files (pass 2: copy-on-write rewrite, or deletion vectors plus the changed rows), insert the
 * unmatched source rows, and commit everything as one {@link RowDelta} with operation {@code MERGE}.
 * Any failure aborts the delta, which deletes every file written; nothing is committed.
 */
public final class MergeRun {
  private final Table table;
  private final String targetAlias;
  private final MergeSource source;
  private final String sourceAlias;
  private final String on;
  private final List<MergeClause> clauses;
  private final boolean schemaEvolution;
  private final String txnAppId;
  private final long txnVersion;
  private final long budget;
  private final java.nio.file.Path spillDir;

  private BoundMerge m;
  private Snapshot snap;
  private RowDelta delta;
  private boolean cdf;
  private final java.util.concurrent.atomic.AtomicLongArray counts =
      new java.util.concurrent.atomic.AtomicLongArray(Count.values().length);
  /** One data writer per worker thread (DataWriters are single-threaded). */
  private final java.util.Map<Thread, DataWriter> writers = new java.util.concurrent.ConcurrentHashMap<>();
  private final Object cdcLock = new Object();
  private final int threads = BoundedPool.defaultThreads();

  private enum Count { MATCHED_UPDATED, MATCHED_DELETED, NMBS_UPDATED, NMBS_DELETED, INSERTED, COPIED, DV_FILES }

  public MergeRun(Table table, String targetAlias, MergeSource source, String sourceAlias, String on,
      List<MergeClause> clauses, boolean schemaEvolution, String txnAppId, long txnVersion, long budget,
      java.nio.file.Path spillDir, java.util.function.Consumer<io.tidelake.merge.MergeProgress> progress) {
    this.table = table;
    this.targetAlias = targetAlias;
    this.source = source;
    this.sourceAlias = sourceAlias;
    this.on = on;
    this.clauses = clauses;
    this.schemaEvolution = schemaEvolution;
    this.txnAppId = txnAppId;
    this.txnVersion = txnVersion;
    this.budget = budget;
    this.spillDir = spillDir;
    this.tracker = new MergeProgressTracker(progress, () -> counts.get(Count.INSERTED.ordinal())
        + counts.get(Count.MATCHED_UPDATED.ordinal()) + counts.get(Count.NMBS_UPDATED.ordinal())
        + counts.get(Count.COPIED.ordinal()));
  }
  /** The final step: commit the delta (default), or audit / stage it (Merge.expect, Merge.stage). */
  private java.util.function.Function<RowDelta, CommitResult> finish = RowDelta::commit;
  /** Whether the final step runs when nothing changed (a staged MERGE is staged even then). */
  private boolean finishEmpty;

  /** Replaces the final {@code delta.commit()} (e.g. by {@code delta.stage(id)}); run even for an empty MERGE when {@code always}. */
  public MergeRun finishWith(java.util.function.Function<RowDelta, CommitResult> step, boolean always) {
    this.finish = step;
    this.finishEmpty = always;
    return this;
  }

  private final MergeProgressTracker tracker;


  public MergeResult execute() {
    long start = System.nanoTime();
    delta = table.newRowDelta();
    snap = delta.snapshot();
    if (txnAppId != null) {
      if (snap.transactionVersion(txnAppId).orElse(-1) >= txnVersion) {
        delta.abort(); // already applied: the source is not even read
        return new MergeResult(snap.version(), false, Map.of());
      }
      delta.txn(txnAppId, txnVersion);
    }
    long scanNanos;
    long rewriteNanos;
    long materializeNanos;
    SourceTable src;
    List<io.tidelake.table.actions.Action> actions;
    try {
      m = new BoundMerge(snap.schema(), targetAlias, source.schema(), sourceAlias, on, clauses, schemaEvolution);
      if (m.evolvesSchema()) {
        delta.updateSchema(m.target); // committed with the data, as delta-spark's withSchemaEvolution does
      }
      src = new SourceTable(m);
      tracker.report();
      KeyRanges ranges = new KeyRanges(m, snap.partitionColumns());
      spill = src.load(source, budget, spillDir, ranges);
      tracker.sourceRowsRead(src.count());
      materializeNanos = System.nanoTime() - start;
      cdf = delta.changeDataFeedEnabled();
      long scanStart = System.nanoTime();
      List<FileChanges> touched;
      List<AddFile> files = candidates(ranges.predicate()); // the same pruning, spilled or not
      if (spill == null) {
        tracker.phase("matching", files.size());
        touched = findAllChanges(files, src, 0, SourceSpill.PARTITIONS, false);
      } else {
        touched = findSpilledChanges(files);
      }
      scanNanos = System.nanoTime() - scanStart;
      long rewriteStart = System.nanoTime();
      // rows are written by the workers; the delta's file actions are recorded here, in file order
      tracker.phase("rewriting", touched.size());
      int writers = Math.max(1, threads / Math.max(1, touched.size())); // fewer files than threads: split them
      for (FileChanges fc : BoundedPool.map(touched, threads, fc -> {
        FileChanges done = rewrite(fc, writers);
        tracker.fileDone(fc.file.size());
        return done;
      })) {
        if (delta.deletionVectorsEnabled()) {
          delta.deleteRows(fc.file, fc.positionSet());
          counts.incrementAndGet(Count.DV_FILES.ordinal());
        } else {
          delta.removeFile(fc.file);
        }
      }
      touched.clear(); // the per-row change lists (tens of MB at millions of matches) are done with
      tracker.phase("inserting", 0);
      boolean cdcInserts = cdcInserts();
      if (m.notMatched.isEmpty()) {
        // no anti-join: nothing to insert, the source is not read again
      } else if (spill == null) {
        for (int s = 0; s < src.rows.size(); s++) {
          insertIfUnmatched(src.position(s), src.rows.get(s), src.matched, cdcInserts);
        }
      } else {
        // the anti-join needs no hash table: the spill files are streamed once, row by row, so the insert
        // writers (one per partition value) have the heap the loaded batches had
        spill.forEachRow((position, row) -> insertIfUnmatched(position, row, spilledMatched, cdcInserts));
      }
      rewriteNanos = System.nanoTime() - rewriteStart;
      actions = delta.apply();
    } catch (RuntimeException e) {
      delta.abort();
      closeSpill();
      throw e;
    }
    closeSpill();
    Map<String, String> metrics = metrics(src, actions, start, materializeNanos, scanNanos, rewriteNanos);
    if (actions.isEmpty() && txnAppId == null && !finishEmpty) {
      delta.abort(); // nothing changed: no commit, as delta-spark
      return new MergeResult(snap.version(), false, metrics);
    }
    delta.operation("MERGE", MergeCommitInfo.parameters(m), metrics)
        .deletionVectorMetrics("numTargetDeletionVectorsAdded", "numTargetDeletionVectorsRemoved",
            "numTargetDeletionVectorsUpdated");
    if (cdf) {
      delta.declareWriterFeatures("changeDataFeed");
    }
    CommitResult r = finish.apply(delta);
    return new MergeResult(r.version(), r.committed(), r.metrics());
  }

  /**
   * The files a match can be in, and the read set: with a NOT MATCHED BY SOURCE clause every file (and any
   * concurrent data change conflicts); otherwise the files the target-only conjuncts of ON and the
   * source's key ranges may match (and a concurrent add they may match conflicts).
   */
  private List<AddFile> candidates(Predicate keyRanges) {
    List<AddFile> files = new ArrayList<>();
    Predicate prune = Predicates.alwaysTrue();
    if (m.notMatchedBySource.isEmpty()) {
      prune = Predicates.and(Predicates.fromExpression(m.on, m.scope, targetAlias), keyRanges);
    }
    boolean everything = prune instanceof Predicate.Constant c && c.value();
    if (everything) {
      files.addAll(snap.filesInOrder());
      delta.validateNoConcurrentData();
    } else {
      for (ScanFile f : snap.newScan().where(prune).planFiles()) {
        files.add(f.add());
      }
      delta.conflictDetectionFilter(prune);
    }
    delta.validateFilesRead(files);
    pruning = everything ? null : prune;
    return files;
  }

  private Predicate pruning;
  /** The spilled source, or null when it fits in memory. */
  private SourceSpill spill;
  /** With a spilled source: which source positions some target row matched. */
  private final java.util.BitSet spilledMatched = new java.util.BitSet();
  /** With a spilled source: the matched updates' source rows, on disk until pass 2 applies them. */
  private MatchRuns matchRuns;
  private long spillBatches;
  private long spillBytes;
  private long spillNanos;

  private void closeSpill() {
    if (spill != null) {
      spillBytes = spill.bytes() + (matchRuns == null ? 0 : matchRuns.bytes());
      spillNanos = spill.nanos();
      spill.close();
    }
  }

  /**
   * Pass 1 over the candidate files against one in-memory source table; with {@code partitioned}, only
   * target rows whose key falls in spill partitions {@code [from, to)} take part. Returns the touched files.
   */
  private List<FileChanges> findAllChanges(List<AddFile> candidates, SourceTable src, int from, int to,
      boolean partitioned) {
    List<FileChanges> touched = new ArrayList<>();
    for (FileChanges fc : BoundedPool.map(candidates, threads, f -> {
      FileChanges found = findChanges(f, src, from, to, partitioned);
      tracker.fileDone(f.size());
      synchronized (src.matched) {
        src.matched.or(found.matchedSource);
      }
      found.matchedSource = null;
      return found.n > 0 ? found : null; // untouched files are not kept
    })) {
      if (fc != null) {
        touched.add(fc);
      }
    }
    return touched;
  }

  /**
   * Pass 1 of the grace hash join: one batch of spill partitions at a time against every candidate
   * file, the changes of a file collected over the batches (a target row is decided in its key's batch
   * only, so it is decided once).
   */
  private List<FileChanges> findSpilledChanges(List<AddFile> candidates) {
    Map<String, FileChanges> byFile = new LinkedHashMap<>();
    List<int[]> batches = spill.batches(budget);
    matchRuns = new MatchRuns(spill.directory(), m.source);
    for (int[] batch : batches) {
      SourceTable part = spill.load(batch[0], batch[1], m, budget);
      spillBatches++;
      tracker.phase("matching (spill batch " + spillBatches + " of " + batches.size() + ")", candidates.size());
      for (FileChanges fc : findAllChanges(candidates, part, batch[0], batch[1], true)) {
        matchRuns.spill(fc, (int) spillBatches - 1); // the batch's rows are let go once it is done
        FileChanges all = byFile.get(fc.file.path());
        if (all == null) {
          byFile.put(fc.file.path(), fc);
        } else {
          all.addAll(fc);
        }
      }
      for (int s = part.matched.nextSetBit(0); s >= 0; s = part.matched.nextSetBit(s + 1)) {
        spilledMatched.set(Math.toIntExact(part.position(s)));
      }
    }
    List<FileChanges> touched = new ArrayList<>();
    for (AddFile f : candidates) { // in file order, as the in-memory path
      FileChanges fc = byFile.get(f.path());
      if (fc != null) {
        fc.sort();
        touched.add(fc);
      }
    }
    return touched;
  }

  /** Pass 1: which rows of {@code f} change and how, reading only the columns that decide it. */
  private FileChanges findChanges(AddFile f, SourceTable src, int from, int to, boolean partitioned) {
    FileChanges fc = new FileChanges(f);
    StructType target = m.target;
    int tw = target.size();
    List<String> cols = m.targetColumnsForMatching();
    if (cols.isEmpty()) {
      cols = List.of(target.field(0).name()); // only the row positions are needed
    }
    int[] colIndex = cols.stream().mapToInt(target::indexOf).toArray();
    Object[] pair = new Object[tw + src.schema().size()];
    Row pairRow = GenericRow.trusted(m.scope.rowSchema(), pair);
    Object[] tv = new Object[tw];
    Row targetRow = GenericRow.trusted(target, tv);
    boolean allowMany = m.multipleMatchesAllowed() || m.matched.isEmpty();
    int matchedClauses = m.matched.size();
    try (PositionedRowIterator it = snap.readFile(f, cols, pruning)) {
      while (it.hasNext()) {
        Row r = it.next();
        for (int j = 0; j < colIndex.length; j++) {
          tv[colIndex[j]] = r.get(j);
          pair[colIndex[j]] = tv[colIndex[j]];
        }
        boolean nullKey = JoinKeys.hasNull(tv, m.targetKeys); // NULL never equals anything
        long hash = nullKey ? 0 : JoinKeys.hash(tv, m.targetKeys);
        if (partitioned) {
          int p = nullKey ? 0 : SourceSpill.partitionOf(hash);
          if (p < from || p >= to) {
            continue; // decided in the batch holding its key
          }
        }
        int first = -1;
        if (!nullKey) {
          for (int s = src.first(hash); s >= 0; s = src.next(s)) {
            if (!JoinKeys.equal(src.rows.get(s), m.sourceKeys, tv, m.targetKeys)) {
              continue; // the same hash, another key
            }
            if (m.residual) {
              System.arraycopy(src.rows.get(s), 0, pair, tw, src.schema().size());
              if (!Boolean.TRUE.equals(m.on.eval(pairRow))) {
                continue;
              }
            }
            fc.matchedSource.set(s);
            if (first < 0) {
              first = s;
            } else if (!allowMany) {
              throw new MultipleSourceRowsMatchedException(
                  JoinKeys.describe(tv, m.targetKeys, keyNames()), src.position(first), src.position(s), f.path(),
                  it.rowIndex());
            }
          }
        }
        if (first >= 0) {
          if (matchedClauses > 0) {
            System.arraycopy(src.rows.get(first), 0, pair, tw, src.schema().size());
            int c = firstTrue(m.matched, pairRow);
            if (c >= 0) {
              fc.add(it.rowIndex(), c, m.matched.get(c).action() == Action.DELETE ? null : src.rows.get(first));
            }
          }
        } else if (!m.notMatchedBySource.isEmpty()) {
          int c = firstTrue(m.notMatchedBySource, targetRow);
          if (c >= 0) {
            fc.add(it.rowIndex(), matchedClauses + c, null);
          }
        }
      }
    }
    return fc;
  }

  private List<String> keyNames() {
    List<String> names = new ArrayList<>();
    for (int k : m.targetKeys) {
      names.add(targetAlias + "." + m.target.field(k).name());
    }
    return names;
  }

  private static int firstTrue(List<BoundMerge.Clause> clauses, Row row) {
    for (int i = 0; i < clauses.size(); i++) {
      Expression c = clauses.get(i).condition();
      if (c == null || Boolean.TRUE.equals(c.eval(row))) {
        return i;
      }
    }
    return -1;
  }

  private DataWriter out() {
    return writers.computeIfAbsent(Thread.currentThread(), t -> delta.dataWriter());
  }

  private void change(Row row, ChangeType type) {
    synchronized (cdcLock) { // one change data writer per delta: its writes are serialized
      delta.changeDataWriter().write(row, type);
    }
  }

  /**
   * Pass 2: deletes and updates the chosen rows of one file, copying the others (copy-on-write) or not
   * (DV). A copy-on-write file is encoded by {@code writers} threads when fewer files than threads are
   * touched (see {@link SplitWriters}).
   */
  private FileChanges rewrite(FileChanges fc, int writers) {
    try (MatchRuns.Reader sourceRows = matchRuns == null ? null : matchRuns.open(fc)) {
      rewrite(fc, sourceRows, writers);
    }
    return fc;
  }

  /** A row of a file read in pass 2 and its fate: a change by clause {@code clause}, or copied when -1. */
  private record Change(Row row, int clause, Object[] sourceRow) {}

  private void rewrite(FileChanges fc, MatchRuns.Reader sourceRows, int writers) {
    boolean dv = delta.deletionVectorsEnabled();
    // deletion vectors: only the changed rows, and only the columns their new values need (maybe none)
    List<String> cols = dv ? m.targetColumnsForChanges(cdf) : null;
    int[] at = cols == null ? null : cols.stream().mapToInt(m.target::indexOf).toArray();
    SplitWriters.<Change>run(dv ? 1 : writers, emit -> {
      if (cols != null && cols.isEmpty()) {
        Row unread = GenericRow.trusted(m.target, new Object[m.target.size()]); // no value reads the target
        for (int p = 0; p < fc.n; p++) {
          emit.accept(new Change(unread, fc.clause[p], sourceRows == null ? fc.sourceRow[p] : sourceRows.row(p)));
        }
        return;
      }
      int p = 0;
      try (PositionedRowIterator it = dv ? snap.readRows(fc.file, cols, fc.positionSet())
          : snap.readFile(fc.file, null, null)) {
        while (it.hasNext()) {
          Row r = at == null ? widen(it.next()) : place(it.next(), at);
          if (p < fc.n && fc.positions[p] == it.rowIndex()) {
            emit.accept(new Change(r, fc.clause[p], sourceRows == null ? fc.sourceRow[p] : sourceRows.row(p)));
            p++;
          } else if (!dv) {
            emit.accept(new Change(r, -1, null));
          }
        }
      }
      if (p != fc.n) {
        throw new IllegalStateException("MERGE: re-reading " + fc.file.path() + " found " + p + " of the " + fc.n
            + " rows pass 1 chose; the file changed underneath the snapshot");
      }
    }, () -> {
      Object[] pair = new Object[m.target.size() + m.source.size()];
      Row pairRow = GenericRow.trusted(m.scope.rowSchema(), pair);
      DataWriter w = out(); // this writer thread's: looked up once, not per copied row
      return c -> {
        if (c.clause() < 0) {
          w.write(c.row());
          counts.incrementAndGet(Count.COPIED.ordinal());
        } else {
          apply(c.row(), c.clause(), c.sourceRow(), pair, pairRow);
        }
      };
    });
  }

  /** A row of some table columns as a row of the target schema (the columns not read are NULL). */
  private Row place(Row r, int[] at) {
    Object[] v = new Object[m.target.size()];
    for (int i = 0; i < at.length; i++) {
      v[at[i]] = r.get(i);
    }
    return GenericRow.trusted(m.target, v);
  }

  /** A row of a table file in the schema the MERGE writes (columns schema evolution adds are NULL). */
  private Row widen(Row r) {
    if (r.size() == m.target.size()) {
      return r;
    }
    Object[] v = new Object[m.target.size()];
    for (int i = 0; i < r.size(); i++) {
      v[i] = r.get(i);
    }
    return GenericRow.trusted(m.target, v);
  }

  private void apply(Row r, int clauseIndex, Object[] sourceRow, Object[] pair, Row pairRow) {
    boolean matched = clauseIndex < m.matched.size();
    BoundMerge.Clause c = matched ? m.matched.get(clauseIndex) : m.notMatchedBySource.get(clauseIndex - m.matched.size());
    if (c.action() == Action.DELETE) {
      counts.incrementAndGet((matched ? Count.MATCHED_DELETED : Count.NMBS_DELETED).ordinal());
      if (cdf) {
        change(r, ChangeType.DELETE);
      }
      return;
    }
    int tw = m.target.size();
    Row evalRow = r;
    if (matched) {
      for (int i = 0; i < tw; i++) {
        pair[i] = r.get(i);
      }
      System.arraycopy(sourceRow, 0, pair, tw, sourceRow.length);
      evalRow = pairRow;
    }
    Object[] v = new Object[tw];
    Expression[] values = c.values();
    for (int i = 0; i < tw; i++) {
      v[i] = values[i] == null ? r.get(i) : values[i].eval(evalRow);
    }
    Row updated = GenericRow.trusted(m.target, v);
    out().write(updated);
    counts.incrementAndGet((matched ? Count.MATCHED_UPDATED : Count.NMBS_UPDATED).ordinal());
    if (cdf) {
      change(r, ChangeType.UPDATE_PREIMAGE);
      change(updated, ChangeType.UPDATE_POSTIMAGE);
    }
  }

  /**
   * The anti-join side: source row {@code values} (at {@code position} in the source) goes through the NOT
   * MATCHED clauses unless some target row matched it.
   */
  private void insertIfUnmatched(long position, Object[] values, java.util.BitSet matchedPositions,
      boolean cdcInserts) {
    if (matchedPositions.get(Math.toIntExact(position))) {
      return;
    }
    Row row = GenericRow.trusted(m.source, values);
    int c = firstTrue(m.notMatched, row);
    if (c < 0) {
      return;
    }
    Expression[] exprs = m.notMatched.get(c).values();
    int tw = m.target.size();
    Object[] v = new Object[tw];
    for (int i = 0; i < tw; i++) {
      v[i] = exprs[i] == null ? null : exprs[i].eval(row);
    }
    Row inserted = GenericRow.trusted(m.target, v);
    out().write(inserted);
    counts.incrementAndGet(Count.INSERTED.ordinal());
    if (cdcInserts) {
      change(inserted, ChangeType.INSERT);
    }
  }

  /** Once a commit has cdc files readers take its changes from them alone, so inserts go there too. */
  private boolean cdcInserts() {
    return cdf && (counts.get(Count.MATCHED_UPDATED.ordinal()) + counts.get(Count.MATCHED_DELETED.ordinal())
        + counts.get(Count.NMBS_UPDATED.ordinal()) + counts.get(Count.NMBS_DELETED.ordinal())) > 0;
  }

  private Map<String, String> metrics(SourceTable src, List<io.tidelake.table.actions.Action> actions, long start,
      long materializeNanos, long scanNanos, long rewriteNanos) {
    long mu = counts.get(Count.MATCHED_UPDATED.ordinal());
    long nu = counts.get(Count.NMBS_UPDATED.ordinal());
    long md = counts.get(Count.MATCHED_DELETED.ordinal());
    long nd = counts.get(Count.NMBS_DELETED.ordinal());
    long ins = counts.get(Count.INSERTED.ordinal());
    long copied = counts.get(Count.COPIED.ordinal());
    Map<String, String> out = new LinkedHashMap<>();
    out.put("numSourceRows", String.valueOf(src.count()));
    out.put("numTargetRowsInserted", String.valueOf(ins));
    out.put("numTargetRowsUpdated", String.valueOf(mu + nu));
    out.put("numTargetRowsMatchedUpdated", String.valueOf(mu));
    out.put("numTargetRowsNotMatchedBySourceUpdated", String.valueOf(nu));
    out.put("numTargetRowsDeleted", String.valueOf(md + nd));
    out.put("numTargetRowsMatchedDeleted", String.valueOf(md));
    out.put("numTargetRowsNotMatchedBySourceDeleted", String.valueOf(nd));
    out.put("numTargetRowsCopied", String.valueOf(copied));
    out.put("numOutputRows", String.valueOf(ins + mu + nu + copied));
    MergeCommitInfo.files(actions, out);
    if (counts.get(Count.DV_FILES.ordinal()) == 0) {
      // with deletion vector work the delta adds these from what it committed
      out.put("numTargetDeletionVectorsAdded", "0");
      out.put("numTargetDeletionVectorsRemoved", "0");
      out.put("numTargetDeletionVectorsUpdated", "0");
    }
    out.put("executionTimeMs", String.valueOf((System.nanoTime() - start) / 1_000_000));
    out.put("materializeSourceTimeMs", String.valueOf(materializeNanos / 1_000_000));
    out.put("scanTimeMs", String.valueOf(scanNanos / 1_000_000));
    out.put("rewriteTimeMs", String.valueOf(rewriteNanos / 1_000_000));
    if (spillBatches > 0) { // Tidelake's own: how the source was spilled (grace hash join)
      out.put("sourceSpillBytes", String.valueOf(spillBytes));
      out.put("sourceSpillPasses", String.valueOf(spillBatches));
      out.put("sourceSpillTimeMs", String.valueOf(spillNanos / 1_000_000));
    }
    return out;
  }
}
