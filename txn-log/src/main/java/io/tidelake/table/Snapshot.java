package io.tidelake.table;

import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.types.SchemaJson;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
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

  public Protocol protocol() {
    return state.protocol();
  }

  /** The live data files. */
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

  /** Internal state, for the other Tidelake modules (compaction, streaming). */
  public SnapshotState state() {
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
