package io.tidelake.table.internal.replay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.internal.codec.LastCheckpoint;
import io.tidelake.table.internal.log.LogLister;
import io.tidelake.table.internal.log.LogPaths;
import io.tidelake.table.internal.log.LogSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads and caches the snapshots of one table. The newest snapshot is refreshed incrementally: one LIST
 * from the cached version on, and only the new commit files are read and applied. Older versions (time
 * travel) are cached by version in a small Caffeine cache.
 */
public final class SnapshotManager {
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
      return remember(replay.load(lister.segment(null, hintVersion())));
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
        return remember(replay.load(lister.segment(null, hintVersion())));
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
    SnapshotState s = replay.load(lister.segment(version, hintVersion()));
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
