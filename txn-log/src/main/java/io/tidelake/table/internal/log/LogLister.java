package io.tidelake.table.internal.log;

import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.InvalidTableException;
import io.tidelake.table.TableNotFoundException;
import io.tidelake.table.VersionNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the {@link LogSegment} of a version by listing {@code _delta_log}. The {@code _last_checkpoint}
 * hint only decides where listing starts; a missing, stale or corrupt hint costs a longer listing, never
 * a wrong answer.
 */
public final class LogLister {
  private final ObjectStore store;
  private final String tableRoot;
  private final String logDir;

  public LogLister(ObjectStore store, String tableRoot) {
    this.store = store;
    this.tableRoot = tableRoot;
    this.logDir = LogPaths.logDir(tableRoot);
  }

  /** What a listing of the log found, from some version on. */
  public record Listing(TreeMap<Long, FileInfo> commits, TreeMap<Long, List<FileInfo>> checkpoints) {
    boolean isEmpty() {
      return commits.isEmpty() && checkpoints.isEmpty();
    }

    long latestVersion() {
      long v = commits.isEmpty() ? -1 : commits.lastKey();
      return checkpoints.isEmpty() ? v : Math.max(v, checkpoints.lastKey());
    }
  }

  /** Lists commits and checkpoints with version ≥ {@code fromVersion}. */
  public Listing list(long fromVersion) {
    TreeMap<Long, FileInfo> commits = new TreeMap<>();
    TreeMap<Long, List<FileInfo>> checkpoints = new TreeMap<>();
    for (FileInfo f : store.list(logDir, LogPaths.listFrom(fromVersion))) {
      String name = f.name();
      long v = LogPaths.deltaVersion(name);
      if (v >= 0) {
        commits.put(v, f);
        continue;
      }
      LogPaths.CheckpointName cp = LogPaths.checkpoint(name);
      if (cp != null) {
        checkpoints.computeIfAbsent(cp.version(), k -> new ArrayList<>()).add(f);
      }
    }
    return new Listing(commits, checkpoints);
  }

  /**
   * The segment for {@code targetVersion}, or for the newest version when it is null.
   *
   * @param hintVersion version from {@code _last_checkpoint}, or -1
   */
  public LogSegment segment(Long targetVersion, long hintVersion) {
    Listing listing = null;
    if (hintVersion >= 0 && (targetVersion == null || hintVersion <= targetVersion)) {
      listing = list(hintVersion);
      if (listing.checkpoints.get(hintVersion) == null || usableCheckpoint(listing.checkpoints.get(hintVersion)) == null) {
        listing = null; // the hint points at nothing usable: list everything
      }
    }
    if (listing == null) {
      listing = list(0);
    }
    if (listing.isEmpty()) {
      throw new TableNotFoundException(tableRoot);
    }
    return segment(listing, targetVersion);
  }

  /** Builds the segment from a listing that starts at or before the newest usable checkpoint. */
  public LogSegment segment(Listing listing, Long targetVersion) {
    return segment(listing, targetVersion, Long.MAX_VALUE);
  }

  /**
   * The segment of {@code targetVersion} (null: the newest) using only checkpoints below
   * {@code checkpointsBelow}, listing the whole log: for replaying around a damaged checkpoint.
   */
  public LogSegment segmentWithCheckpointsBelow(Long targetVersion, long checkpointsBelow) {
    Listing listing = list(0);
    if (listing.isEmpty()) {
      throw new TableNotFoundException(tableRoot);
    }
    return segment(listing, targetVersion, checkpointsBelow);
  }

  private LogSegment segment(Listing listing, Long targetVersion, long checkpointsBelow) {
    long latest = listing.latestVersion();
    long target = targetVersion == null ? latest : targetVersion;
    if (target > latest) {
      throw new VersionNotFoundException("Cannot load version " + target + " of " + tableRoot
          + ": the newest version is " + latest + ".");
    }
    if (target < 0) {
      throw new VersionNotFoundException("Version must not be negative, got " + target + ".");
    }
    long lastCommit = listing.commits.isEmpty() ? -1 : listing.commits.lastKey();
    if (target > lastCommit) {
      throw checkpointWithoutCommit(listing, target, lastCommit);
    }
    long cpVersion = -1;
    List<FileInfo> cpParts = List.of();
    long cpLimit = Math.min(target, checkpointsBelow - 1);
    for (Map.Entry<Long, List<FileInfo>> e : listing.checkpoints.headMap(cpLimit, true).descendingMap().entrySet()) {
      List<FileInfo> usable = usableCheckpoint(e.getValue());
      if (usable != null) {
        cpVersion = e.getKey();
        cpParts = usable;
        break;
      }
    }
    List<FileInfo> commits = new ArrayList<>();
    long expected = cpVersion + 1;
    Map<Long, FileInfo> after = cpVersion >= target ? Map.of() : listing.commits.subMap(cpVersion + 1, true, target, true);
    for (Map.Entry<Long, FileInfo> e : after.entrySet()) {
      if (e.getKey() != expected) {
        throw gap(listing, expected, e.getKey());
      }
      commits.add(e.getValue());
      expected++;
    }
    if (expected != target + 1) {
      if (cpVersion < 0 && listing.commits.isEmpty()) {
        throw new TableNotFoundException(tableRoot);
      }
      if (cpVersion < 0 && !listing.commits.isEmpty() && listing.commits.firstKey() > 0) {
        throw new VersionNotFoundException("Cannot load version " + target + " of " + tableRoot
            + ": the log starts at version " + listing.commits.firstKey()
            + " (older commits were cleaned up) and no checkpoint at or before " + target + " remains.");
      }
      throw gap(listing, expected, target);
    }
    return new LogSegment(target, cpVersion, cpParts, commits, listing.commits.get(target));
  }

  /**
   * A checkpoint newer than the newest commit file: a checkpoint is only ever written after its commit, so
   * the commit was lost (or the checkpoint copied in from elsewhere), and the table's true latest version
   * is unknown. Delta Kernel 4.4 refuses such a log ("Missing delta file for version N"); so do we, rather
   * than trust a state no commit vouches for. Versions the commits cover stay readable by time travel.
   */
  private InvalidTableException checkpointWithoutCommit(Listing listing, long target, long lastCommit) {
    if (lastCommit < 0 && !listing.checkpoints.isEmpty()) {
      Listing all = list(0); // the listing began at the checkpoint (the hint): find the real newest commit
      lastCommit = all.commits.isEmpty() ? -1 : all.commits.lastKey();
    }
    String newest = lastCommit < 0 ? "there is no commit file at all"
        : "the newest commit file is " + LogPaths.deltaFileName(lastCommit);
    return new InvalidTableException(tableRoot, "the log has a checkpoint of version " + target + " but no commit "
        + "file " + LogPaths.deltaFileName(target) + " (" + newest + "). A checkpoint is written only after its "
        + "commit, so that commit was lost or the checkpoint does not belong to this table. Restore "
        + LogPaths.deltaFileName(target) + " (and any commits before it) from a backup, or delete the stray "
        + "checkpoint files of version " + target + " (and _last_checkpoint if it names that version)"
        + (lastCommit >= 0 ? " to make version " + lastCommit + " the newest again" : "") + ".");
  }

  private InvalidTableException gap(Listing listing, long missing, long next) {
    return new InvalidTableException(tableRoot, "missing commit file " + LogPaths.deltaFileName(missing)
        + ": versions are not contiguous (found " + listing.commits.keySet() + "). "
        + "A commit file was deleted or never fully copied; restore it from a backup, "
        + "or read an older version that does not need it.");
  }

  /**
   * The files of one complete checkpoint among those found for a version, or null if none is complete.
   * A single classic or V2 file is complete by itself; a multi-part checkpoint needs all its parts.
   */
  public static List<FileInfo> usableCheckpoint(List<FileInfo> files) {
    FileInfo v2 = null;
    Map<Integer, TreeMap<Integer, FileInfo>> multi = new TreeMap<>();
    for (FileInfo f : files) {
      LogPaths.CheckpointName n = LogPaths.checkpoint(f.name());
      switch (n.kind()) {
        case CLASSIC:
          return List.of(f);
        case V2_JSON:
        case V2_PARQUET:
          v2 = f;
          break;
        case MULTI_PART:
          multi.computeIfAbsent(n.parts(), k -> new TreeMap<>()).put(n.part(), f);
          break;
        default:
          break;
      }
    }
    if (v2 != null) {
      return List.of(v2);
    }
    for (Map.Entry<Integer, TreeMap<Integer, FileInfo>> e : multi.entrySet()) {
      if (e.getValue().size() == e.getKey()) {
        return new ArrayList<>(e.getValue().values());
      }
    }
    return null;
  }
}
