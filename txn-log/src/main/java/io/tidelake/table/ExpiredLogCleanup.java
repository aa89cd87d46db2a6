package io.tidelake.table;

import io.tidelake.format.store.FileInfo;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.checkpoint.IntervalParser;
import io.tidelake.table.internal.log.LogLister;
import io.tidelake.table.internal.log.LogPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta's metadata cleanup (PROTOCOL "Metadata Cleanup"): the commit and checkpoint files that only
 * versions older than the log retention need are deleted. The cutoff commit is the newest commit
 * written before the cutoff; the newest complete checkpoint at or before it is kept with its own commit
 * file, and every commit, checkpoint and {@code .crc} file of an older version goes. With no such
 * checkpoint nothing is deleted (the older commits are still needed to rebuild a state).
 *
 * <p>It runs after every checkpoint Tidelake writes when {@code delta.enableExpiredLogCleanup} is true
 * (the default) with {@code delta.logRetentionDuration} (default 30 days), and on demand. Commit times
 * are the files' modification times. Time travel to a cleaned version then fails with
 * {@link VersionNotFoundException} naming the earliest version left.
 */
public final class ExpiredLogCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(ExpiredLogCleanup.class);
  public static final String ENABLED_PROPERTY = "delta.enableExpiredLogCleanup";
  public static final String RETENTION_PROPERTY = "delta.logRetentionDuration";
  public static final long DEFAULT_RETENTION_MILLIS = 30L * 86_400_000L;
  private static final Pattern CRC = Pattern.compile("(\\d{20})\\.crc");

  /**
   * What a cleanup did.
   *
   * @param checkpointVersion the checkpoint kept as the log's new start, or -1 when nothing could go
   * @param deleted the store locations deleted
   */
  public record Result(long checkpointVersion, List<String> deleted) {}

  private ExpiredLogCleanup() {}

  /** The table's log retention in ms ({@code delta.logRetentionDuration}, default 30 days). */
  public static long retentionMillis(Map<String, String> properties) {
    String v = properties.get(RETENTION_PROPERTY);
    return v == null ? DEFAULT_RETENTION_MILLIS : IntervalParser.toMillis(v, Long.MAX_VALUE);
  }

  /**
   * Deletes the log files that only versions committed before {@code cutoffMillis} need (see the class
   * comment). The cutoff is truncated to midnight UTC, as Delta does.
   */
  public static Result run(Table table, long cutoffMillis) {
    // deleting log files is a write: a table with a writer feature Tidelake does not honour (e.g.
    // checkpointProtection, which forbids deleting some checkpoints) is refused, as commits are
    Snapshot s = table.snapshot();
    io.tidelake.table.internal.replay.ProtocolSupport.checkWritable(s.protocol(), s.metadata(), s.schema(),
        s.location());
    return run(table.context(), cutoffMillis);
  }

  static Result run(TableContext ctx, long cutoffMillis) {
    long cutoff = Math.floorDiv(cutoffMillis, 86_400_000L) * 86_400_000L;
    LogLister.Listing listing = new LogLister(ctx.store(), ctx.root()).list(0);
    long cutoffCommit = -1;
    for (Map.Entry<Long, FileInfo> e : listing.commits().entrySet()) {
      if (e.getValue().modificationTime() <= cutoff) {
        cutoffCommit = e.getKey();
      } else {
        break; // later commits are younger (the protocol assumes increasing commit times)
      }
    }
    long keep = -1;
    for (Map.Entry<Long, List<FileInfo>> e : listing.checkpoints().headMap(cutoffCommit, true).descendingMap()
        .entrySet()) {
      if (LogLister.usableCheckpoint(e.getValue()) != null && listing.commits().containsKey(e.getKey())) {
        keep = e.getKey();
        break;
      }
    }
    if (keep <= 0) {
      return new Result(-1, List.of());
    }
    List<String> doomed = new ArrayList<>();
    for (FileInfo f : ctx.store().list(LogPaths.logDir(ctx.root()), null)) {
      long v = versionOf(f.name());
      if (v >= 0 && v < keep) {
        doomed.add(f.path());
      }
    }
    // oldest first: a reader that lists in between still finds a contiguous run up to the kept checkpoint
    doomed.sort(null);
    List<String> deleted = new ArrayList<>();
    for (String p : doomed) {
      if (ctx.store().delete(p)) {
        deleted.add(p);
      }
    }
    return new Result(keep, deleted);
  }

  /** After a checkpoint: cleans up when the table enables it; failures are logged, never thrown. */
  static void afterCheckpoint(TableContext ctx, Map<String, String> properties) {
    if (!"true".equalsIgnoreCase(properties.getOrDefault(ENABLED_PROPERTY, "true").trim())) {
      return;
    }
    long retention = retentionMillis(properties);
    if (retention == Long.MAX_VALUE) {
      return; // unparseable: keep everything
    }
    try {
      run(ctx, System.currentTimeMillis() - retention);
    } catch (RuntimeException e) {
      LOG.warn("Expired log cleanup of {} failed (the log is intact; it is retried after the next checkpoint): {}",
          ctx.root(), e.toString());
    }
  }

  /** The version of a commit, checkpoint or checksum file name, else -1. */
  private static long versionOf(String name) {
    long v = LogPaths.deltaVersion(name);
    if (v >= 0) {
      return v;
    }
    LogPaths.CheckpointName cp = LogPaths.checkpoint(name);
    if (cp != null) {
      return cp.version();
    }
    Matcher m = CRC.matcher(name);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
