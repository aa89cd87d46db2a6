package io.tidelake.table;

import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.commit.CommitRequest;
import io.tidelake.table.internal.commit.ReadSet;
import io.tidelake.table.internal.replay.WriterFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pending row-level change, the building block of DELETE, UPDATE and MERGE (Iceberg's {@code RowDelta}):
 * new data files, whole files removed, rows deleted by position (deletion vectors), change data files,
 * and what the change read, all committed as one optimistic transaction.
 *
 * <pre>{@code
 * RowDelta d = table.newRowDelta();
 * try (PositionedRowIterator it = d.snapshot().readFile(file, null, null)) {
 *   while (it.hasNext()) { if (matches(it.next())) deleted.add(it.rowIndex()); }
 * }
 * d.deleteRows(file, deleted.build())          // a deletion vector (old ∪ new), or a remove if all rows go
 *  .addFiles(newFiles)                        // e.g. from d.dataWriter()
 *  .conflictDetectionFilter("date = '2025-01-01'")
 *  .operation("MERGE", params, metrics)
 *  .commit();
 * }</pre>
 *
 * <p><b>Read set.</b> Every file it removes or deletes rows from counts as read: a concurrent commit that
 * removed it (or changed its deletion vector) is a {@link ConflictException}. Declare more with
 * {@link #validateFilesRead}, {@link #conflictDetectionFilter} (a concurrent add a filter might match
 * conflicts) or {@link #validateNoConcurrentData} (any concurrent data change conflicts). Delta's rules
 * are re-checked against every commit that won a race, on each retry.
 *
 * <p><b>Deletion vectors</b> need the table's {@code deletionVectors} feature (enable it with
 * {@code delta.enableDeletionVectors=true}). The vectors of one commit share one new DV file.
 *
 * <p><b>Change data feed.</b> When the table has it on, a delta that removes or deletes rows must write
 * their change rows ({@link #changeDataWriter()}) and say so with
 * {@link #declareWriterFeatures declareWriterFeatures("changeDataFeed")}; otherwise the commit is refused.
 *
 * <p>Files written through {@link #dataWriter()} and {@link #changeDataWriter()}, the DV file, and any
 * named in {@link #deleteOnFailure} are deleted if the delta does not commit.
 */
public final class RowDelta extends PendingUpdate<RowDelta> {
  private final List<AddFile> added = new ArrayList<>();
  private final Map<String, AddFile> removed = new LinkedHashMap<>();
  private final Map<String, Deletes> deletes = new LinkedHashMap<>();
  private final List<AddCDCFile> cdcFiles = new ArrayList<>();
  private final Set<String> readPaths = new HashSet<>();
  private final List<String> cleanup = new ArrayList<>();
  private final Set<String> declared = new HashSet<>();
  private final List<DataWriter> dataWriters = new ArrayList<>();
  private final List<DataWriter> copyWriters = new ArrayList<>();
  private ChangeDataWriter changeWriter;
  private Predicate conflictFilter;
  private boolean wholeTable;
  private String operation = "WRITE";
  private Map<String, String> parameters = new LinkedHashMap<>();
  private Map<String, String> metrics = new LinkedHashMap<>();
  private String[] dvMetricNames = {"numDeletionVectorsAdded", "numDeletionVectorsRemoved",
      "numDeletionVectorsUpdated"};
  private DeltaPlan plan;
  /** The evolved metadata this delta commits first, and the snapshot its writers write with; null when unchanged. */
  private io.tidelake.table.actions.Metadata evolved;
  private Snapshot writeBase;

  private record Deletes(AddFile file, DeletedRows rows) {}

  RowDelta(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  /** The snapshot this delta reads from and is validated against. */
  public Snapshot snapshot() {
    return base;
  }

  /** Adds a new data file (dataChange=true). */
  public RowDelta addFile(AddFile file) {
    checkOpen();
    added.add(file.withDataChange(true));
    return this;
  }

  public RowDelta addFiles(Collection<AddFile> files) {
    files.forEach(this::addFile);
    return this;
  }

  /** Removes a live file of the snapshot entirely (all its rows are deleted). */
  public RowDelta removeFile(AddFile live) {
    checkOpen();
    requireLive(live);
    removed.put(live.path(), live);
    deletes.remove(live.path());
    readPaths.add(live.path());
    return this;
  }

  /**
   * Deletes rows of a live file by physical row index. At commit they are merged with the file's current
   * deletion vector into a new one; when no row would be left, the file is removed instead. Several calls
   * for one file accumulate.
   */
  public RowDelta deleteRows(AddFile live, DeletedRows rows) {
    checkOpen();
    requireLive(live);
    if (rows.isEmpty() || removed.containsKey(live.path())) {
      return this;
    }
    if (!base.protocol().supportsWriterFeature(WriterFeatures.DELETION_VECTORS)) {
      throw new UnsupportedFeatureException(WriterFeatures.DELETION_VECTORS, "Table " + ctx.root() + " does not "
          + "have the deletionVectors feature, so rows cannot be deleted by position. Enable it with the table "
          + "property delta.enableDeletionVectors=true (table.newPropertiesUpdate()), or rewrite the file.");
    }
    deletes.merge(live.path(), new Deletes(live, rows), (a, b) -> new Deletes(a.file(), a.rows().union(b.rows())));
    readPaths.add(live.path());
    return this;
  }

  /** Adds a change data file written elsewhere (its rows become the commit's change feed). */
  public RowDelta addCdcFile(AddCDCFile file) {
    checkOpen();
    cdcFiles.add(file);
    return this;
  }

  /** Files whose contents the change depends on: a concurrent remove of any of them conflicts. */
  public RowDelta validateFilesRead(Collection<AddFile> files) {
    for (AddFile f : files) {
      readPaths.add(f.path());
    }
    return this;
  }

  /**
   * The rows the change depends on: a concurrent commit that adds a file this predicate might match (by
   * partition values and stats) conflicts. Use the narrowest predicate that is true for everything read.
   */
  public RowDelta conflictDetectionFilter(String predicate) {
    return conflictDetectionFilter(Filters.parse(predicate, base.schema()));
  }

  public RowDelta conflictDetectionFilter(Predicate predicate) {
    Predicate bound = Filters.bind(predicate, base.schema());
    this.conflictFilter = conflictFilter == null ? bound : conflictFilter.or(bound);
    return this;
  }

  /** The change read the whole table: any concurrent data change conflicts. */
  public RowDelta validateNoConcurrentData() {
    this.wholeTable = true;
    return this;
  }

  /** Delta's operation name, parameters and metrics for commitInfo (default operation {@code WRITE}). */
  public RowDelta operation(String name, Map<String, String> params, Map<String, String> operationMetrics) {
    this.operation = name;
    this.parameters = new LinkedHashMap<>(params);
    this.metrics = new LinkedHashMap<>(operationMetrics);
    return this;
  }

  /**
   * The metric names under which the commit records how many deletion vectors were added (incl. updated),
   * removed (incl. updated) and updated, delta-spark style. Defaults are UPDATE/DELETE's
   * {@code numDeletionVectorsAdded/Removed/Updated}; MERGE uses {@code numTargetDeletionVectors...}.
   */
  public RowDelta deletionVectorMetrics(String added, String removedName, String updated) {
    this.dvMetricNames = new String[] {added, removedName, updated};
    return this;
  }

  /** Writer features this change keeps true beyond the ones every update does (e.g. changeDataFeed). */
  public RowDelta declareWriterFeatures(String... features) {
    declared.addAll(List.of(features));
    return this;
  }

  /** Store locations to delete if the change does not commit (files the caller wrote for it). */
  public RowDelta deleteOnFailure(Collection<String> locations) {
    cleanup.addAll(locations);
    return this;
  }

  /**
   * A writer of new data files whose files this delta adds at commit (and deletes if it fails). Use one
   * per thread; each is single-threaded.
   */
  public synchronized DataWriter dataWriter() {
    checkOpen();
    DataWriter w = new DataWriter(ctx, writeBase == null ? base : writeBase);
    dataWriters.add(w);
    return w;
  }

  /**
   * A writer for rows copied unchanged from files this delta removes (copy-on-write). Its files are added
   * as {@link #dataWriter()}'s are, but hold no new rows: a staged commit's {@code stagedRows()} and the
   * expectations of {@link #expect} skip them. Use one per thread; each is single-threaded.
   */
  public synchronized DataWriter copyWriter() {
    checkOpen();
    DataWriter w = new DataWriter(ctx, writeBase == null ? base : writeBase);
    copyWriters.add(w);
    return w;
  }

  /** The writer of this delta's change data files (one per delta; single-threaded). */
  public synchronized ChangeDataWriter changeDataWriter() {
    checkOpen();
    if (changeWriter == null) {
      changeWriter = new ChangeDataWriter(ctx, writeBase == null ? base : writeBase);
    }
    return changeWriter;
  }

  /**
   * Schema evolution in the same commit (delta-spark's MERGE {@code withSchemaEvolution}): {@code schema}
   * must be the snapshot's schema with new nullable top-level columns appended (checked as
   * {@link UpdateSchema} checks them). The delta then commits a {@code metaData} action with it, written
   * before its data, and its {@link #dataWriter() data} and {@link #changeDataWriter() change} writers
   * write the new columns; rows already in the table read NULL for them. Call it before asking for a
   * writer. A concurrent metadata change conflicts, and so does a concurrent append (Delta's rule for a
   * transaction that changes metadata).
   */
  public synchronized RowDelta updateSchema(io.tidelake.format.types.StructType schema) {
    checkOpen();
    if (!dataWriters.isEmpty() || changeWriter != null) {
      throw new IllegalStateException("RowDelta.updateSchema must be called before dataWriter() or changeDataWriter()");
    }
    io.tidelake.format.types.StructType current = base.schema();
    UpdateSchema add = new UpdateSchema(ctx, base);
    for (int i = 0; i < schema.size(); i++) {
      io.tidelake.format.types.StructField f = schema.field(i);
      if (i < current.size()) {
        if (!current.field(i).name().equals(f.name()) || !current.field(i).type().equals(f.type())) {
          throw new io.tidelake.format.types.InvalidSchemaException("Schema evolution of " + ctx.root() + " can only "
              + "append columns: column " + i + " is " + current.field(i) + " in the table but " + f + " in the "
              + "evolved schema");
        }
      } else {
        add.addColumn(f);
      }
    }
    if (schema.size() < current.size()) {
      throw new io.tidelake.format.types.InvalidSchemaException("Schema evolution of " + ctx.root() + " cannot drop "
          + "columns: the evolved schema has " + schema.size() + " of the table's " + current.size());
    }
    if (schema.size() == current.size()) {
      return this;
    }
    evolved = base.metadata().withSchemaString(add.apply().toJson());
    writeBase = base.withMetadata(evolved);
    return this;
  }

  /** Whether the table has the change data feed on (so a delta that deletes rows must write change data). */
  public boolean changeDataFeedEnabled() {
    return RowChanges.cdfEnabled(base);
  }

  /** Whether the table wants deletion vectors written ({@code delta.enableDeletionVectors=true}). */
  public boolean deletionVectorsEnabled() {
    return RowChanges.dvEnabled(base);
  }

  /** Writes pending files and deletion vectors, and returns the actions the commit would contain. */
  public List<Action> apply() {
    List<Action> out = new ArrayList<>();
    if (evolved != null) {
      out.add(evolved);
    }
    out.addAll(plan().actions());
    return out;
  }

  public CommitResult commit() {
    checkOpen();
    DeltaPlan p;
    try {
      p = plan();
    } catch (RuntimeException e) {
      abortFiles();
      markDone();
      throw e;
    }
    Map<String, String> m = new LinkedHashMap<>(metrics);
    if (p.hasDvWork()) {
      // delta-spark's transform: "added" counts updated vectors too, and so does "removed"
      m.putIfAbsent(dvMetricNames[0], String.valueOf(p.dvAdded() + p.dvUpdated()));
      m.putIfAbsent(dvMetricNames[1], String.valueOf(p.dvRemoved() + p.dvUpdated()));
      m.putIfAbsent(dvMetricNames[2], String.valueOf(p.dvUpdated()));
    }
    ReadSet reads = new ReadSet(base.version(), wholeTable,
        conflictFilter == null ? null : Filters.addMatcher(conflictFilter, base), readPaths, Set.of());
    boolean removesData = !removed.isEmpty() || !deletes.isEmpty();
    Set<String> honoured = new HashSet<>(declared);
    if (!removesData) {
      honoured.add(WriterFeatures.CHANGE_DATA_FEED); // inserts only: the adds are the change feed
    }
    boolean blind = !removesData && reads.isBlind() && evolved == null;
    List<Action> actions = p.actions();
    if (evolved != null) { // the new schema first, as delta-spark writes it before the data
      actions = new ArrayList<>(actions);
      actions.add(0, evolved);
    }
    return commit(new CommitRequest(operation, parameters, m, actions, reads, blind, p.ownFiles(), null,
        WriterFeatures.with(honoured.toArray(String[]::new))));
  }

  /**
   * Audits the rows this delta adds (not {@link #copyWriter() copies}, nor files only given a deletion
   * vector) with {@code suite} before committing: a failing expectation that says {@code fail} commits
   * nothing and throws {@code ExpectationFailedException} with the results (its files deleted); the
   * results go into commitInfo. Rows failing a quarantining expectation go to {@link #quarantineTo} when
   * the delta only adds rows; a delta that also removes or deletes rows refuses quarantine
   * ({@link StagedCommitException.Kind#NOT_SUPPORTED}: its updated rows would leave the table). With
   * {@link #stage} the results are stored with the staged commit.
   */
  public RowDelta expect(io.tidelake.quality.ExpectationSuite suite) {
    checkOpen();
    this.suite = suite;
    return this;
  }

  /** The table that receives rows failing a quarantining expectation of {@link #expect}. */
  public RowDelta quarantineTo(Table table) {
    checkOpen();
    this.quarantine = table;
    return this;
  }

  /**
   * Writes the pending files and deletion vectors and keeps the delta as the staged commit {@code id}
   * instead of committing: its actions (adds, removes, deletion vectors, change data files) and read set
   * are persisted, and {@code publish()} commits them conflict-checked as {@link #commit()} would.
   *
   * @throws StagedCommitException ALREADY_EXISTS when the table has a staged commit with that id
   */
  public StagedCommit stage(String id) {
    return stageVia(id, suite, this::commit, this::abort);
  }

  @Override
  String stagedReadPredicate() {
    return conflictFilter == null ? null : Filters.toSql(conflictFilter);
  }

  /**
   * Deletes every file this delta wrote; nothing is committed. A no-op once {@link #commit()} was called:
   * a committed (or possibly committed) delta's files are the table's, and a failed commit cleaned up.
   */
  public void abort() {
    if (isDone()) {
      return;
    }
    abortFiles();
    markDone();
  }

  private void abortFiles() {
    for (DataWriter w : dataWriters) {
      w.close();
    }
    for (DataWriter w : copyWriters) {
      w.close();
    }
    if (changeWriter != null) {
      changeWriter.abort();
    }
    if (plan != null) {
      deleteQuietly(plan.ownFiles());
    }
    deleteQuietly(cleanup);
  }

  private void requireLive(AddFile f) {
    if (!base.isLive(f)) {
      throw new IllegalArgumentException("File " + f.path() + (f.deletionVector() == null ? ""
          : " with deletion vector " + f.deletionVector().uniqueId()) + " is not a live file of version "
          + base.version() + " of " + ctx.root() + "; pass the AddFile exactly as this delta's snapshot() lists it.");
    }
  }

  private DeltaPlan plan() {
    if (plan != null) {
      return plan;
    }
    List<AddFile> adds = new ArrayList<>(added);
    List<String> own = new ArrayList<>(cleanup);
    for (DataWriter w : dataWriters) {
      List<AddFile> files = w.finish();
      adds.addAll(files);
      own.addAll(locations(files));
    }
    Set<String> copies = new HashSet<>(copiedFiles);
    for (DataWriter w : copyWriters) {
      List<AddFile> files = w.finish();
      adds.addAll(files);
      own.addAll(locations(files));
      files.forEach(f -> copies.add(f.path()));
    }
    copiedFiles = copies;
    List<AddCDCFile> cdc = new ArrayList<>(cdcFiles);
    if (changeWriter != null) {
      List<AddCDCFile> files = changeWriter.finish();
      cdc.addAll(files);
      for (AddCDCFile c : files) {
        own.add(ctx.resolveDataPath(c.path()));
      }
    }
    try {
      plan = DeltaPlan.build(ctx, base, adds, new ArrayList<>(removed.values()), deletesAsMap(), cdc, own);
    } catch (RuntimeException e) {
      deleteQuietly(own); // the data and change files written for a delta that can no longer commit
      throw e;
    }
    return plan;
  }

  private Map<AddFile, DeletedRows> deletesAsMap() {
    Map<AddFile, DeletedRows> out = new LinkedHashMap<>();
    for (Deletes d : deletes.values()) {
      out.put(d.file(), d.rows());
    }
    return out;
  }
}
