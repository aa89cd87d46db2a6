package io.tidelake.table.internal.checkpoint;

import io.tidelake.format.Row;
import io.tidelake.format.parquet.ParquetBytes;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.internal.codec.LastCheckpoint;
import io.tidelake.table.internal.log.LogPaths;
import io.tidelake.table.internal.replay.SnapshotState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the classic single-file checkpoint {@code <v>.checkpoint.parquet} of a state, then the
 * {@code _last_checkpoint} hint. The Parquet file is built in memory and published with put-if-absent,
 * so a crash never leaves a half-written checkpoint under a valid name (and an existing checkpoint of
 * the version, from another writer, is kept). Expired tombstones are left out, as the protocol allows.
 *
 * <p>Memory: about the compressed checkpoint size (roughly 100 bytes per live file); a table with
 * millions of files would want multi-file (V2 sidecar) checkpoints instead.
 */
public final class CheckpointWriter {
  /** Delta's default tombstone retention ({@code delta.deletedFileRetentionDuration}). */
  static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofDays(7);

  private final ObjectStore store;
  private final String tableRoot;

  public CheckpointWriter(ObjectStore store, String tableRoot) {
    this.store = store;
    this.tableRoot = tableRoot;
  }

  /** Writes the checkpoint; returns false if one already existed for the version. */
  public boolean write(SnapshotState state) {
    List<Action> actions = actionsOf(state, System.currentTimeMillis());
    byte[] parquet = toParquet(actions, ParsedColumns.forTable(state.protocol(), state.metadata()),
        ParsedColumns.writeStatsAsJson(state.metadata()));
    String path = LogPaths.logDir(tableRoot) + "/" + LogPaths.classicCheckpointName(state.version());
    boolean created = store.putIfAbsent(path, parquet);
    int adds = state.files().size();
    LastCheckpoint hint = new LastCheckpoint(state.version(), (long) actions.size(), null, (long) parquet.length,
        (long) adds, null);
    store.put(LogPaths.logDir(tableRoot) + "/" + LogPaths.LAST_CHECKPOINT, hint.toJson());
    return created;
  }

  static List<Action> actionsOf(SnapshotState state, long now) {
    List<Action> out = new ArrayList<>(state.files().size() + state.tombstones().size() + 4);
    out.add(state.protocol());
    out.add(state.metadata());
    out.addAll(state.txns().values());
    out.addAll(state.domains().values());
    long retention = retentionMs(state);
    long cutoff = retention == Long.MAX_VALUE ? Long.MIN_VALUE : now - retention;
    for (RemoveFile r : state.tombstones().values()) {
      if (r.deletionTimestamp() == null || r.deletionTimestamp() > cutoff) {
        out.add(r);
      }
    }
    for (AddFile a : state.files().values()) {
      out.add(a.dataChange() ? a.withDataChange(false) : a); // checkpoints record state, not changes
    }
    return out;
  }

  private static long retentionMs(SnapshotState state) {
    String v = state.metadata().configuration().get("delta.deletedFileRetentionDuration");
    if (v == null) {
      return DEFAULT_TOMBSTONE_RETENTION.toMillis();
    }
    // unparseable: keep every tombstone rather than let another engine's VACUUM delete files too early
    return IntervalParser.toMillis(v, Long.MAX_VALUE);
  }

  private static byte[] toParquet(List<Action> actions, ParsedColumns parsed, boolean statsAsJson) {
    StructType schema = parsed == null ? CheckpointSchema.WRITE
        : CheckpointSchema.write(parsed.partitionValuesType(), parsed.statsType());
    List<Row> rows = new java.util.ArrayList<>(actions.size());
    for (Action a : actions) {
      rows.add(CheckpointRows.toRow(a, schema, parsed, statsAsJson));
    }
    return ParquetBytes.write(schema, rows.iterator());
  }
}
