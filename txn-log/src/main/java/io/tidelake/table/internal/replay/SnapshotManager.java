package io.tidelake.table.internal.replay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.CorruptCheckpointException;
import io.tidelake.table.internal.codec.LastCheckpoint;
import io.tidelake.table.internal.log.LogLister;
import io.tidelake.table.internal.log.LogPaths;
import io.tidelake.table.internal.log.LogSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and caches the snapshots of one table. The newest snapshot is refreshed incrementally: one LIST
 * from the cached version on, and only the new commit files are read and applied. Older versions (time
 * travel) are cached by version in a small Caffeine cache.
 */
public final class SnapshotManager {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotManager.class);
  private final ObjectStore store;
  private final String tableRoot;
  private final LogLister lister;
  private final LogReplay replay;
  private final Cache<Long, SnapshotState> byVersion = Caffeine.newBuilder().maximumSize(8).build();
  private volatile SnapshotState latest;

  public SnapshotManager(ObjectStore store, String tableRoot, LogReplay replay) {
    this.store = store;
    this.tableRoot = tableRoot;
    this.lister = new LogLister(store, tableRoot);
    this.replay = replay;
  }

  /** The newest version, refreshed from storage. */
  public synchronized SnapshotState latest() {
    SnapshotState base = latest;
    if (base == null) {
      return remember(load(null));
    }
    LogLister.Listing newer = lister.list(base.version() + 1);
    if (newer.commits().isEmpty()) {
      return base;
    }
    List<FileInfo> commits = new ArrayList<>();
    long expected = base.version() + 1;
    for (Map.Entry<Long, FileInfo> e : newer.commits().entrySet()) {
      if (e.getKey() != expected) {
        // not contiguous from our version (log cleaned up under us, or a gap): load from scratch
        return remember(load(null));
      }
      commits.add(e.getValue());
      expected++;
    }
    return remember(replay.advance(base, commits));
  }

  public SnapshotState at(long version) {
    SnapshotState l = latest;
    if (l != null && l.version() == version) {
      return l;
    }
    SnapshotState cached = byVersion.getIfPresent(version);
    if (cached != null) {
      return cached;
    }
    if (l != null && version > l.version()) {
      l = latest();
      if (version == l.version()) {
        return l;
      }
    }
    SnapshotState s = load(version);
    byVersion.put(version, s);
    return s;
  }

  /**
   * The newest version whose commit timestamp is at or before {@code epochMillis}: in-commit timestamps
   * where the table has them, else commit-file modification times (see {@link TimestampResolver}).
   */
  public SnapshotState asOf(long epochMillis) {
    SnapshotState newest = latest();
    LogLister.Listing all = lister.list(0);
    return at(new TimestampResolver(tableRoot, replay).versionAsOf(epochMillis, newest, all.commits()));
  }

  /**
   * The state of {@code version} (null: the newest). A checkpoint that cannot be read is not fatal while
   * the log still holds another way to the version: an older checkpoint or the JSON commits it covers are
   * replayed instead (a warning names the checkpoint). Only when no complete path remains does the read
   * fail, naming the damaged checkpoint and the remedy.
   */
  private SnapshotState load(Long version) {
    LogSegment segment = lister.segment(version, hintVersion());
    while (true) {
      try {
        return replay.load(segment);
      } catch (CorruptCheckpointException damaged) {
        LogSegment around;
        try {
          around = lister.segmentWithCheckpointsBelow(segment.version(), damaged.checkpointVersion());
        } catch (TidelakeException noPath) {
          throw new CorruptCheckpointException(damaged.getFile(), damaged.checkpointVersion(), damaged.getMessage()
              + ". The log has no other complete way to version " + segment.version() + " (" + noPath.getMessage()
              + "). Restore the checkpoint from a backup (or the JSON commits up to version "
              + damaged.checkpointVersion() + " it replaced); until then this version of the table cannot be read.",
              damaged);
        }
        LOG.warn("{}; replaying {} instead (version {} of {}). Delete or rewrite the damaged checkpoint to"
            + " avoid this slower path.", damaged.getMessage(), around.hasCheckpoint()
            ? "the checkpoint of version " + around.checkpointVersion() + " and the commits after it"
            : "the JSON commits from version 0", segment.version(), tableRoot);
        segment = around;
      }
    }
  }

  public LogSegment segment(Long version) {
    return lister.segment(version, hintVersion());
  }

  private long hintVersion() {
    try {
      LastCheckpoint lc = LastCheckpoint.parse(store.readAll(LogPaths.logDir(tableRoot) + "/" + LogPaths.LAST_CHECKPOINT));
      return lc == null ? -1 : lc.version();
    } catch (ObjectNotFoundException e) {
      return -1;
    }
  }

  private SnapshotState remember(SnapshotState s) {
    latest = s;
    byVersion.put(s.version(), s);
    return s;
  }
}
