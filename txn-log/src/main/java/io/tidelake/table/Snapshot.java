package io.tidelake.table;

import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.types.SchemaJson;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import io.tidelake.table.internal.ColumnMapping;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.replay.SnapshotState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** An immutable view of a table at one version. Cheap to hold; scans of it see exactly that version. */
public final class Snapshot {
  private final TableContext ctx;
  private final SnapshotState state;
  private volatile StructType schema;
  private volatile List<AddFile> ordered;

  Snapshot(TableContext ctx, SnapshotState state) {
    this.ctx = ctx;
    this.state = state;
  }

  public long version() {
    return state.version();
  }

  /** Commit time of this version, epoch ms. */
  public long timestamp() {
    return state.timestamp();
  }

  public String location() {
    return ctx.root();
  }

  public StructType schema() {
    StructType s = schema;
    if (s == null) {
      s = SchemaJson.parse(state.metadata().schemaString());
      schema = s;
    }
    return s;
  }

  /** The columns that are stored in files (the schema without partition columns). */
  public StructType dataSchema() {
    List<String> parts = partitionColumns();
    return schema().without(f -> parts.contains(f.name()));
  }

  /**
   * How data files, partition values and stats name this table's columns: by display name, physical
   * name or field id (PROTOCOL.md "Column Mapping").
   */
  public ColumnMappingMode columnMappingMode() {
    return ColumnMapping.mode(state.protocol(), state.metadata(), ctx.root());
  }

  public List<String> partitionColumns() {
    return state.metadata().partitionColumns();
  }

  public Map<String, String> properties() {
    return state.metadata().configuration();
  }

  public Metadata metadata() {
    return state.metadata();
  }

  /** This version as a writer would see it with {@code metadata} committed on top (a schema-evolving write). */
  Snapshot withMetadata(Metadata metadata) {
    SnapshotState s = state;
    return new Snapshot(ctx, new SnapshotState(s.version(), s.timestamp(), s.timestampIsInCommit(), s.protocol(),
        metadata, s.txns(), s.domains(), s.files(), s.tombstones()));
  }

  public Protocol protocol() {
    return state.protocol();
  }

  /**
   * The live data files, in no particular order (the fastest view; see {@link #filesInOrder()} for a
   * stable one).
   */
  public Collection<AddFile> files() {
    return state.files().values();
  }

  public int numFiles() {
    return state.files().size();
  }

  public long sizeInBytes() {
    long total = 0;
    for (AddFile f : state.files().values()) {
      total += f.size();
    }
    return total;
  }

  /** The last committed txn version of an application (idempotent writes), if any. */
  public OptionalLong transactionVersion(String appId) {
    SetTransaction t = state.txns().get(appId);
    return t == null ? OptionalLong.empty() : OptionalLong.of(t.version());
  }

  public Map<String, SetTransaction> transactions() {
    return state.txns();
  }

  public Optional<DomainMetadata> domain(String name) {
    return Optional.ofNullable(state.domains().get(name));
  }

  /** A scan of this snapshot: choose columns and a filter, then plan files or read rows. */
  public Scan newScan() {
    return new Scan(ctx, this);
  }

  /**
   * The live files in a stable order: by path, then deletion vector id. The same snapshot gives the same
   * order in every process, so workers can split the files by position and a reader can resume at an
   * index (as Delta's streaming source does for its initial snapshot). Sorted on first use and kept.
   */
  public List<AddFile> filesInOrder() {
    List<AddFile> sorted = ordered;
    if (sorted == null) {
      sorted = new java.util.ArrayList<>(state.files().values());
      sorted.sort(java.util.Comparator.comparing(AddFile::path).thenComparing(
          a -> a.deletionVector() == null ? "" : a.deletionVector().uniqueId()));
      sorted = java.util.Collections.unmodifiableList(sorted);
      ordered = sorted;
    }
    return sorted;
  }

  /** Whether {@code add} (path and deletion vector) is a live file of this version. */
  public boolean isLive(AddFile add) {
    return state.files().containsKey(io.tidelake.table.actions.FileKey.of(
        io.tidelake.table.internal.DataPaths.canonical(ctx.root(), add.path()), add.deletionVector()));
  }

  /**
   * The live rows of one of this snapshot's files with their physical row indexes ({@code rowIndex()} of
   * the iterator): rows its deletion vector deletes are skipped. This is how DELETE, UPDATE and MERGE find
   * the positions of the rows they change. With {@code skipPredicate} (bound to the table schema, may be
   * null) pages whose page-index bounds rule it out are not decoded; rows are still not filtered by it.
   *
   * @param columns the columns to read (of the table schema, partition columns included), null for all
   */
  public io.tidelake.format.parquet.PositionedRowIterator readFile(AddFile file, List<String> columns,
      io.tidelake.format.predicate.Predicate skipPredicate) {
    StructType readSchema = columns == null ? schema() : schema().select(columns);
    ScanFile f = new ScanFile(file, ctx.resolveDataPath(file.path()), io.tidelake.table.internal.Filters
        .typedPartitionValues(file, ColumnMapping.resolutionSchema(schema(), columnMappingMode()), partitionColumns()));
    return io.tidelake.table.internal.Filters.readFileIndexed(ctx, this, f, readSchema,
        skipPredicate == null ? null : io.tidelake.table.internal.Filters.bind(skipPredicate, schema()));
  }

  /**
   * The live rows of {@code file} at the physical row indexes {@code positions}, with their indexes: how
   * an UPDATE by deletion vector re-reads the rows it changes. Row groups without a chosen row are not
   * read; inside a row group every row is decoded and only the chosen ones are returned.
   */
  public io.tidelake.format.parquet.PositionedRowIterator readRows(AddFile file, List<String> columns,
      io.tidelake.format.dv.DeletedRows positions) {
    StructType readSchema = columns == null ? schema() : schema().select(columns);
    ScanFile f = new ScanFile(file, ctx.resolveDataPath(file.path()), io.tidelake.table.internal.Filters
        .typedPartitionValues(file, ColumnMapping.resolutionSchema(schema(), columnMappingMode()), partitionColumns()));
    return io.tidelake.table.internal.Filters.readFileRows(ctx, this, f, readSchema, positions);
  }

  /** Remove tombstones still within the retention period (what VACUUM must not delete yet). */
  public Collection<RemoveFile> tombstones() {
    return state.tombstones().values();
  }

  /** Whether {@link #timestamp()} is the version's in-commit timestamp (else a file modification time). */
  public boolean timestampIsInCommit() {
    return state.timestampIsInCommit();
  }

  /** Internal state, for txn-log itself (checkpoints). */
  SnapshotState state() {
    return state;
  }

  TableContext context() {
    return ctx;
  }

  @Override
  public String toString() {
    return "Snapshot{" + ctx.root() + " v" + version() + ", " + numFiles() + " files}";
  }
}
