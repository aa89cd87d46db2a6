package io.tidelake.table.internal.replay;

import io.tidelake.format.store.FileInfo;
import io.tidelake.table.CorruptLogException;
import io.tidelake.table.VersionNotFoundException;
import io.tidelake.table.actions.CommitInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Finds the newest version committed at or before a point in time (time travel by timestamp).
 *
 * <p>A commit's timestamp is its file's modification time, forced monotonic as delta-spark does, except
 * on tables with in-commit timestamps ({@code delta.enableInCommitTimestamps}): from the enablement version
 * on, each commit's {@code commitInfo.inCommitTimestamp} is the commit time (the protocol makes it strictly
 * increasing), and versions before it keep modification times. In-commit timestamps matter most where
 * modification times lie: a table copied, restored from a backup or moved between buckets has every
 * commit file stamped with the copy's time. The in-commit range is binary-searched, reading ~log2(n)
 * commit files.
 */
final class TimestampResolver {
  static final String ENABLEMENT_VERSION = "delta.inCommitTimestampEnablementVersion";
  static final String ENABLEMENT_TIMESTAMP = "delta.inCommitTimestampEnablementTimestamp";

  private final String tableRoot;
  private final LogReplay replay;

  TimestampResolver(String tableRoot, LogReplay replay) {
    this.tableRoot = tableRoot;
    this.replay = replay;
  }

  /**
   * @param latest the newest snapshot (its configuration says whether in-commit timestamps are on)
   * @param commits the commit files in the log, by version
   * @throws VersionNotFoundException when {@code epochMillis} is before the earliest commit still in the log
   */
  long versionAsOf(long epochMillis, SnapshotState latest, NavigableMap<Long, FileInfo> commits) {
    Map<String, String> conf = latest.metadata().configuration();
    if (!ProtocolSupport.inCommitTimestampsEnabled(latest.protocol(), latest.metadata())) {
      return byModificationTime(epochMillis, commits.headMap(latest.version(), true));
    }
    long enablementVersion = parseLong(conf.get(ENABLEMENT_VERSION), 0L);
    long enablementTime = parseLong(conf.get(ENABLEMENT_TIMESTAMP), Long.MIN_VALUE);
    if (enablementVersion > 0 && epochMillis < enablementTime) {
      return byModificationTime(epochMillis, commits.headMap(enablementVersion, false));
    }
    List<Long> versions = new ArrayList<>(commits.subMap(enablementVersion, true, latest.version(), true).keySet());
    if (versions.isEmpty() || versions.get(versions.size() - 1) != latest.version()) {
      versions.add(latest.version()); // the newest version's commit may be known only from a checkpoint
    }
    // binary search: the last version whose in-commit timestamp is <= epochMillis
    int lo = 0;
    int hi = versions.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long v = versions.get(mid);
      long ts = v == latest.version() ? latest.timestamp() : inCommitTimestamp(v, commits.get(v), enablementVersion);
      if (ts <= epochMillis) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found >= 0) {
      return versions.get(found);
    }
    if (enablementVersion > 0 && !commits.headMap(enablementVersion, false).isEmpty()) {
      return byModificationTime(epochMillis, commits.headMap(enablementVersion, false));
    }
    long first = versions.get(0);
    throw notFound(epochMillis, first == latest.version() ? latest.timestamp()
        : inCommitTimestamp(first, commits.get(first), enablementVersion));
  }

  private long inCommitTimestamp(long version, FileInfo commit, long enablementVersion) {
    Long ict = commit == null ? null : CommitInfo.inCommitTimestampOf(replay.readCommit(commit));
    if (ict != null) {
      return ict;
    }
    throw new CorruptLogException("Commit " + version + " of " + tableRoot + " has no commitInfo.inCommitTimestamp,"
        + " although in-commit timestamps are enabled from version " + enablementVersion + " (delta.enableInCommitTimestamps). A"
        + " writer that does not support the inCommitTimestamp feature wrote it. Time travel by version still"
        + " works; by timestamp it cannot be resolved past this commit.");
  }

  private long byModificationTime(long epochMillis, NavigableMap<Long, FileInfo> commits) {
    long chosen = -1;
    long prev = Long.MIN_VALUE;
    for (Map.Entry<Long, FileInfo> e : commits.entrySet()) {
      long ts = Math.max(e.getValue().modificationTime(), prev + 1); // forced monotonic, as delta-spark does
      prev = ts;
      if (ts <= epochMillis) {
        chosen = e.getKey();
      } else {
        break;
      }
    }
    if (chosen < 0) {
      throw notFound(epochMillis, commits.isEmpty() ? null : commits.firstEntry().getValue().modificationTime());
    }
    return chosen;
  }

  private VersionNotFoundException notFound(long epochMillis, Long earliest) {
    return new VersionNotFoundException("No version of " + tableRoot + " existed at " + Instant.ofEpochMilli(epochMillis)
        + "; the earliest commit in the log is from " + (earliest == null ? "none" : Instant.ofEpochMilli(earliest))
        + ".");
  }

  private static long parseLong(String s, long dflt) {
    if (s == null || s.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
