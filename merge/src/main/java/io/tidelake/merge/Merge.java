package io.tidelake.merge;

import io.tidelake.format.Row;
import io.tidelake.format.types.StructType;
import io.tidelake.merge.internal.MergeRun;
import io.tidelake.table.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A MERGE (upsert) with delta-spark's semantics:
 *
 * <pre>{@code
 * MergeResult r = Merge.into(table).as("t")
 *     .using(MergeSource.of(schema, rows)).as("s")
 *     .on("t.id = s.id")
 *     .whenMatched("s.op = 'D'").delete()
 *     .whenMatched().updateAll()
 *     .whenNotMatched().insertAll()
 *     .execute();
 * }</pre>
 *
 * <p>Clauses of a kind are tried in the order written and the first whose condition is TRUE acts; every
 * clause of a kind but the last needs a condition. NULL keys never match (SQL equality), so a source row
 * with a NULL key is NOT MATCHED and a target row with one is NOT MATCHED BY SOURCE. INSERT leaves
 * unnamed columns NULL. Clauses can also be given as SQL text with {@link #when(String)}.
 *
 * <p><b>Multiple matches</b> follow delta-spark: if the ON condition pairs a target row with two source
 * rows, the MERGE fails with {@link MultipleSourceRowsMatchedException} (naming the key and both source
 * positions) unless its only MATCHED clause is an unconditional DELETE; clause conditions are not
 * consulted. Insert-only MERGEs are not checked.
 *
 * <p><b>Execution.</b> The source is read once into a hash table (the build side; bounded by
 * {@link #memoryBudget}). A source over the budget is spilled to {@link #spillDirectory} in 64 partitions
 * by the hash of its join key and joined a batch of partitions at a time (a grace hash join: the target
 * is read once per batch, each target row joining only the batch holding its key). Target files are pruned by the target-only conjuncts of ON and by the source's
 * key ranges (min/max, or the distinct values of a partition key), except when a NOT MATCHED BY SOURCE
 * clause needs every row. Candidate files are read, and touched files rewritten, on a bounded pool (up to
 * four threads). Touched files are rewritten copy-on-write, or given deletion vectors when the
 * table has {@code delta.enableDeletionVectors=true}; the change data feed is written when enabled. It
 * all commits as one {@code RowDelta} (operation {@code MERGE}) whose read set is the pruned predicate
 * and the files read, so appends into partitions the MERGE did not read do not conflict.
 */
public final class Merge {
  private final Table table;
  private String targetAlias = "t";
  private String sourceAlias = "s";
  private MergeSource source;
  private String on;
  private final List<MergeClause> clauses = new ArrayList<>();
  private boolean schemaEvolution;
  private String txnAppId;
  private long txnVersion = -1;
  private long memoryBudget = -1;
  private java.util.function.Consumer<MergeProgress> progress;
  private java.nio.file.Path spillDirectory = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
  private io.tidelake.quality.ExpectationSuite suite;
  private Table quarantine;

  private Merge(Table table) {
    this.table = table;
  }

  public static Merge into(Table table) {
    return new Merge(table);
  }

  /** The alias of the target before {@link #using}, of the source after it (defaults {@code t} and {@code s}). */
  public Merge as(String alias) {
    if (alias == null || alias.isBlank()) {
      throw new MergeException("A MERGE alias must not be empty");
    }
    if (source == null) {
      targetAlias = alias.trim();
    } else {
      sourceAlias = alias.trim();
    }
    return this;
  }

  public Merge using(MergeSource rows) {
    this.source = rows;
    return this;
  }

  /** Java rows of {@code schema}, read once. */
  public Merge using(StructType schema, Iterable<? extends Row> rows) {
    return using(MergeSource.of(schema, rows));
  }

  /** The join condition over both aliases, e.g. {@code t.id = s.id AND t.date = s.date}. */
  public Merge on(String condition) {
    this.on = condition;
    return this;
  }

  public WhenMatched whenMatched() {
    return new WhenMatched(this, null);
  }

  public WhenMatched whenMatched(String condition) {
    return new WhenMatched(this, condition);
  }

  public WhenNotMatched whenNotMatched() {
    return new WhenNotMatched(this, null);
  }

  public WhenNotMatched whenNotMatched(String condition) {
    return new WhenNotMatched(this, condition);
  }

  public WhenNotMatchedBySource whenNotMatchedBySource() {
    return new WhenNotMatchedBySource(this, null);
  }

  public WhenNotMatchedBySource whenNotMatchedBySource(String condition) {
    return new WhenNotMatchedBySource(this, condition);
  }

  /** A clause as delta-spark SQL text, e.g. {@code "MATCHED AND s.op = 'D' THEN DELETE"} (see {@link MergeClause#parse}). */
  public Merge when(String clauseSql) {
    return clause(MergeClause.parse(clauseSql));
  }

  public Merge clause(MergeClause clause) {
    clauses.add(clause);
    return this;
  }

  /**
   * delta-spark's schema evolution for {@code UPDATE SET *} / {@code INSERT *}: target columns the source
   * lacks stay unchanged (UPDATE) or NULL (INSERT), and the source's columns the target lacks are appended
   * to the target schema (nullable) in the MERGE's own commit, as a {@code metaData} action before the
   * data; rows already in the table read NULL for them. A concurrent metadata change conflicts.
   */
  public Merge withSchemaEvolution() {
    this.schemaEvolution = true;
    return this;
  }

  /** Idempotence: skipped when the table already has txn version ≥ {@code version} for {@code appId}. */
  public Merge txn(String appId, long version) {
    if (appId == null || appId.isEmpty() || version < 0) {
      throw new IllegalArgumentException("txn needs a non-empty appId and a version >= 0");
    }
    this.txnAppId = appId;
    this.txnVersion = version;
    return this;
  }

  /**
   * Heap the in-memory source (the hash join's build side) may take, in bytes; default half of the
   * maximum heap. A bigger source is spilled to {@link #spillDirectory} and joined in partition batches
   * that each fit the budget (metrics {@code sourceSpillBytes}, {@code sourceSpillPasses},
   * {@code sourceSpillTimeMs}); with spilling off it fails early with {@link MergeMemoryException}.
   */
  public Merge memoryBudget(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("memoryBudget must be positive");
    }
    this.memoryBudget = bytes;
    return this;
  }

  /**
   * Where a source over {@link #memoryBudget} is spilled (a temporary directory is made under it and
   * deleted when the MERGE ends); default {@code java.io.tmpdir}. {@code null} turns spilling off.
   */
  public Merge spillDirectory(java.nio.file.Path directory) {
    this.spillDirectory = directory;
    return this;
  }

  /**
   * Called (from the MERGE's worker threads, one call at a time) as the MERGE moves through its phases and
   * finishes target files; cheap enough to call often, so a display should throttle what it prints.
   */
  public Merge onProgress(java.util.function.Consumer<MergeProgress> listener) {
    this.progress = listener;
    return this;
  }

  /**
   * Audits the rows the MERGE writes — inserted rows and the new versions of updated rows; with
   * copy-on-write also the rows it copies unchanged from rewritten files, which it writes too — before it
   * commits: a failing expectation that says {@code fail} commits nothing (every file written is deleted)
   * and throws {@code ExpectationFailedException} with the results; the results are recorded in
   * commitInfo ({@code tidelakeExpectations}). With {@link #stage} they are stored with the staged commit.
   */
  public Merge expect(io.tidelake.quality.ExpectationSuite expectations) {
    this.suite = expectations;
    return this;
  }

  /**
   * Where rows failing a quarantining expectation of {@link #expect} go. Only an insert-only MERGE can
   * quarantine yet: one that also updates or deletes rows is refused with
   * {@code StagedCommitException} (kind {@code NOT_SUPPORTED}), nothing committed.
   */
  public Merge quarantineTo(Table table) {
    this.quarantine = table;
    return this;
  }

  public List<MergeClause> clauses() {
    return List.copyOf(clauses);
  }

  /**
   * Runs the MERGE and commits it.
   *
   * @throws MergeException (and subclasses) or an {@code ExpressionException} for bad input, before
   *     anything is committed; {@code ConflictException} when a concurrent commit invalidated what it read
   */
  public MergeResult execute() {
    return run().finishWith(d -> audited(d).commit(), false).execute();
  }

  /**
   * Runs the MERGE and keeps its changes (new files, deletion vectors, removes, change data) as the staged
   * commit {@code id} instead of committing (write-audit-publish): {@code staged.scan()} shows the target
   * as it will be, {@code staged.publish()} commits it, conflict-checked with the read set a direct MERGE
   * would have. A MERGE that changes nothing is staged too.
   *
   * @throws io.tidelake.table.StagedCommitException ALREADY_EXISTS when the table has a staged commit with
   *     that id; NOT_SUPPORTED when {@link #txn} is already applied (nothing to stage)
   */
  public io.tidelake.table.StagedCommit stage(String id) {
    io.tidelake.table.StagedCommit[] staged = new io.tidelake.table.StagedCommit[1];
    run().finishWith(d -> {
      staged[0] = audited(d).stage(id);
      return new io.tidelake.table.CommitResult(d.snapshot().version(), false, 0, java.util.Map.of());
    }, true).execute();
    if (staged[0] == null) {
      throw new io.tidelake.table.StagedCommitException(io.tidelake.table.StagedCommitException.Kind.NOT_SUPPORTED,
          id, "MERGE INTO " + table.location() + " was not staged as '" + id + "': its txn (" + txnAppId + ", "
          + txnVersion + ") is already applied to the table, so there is nothing to stage.");
    }
    return staged[0];
  }

  private io.tidelake.table.RowDelta audited(io.tidelake.table.RowDelta d) {
    if (suite != null) {
      d.expect(suite);
    }
    if (quarantine != null) {
      d.quarantineTo(quarantine);
    }
    return d;
  }

  private MergeRun run() {
    if (source == null) {
      throw new MergeException("MERGE INTO " + table.location() + " has no source: call using(...)");
    }
    if (on == null || on.isBlank()) {
      throw new MergeException("MERGE INTO " + table.location() + " has no ON condition: call on(\"t.id = s.id\")");
    }
    if (clauses.isEmpty()) {
      throw new MergeException("MERGE INTO " + table.location() + " has no WHEN clause: add whenMatched(), "
          + "whenNotMatched() or whenNotMatchedBySource()");
    }
    long budget = memoryBudget > 0 ? memoryBudget : Runtime.getRuntime().maxMemory() / 2;
    return new MergeRun(table, targetAlias, source, sourceAlias, on, List.copyOf(clauses), schemaEvolution,
        txnAppId, txnVersion, budget, spillDirectory, progress);
  }
}
