package io.tidelake.table.internal;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.internal.checkpoint.CheckpointReader;
import io.tidelake.table.internal.checkpoint.CheckpointWriter;
import io.tidelake.table.internal.replay.LogReplay;
import io.tidelake.table.internal.replay.SnapshotManager;

/**
 * Everything one open table shares between its snapshots and pending updates: the store, the
 * normalised root location, the snapshot cache and the checkpoint machinery.
 */
public final class TableContext {
  public static final String ENGINE_INFO = "Tidelake/" + Version.current();

  private final ObjectStore store;
  private final String root;
  private final LogReplay replay;
  private final SnapshotManager snapshots;
  private final CheckpointWriter checkpointWriter;
  /**
   * Data columns (Parquet dotted paths) whose dictionary a file written through this table gave up on:
   * later files write them plain from the start (see {@code TableDataWriter.withoutDictionary}). Learned
   * per open table, in memory; never affects what readers see, only how values are encoded.
   */
  private final java.util.Set<String> plainColumns = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public TableContext(ObjectStore store, String root) {
    this.store = store;
    this.root = root;
    CheckpointReader reader = new io.tidelake.table.internal.checkpoint.ParquetCheckpointReader();
    this.replay = new LogReplay(store, root, reader);
    this.snapshots = new SnapshotManager(store, root, replay);
    this.checkpointWriter = new CheckpointWriter(store, root);
  }

  public ObjectStore store() {
    return store;
  }

  public String root() {
    return root;
  }

  public LogReplay replay() {
    return replay;
  }

  public SnapshotManager snapshots() {
    return snapshots;
  }

  public CheckpointWriter checkpointWriter() {
    return checkpointWriter;
  }

  /** The columns new data files of this table write without a dictionary (a snapshot of the set). */
  public java.util.Set<String> plainColumns() {
    return java.util.Set.copyOf(plainColumns);
  }

  /** Records columns whose dictionary a finished file fell back from. */
  public void learnPlainColumns(java.util.Set<String> columns) {
    plainColumns.addAll(columns);
  }

  /** Absolute location of a file named by an add/remove path (URL-decoded once, relative to the root). */
  public String resolveDataPath(String logPath) {
    return io.tidelake.table.internal.DataPaths.resolve(store, root, logPath);
  }
}
