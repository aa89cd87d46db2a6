package io.tidelake.table.internal.replay;

import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.FileKey;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import io.tidelake.table.internal.DataPaths;
import java.util.HashMap;
import java.util.Map;

/**
 * Mutable log replay, oldest action first: a later action for the same key replaces an earlier one,
 * which gives the same result as the newest-first "seen set" replay of Spark and Kernel.
 */
public final class ReplayAccumulator {
  private Protocol protocol;
  private Metadata metadata;
  private final Map<String, SetTransaction> txns;
  private final Map<String, DomainMetadata> domains;
  private final LayeredMap.Builder<FileKey, AddFile> files;
  private final LayeredMap.Builder<FileKey, RemoveFile> tombstones;

  /** For keys: the table root that equivalent path spellings resolve against (null: exact strings). */
  private final String root;

  public ReplayAccumulator() {
    this((String) null);
  }

  /** A replay whose file keys are canonical paths under {@code root} (see {@link DataPaths#canonical}). */
  public ReplayAccumulator(String root) {
    this.root = root;
    txns = new HashMap<>();
    domains = new HashMap<>();
    files = LayeredMap.builder();
    tombstones = LayeredMap.builder();
  }

  /**
   * Starts from an existing state (incremental refresh). The base stays immutable: the file and tombstone
   * maps share the base's entries and record only the changes (see {@link LayeredMap}).
   */
  public ReplayAccumulator(SnapshotState base, String root) {
    this.root = root;
    protocol = base.protocol();
    metadata = base.metadata();
    txns = new HashMap<>(base.txns());
    domains = new HashMap<>(base.domains());
    files = LayeredMap.builder(base.files());
    tombstones = LayeredMap.builder(base.tombstones());
  }

  public void apply(Action action) {
    if (action instanceof AddFile add) {
      FileKey key = FileKey.of(key(add.path()), add.deletionVector());
      if (!tombstones.isEmpty()) {
        tombstones.remove(key);
      }
      files.put(key, add); // a re-add (stats refresh, RESTORE) moves to the end: iteration follows the newest add
    } else if (action instanceof RemoveFile remove) {
      FileKey key = FileKey.of(key(remove.path()), remove.deletionVector());
      files.remove(key);
      tombstones.put(key, remove);
    } else if (action instanceof Metadata m) {
      metadata = m;
    } else if (action instanceof Protocol p) {
      protocol = p;
    } else if (action instanceof SetTransaction t) {
      txns.put(t.appId(), t);
    } else if (action instanceof DomainMetadata d) {
      if (d.removed()) {
        domains.remove(d.domain());
      } else {
        domains.put(d.domain(), d);
      }
    }
    // commitInfo, cdc, checkpointMetadata and sidecar carry no table state
  }

  private String key(String path) {
    return root == null ? path : DataPaths.canonical(root, path);
  }

  public Protocol protocol() {
    return protocol;
  }

  public Metadata metadata() {
    return metadata;
  }

  public SnapshotState build(long version, long timestamp, boolean timestampIsInCommit) {
    return new SnapshotState(version, timestamp, timestampIsInCommit, protocol, metadata, txns, domains,
        files.build(), tombstones.build());
  }
}
